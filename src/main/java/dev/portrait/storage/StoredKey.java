package dev.portrait.storage;

import java.time.Instant;

/**
 * One entry of {@link BlobStore#list()}.
 *
 * @param key the blob's key, as returned by {@link BlobStore#put}
 * @param lastModified when the blob was written, so a sweeper can leave very recent blobs alone
 *     (their database row may not be committed yet)
 */
public record StoredKey(String key, Instant lastModified) {}
