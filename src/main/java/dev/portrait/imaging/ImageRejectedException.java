package dev.portrait.imaging;

/**
 * The upload cannot become a picture. The message is written for the client and never carries
 * libvips' own error text.
 */
public class ImageRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the upload was refused; stable, so callers can map each to an error code. */
    public enum Reason {
        /** Not one of the accepted formats, judged by the file's own bytes. */
        UNSUPPORTED_FORMAT,
        /** The bytes claim an accepted format but do not decode cleanly. */
        CORRUPT_IMAGE,
        /** More pixels than the configured limit, refused from the header before decoding. */
        IMAGE_TOO_LARGE
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
