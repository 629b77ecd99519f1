package dev.portrait.storage;

import java.io.Serial;

/** Thrown when the storage behind a {@link BlobStore} fails: I/O errors, S3 errors, corrupt data. */
public class BlobStoreException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    BlobStoreException(String message) {
        super(message);
    }
}
