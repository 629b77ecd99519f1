package dev.portrait.media;

import java.util.UUID;

/** One stored rendition of a picture, as the database keeps it. */
record RenditionRow(
        UUID mediaId,
        String name,
        String blobKey,
        String mimeType,
        int byteSize,
        int width,
        int height,
        String sha256) {}
