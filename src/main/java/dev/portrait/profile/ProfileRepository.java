package dev.portrait.profile;

import static dev.portrait.SqlTimestamps.utc;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ProfileRepository {

    private final JdbcClient jdbc;

    ProfileRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts; the primary key on the user id makes a second profile impossible, even in a race. */
    void insert(UUID userId, String bio, Instant now) {
        jdbc.sql("""
                        insert into profiles (user_id, bio, picture_media_id, version, created_at, updated_at)
                        values (:userId, :bio, null, 0, :now, :now)
                        """)
                .param("userId", userId)
                .param("bio", bio)
                .param("now", utc(now))
                .update();
    }

    Optional<ProfileRow> find(UUID userId) {
        return jdbc.sql("""
                        select p.user_id, u.username, p.bio, p.picture_media_id, p.version, p.created_at, p.updated_at
                        from profiles p join users u on u.id = p.user_id
                        where p.user_id = :userId
                        """).param("userId", userId).query(ProfileRow.class).optional();
    }

    /** Changes the bio; false when there is no profile. */
    boolean updateBio(UUID userId, String bio, Instant now) {
        return jdbc.sql("""
                                update profiles set bio = :bio, version = version + 1, updated_at = :now
                                where user_id = :userId
                                """)
                        .param("bio", bio)
                        .param("now", utc(now))
                        .param("userId", userId)
                        .update()
                == 1;
    }

    /**
     * Locks the user's row until the transaction ends, so that picture changes of one user happen
     * one after the other, on H2 and PostgreSQL alike, whether or not a profile exists yet.
     *
     * @return false when there is no such user
     */
    boolean lockUser(UUID userId) {
        return jdbc.sql("select id from users where id = :userId for update")
                .param("userId", userId)
                .query(UUID.class)
                .optional()
                .isPresent();
    }

    /** Points the profile at another picture, or none; false when there is no profile. */
    boolean updatePicture(UUID userId, @Nullable UUID mediaId, Instant now) {
        return jdbc.sql("""
                                update profiles set picture_media_id = :mediaId, version = version + 1, updated_at = :now
                                where user_id = :userId
                                """)
                        .param("mediaId", mediaId)
                        .param("now", utc(now))
                        .param("userId", userId)
                        .update()
                == 1;
    }
}
