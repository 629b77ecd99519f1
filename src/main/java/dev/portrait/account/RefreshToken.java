package dev.portrait.account;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored refresh token: only the SHA-256 of its value is kept. Tokens rotated from one login form
 * a family; replaying a used token revokes the family, since one of the two holders is a thief.
 */
record RefreshToken(
        UUID id,
        UUID userId,
        UUID familyId,
        String tokenHash,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant usedAt,
        @Nullable Instant revokedAt) {

    boolean spent() {
        return usedAt != null || revokedAt != null;
    }
}
