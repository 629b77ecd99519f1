package dev.portrait.profile;

import dev.portrait.media.Picture;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A profile as the API shows it to anyone: no email.
 *
 * @param picture the current picture, or null when there is none
 */
public record Profile(
        UUID userId, String username, String bio, @Nullable Picture picture, Instant createdAt, Instant updatedAt) {

    static Profile of(ProfileRow row, @Nullable Picture picture) {
        return new Profile(row.userId(), row.username(), row.bio(), picture, row.createdAt(), row.updatedAt());
    }
}
