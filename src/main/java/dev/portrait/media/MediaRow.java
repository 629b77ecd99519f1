package dev.portrait.media;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One uploaded picture, as the database keeps it. */
record MediaRow(
        UUID id,
        UUID uploaderId,
        @Nullable String originalFilename,
        String sourceFormat,
        long uploadBytes,
        int width,
        int height,
        String placeholderColor,
        String receipt,
        long views,
        Instant createdAt,
        @Nullable Instant deletedAt,
        @Nullable Instant purgedAt) {}
