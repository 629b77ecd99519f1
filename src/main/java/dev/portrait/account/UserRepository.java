package dev.portrait.account;

import static dev.portrait.SqlTimestamps.utc;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts; the unique constraints on the lower-cased email and username decide races. */
    void insert(User user) {
        jdbc.sql("""
                        insert into users (id, email, email_key, username, username_key, password_hash, created_at, updated_at)
                        values (:id, :email, :emailKey, :username, :usernameKey, :hash, :now, :now)
                        """)
                .param("id", user.id())
                .param("email", user.email())
                .param("emailKey", key(user.email()))
                .param("username", user.username())
                .param("usernameKey", key(user.username()))
                .param("hash", user.passwordHash())
                .param("now", utc(user.createdAt()))
                .update();
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("select id, email, username, password_hash, created_at from users where id = :id")
                .param("id", id)
                .query(User.class)
                .optional();
    }

    Optional<User> findByEmail(String email) {
        return jdbc.sql("select id, email, username, password_hash, created_at from users where email_key = :key")
                .param("key", key(email))
                .query(User.class)
                .optional();
    }

    boolean exists(UUID id) {
        return jdbc.sql("select count(*) from users where id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    boolean emailTaken(String email) {
        return jdbc.sql("select count(*) from users where email_key = :key")
                        .param("key", key(email))
                        .query(Long.class)
                        .single()
                > 0;
    }

    boolean usernameTaken(String username) {
        return jdbc.sql("select count(*) from users where username_key = :key")
                        .param("key", key(username))
                        .query(Long.class)
                        .single()
                > 0;
    }

    static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
