package dev.portrait.profile;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A profile as stored, joined with its owner's username; never leaves this feature. */
record ProfileRow(
        UUID userId,
        String username,
        String bio,
        @Nullable UUID pictureMediaId,
        long version,
        Instant createdAt,
        Instant updatedAt) {}
