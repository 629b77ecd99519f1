package dev.portrait.storage;

import java.util.Arrays;

/**
 * A blob read from a {@link BlobStore}.
 *
 * <p>Each {@link BlobStore#get} returns a freshly read array that nothing else references, so the
 * record hands it over without copying; pictures are read on every view and copying megabytes
 * for no one would only feed the garbage collector.
 *
 * @param content the stored bytes, owned by the caller
 * @param contentType the media type given to {@link BlobStore#put}
 */
@SuppressWarnings("ArrayRecordComponent") // see above; equals and hashCode compare contents
public record Blob(byte[] content, String contentType) {

    /** The number of bytes in {@link #content()}. */
    public long size() {
        return content.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Blob blob
                && Arrays.equals(content, blob.content)
                && contentType.equals(blob.contentType);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(content) + contentType.hashCode();
    }

    @Override
    public String toString() {
        return "Blob[size=" + content.length + ", contentType=" + contentType + "]";
    }
}
