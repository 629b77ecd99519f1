package dev.portrait.storage;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Write-once storage for opaque blobs such as encoded profile pictures.
 *
 * <p>The store, not the caller, names every blob: {@link #put} returns a fresh random key of the
 * form {@code ab/ab0123...} (two hex characters, a slash, then 32 lower-case hex characters
 * starting with the same two). Every other method accepts only keys of exactly that form and
 * throws {@link InvalidBlobKeyException} for anything else, so no caller-supplied string ever
 * reaches a file path or an object key. An invalid key is a bug in the caller (keys come from
 * our own database), which is why it fails loudly instead of reading as "not found".
 *
 * <p>Failures of the underlying storage surface as {@link BlobStoreException}.
 */
public interface BlobStore {

    /**
     * Stores a new blob under a new random key. Never replaces an existing blob; readers never
     * see a partially written one.
     *
     * @param content the bytes to store; the store keeps its own copy
     * @param contentType a media type without parameters, such as {@code image/webp}
     * @return the new key
     * @throws IllegalArgumentException if {@code contentType} is not a bare media type
     */
    String put(byte[] content, String contentType);

    /**
     * Reads a blob into memory; blobs here are small (a few megabytes at most).
     *
     * @return the blob, or empty if no blob has that key (never stored, or deleted)
     * @throws InvalidBlobKeyException if {@code key} is not a key this store could have issued
     */
    Optional<Blob> get(String key);

    /**
     * Deletes a blob if present; deleting a missing blob is not an error.
     *
     * @return whether this call found the blob
     * @throws InvalidBlobKeyException if {@code key} is not a key this store could have issued
     */
    boolean delete(String key);

    /**
     * Lists every blob in the store, lazily and in no particular order. Anything in the
     * underlying storage that is not a complete blob (temporary files, foreign objects) is
     * skipped. The stream may hold open resources: close it, for example with
     * try-with-resources.
     */
    Stream<StoredKey> list();
}
