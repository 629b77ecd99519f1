package dev.portrait.account;

import static dev.portrait.SqlTimestamps.utc;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RefreshTokenRepository {

    private final JdbcClient jdbc;

    RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(RefreshToken token) {
        jdbc.sql("""
                        insert into refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)
                        values (:id, :userId, :familyId, :hash, :createdAt, :expiresAt)
                        """)
                .param("id", token.id())
                .param("userId", token.userId())
                .param("familyId", token.familyId())
                .param("hash", token.tokenHash())
                .param("createdAt", utc(token.createdAt()))
                .param("expiresAt", utc(token.expiresAt()))
                .update();
    }

    Optional<RefreshToken> findByHash(String hash) {
        return jdbc.sql("""
                        select id, user_id, family_id, token_hash, created_at, expires_at, used_at, revoked_at
                        from refresh_tokens where token_hash = :hash
                        """).param("hash", hash).query(RefreshToken.class).optional();
    }

    /** Marks the token used; false when another request used or revoked it first. */
    boolean markUsed(UUID id, Instant now) {
        return jdbc.sql(
                                "update refresh_tokens set used_at = :now where id = :id and used_at is null and revoked_at is null")
                        .param("now", utc(now))
                        .param("id", id)
                        .update()
                == 1;
    }

    void revokeFamily(UUID familyId, Instant now) {
        jdbc.sql("update refresh_tokens set revoked_at = :now where family_id = :family and revoked_at is null")
                .param("now", utc(now))
                .param("family", familyId)
                .update();
    }
}
