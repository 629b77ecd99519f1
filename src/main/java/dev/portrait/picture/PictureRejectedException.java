package dev.portrait.picture;

import dev.portrait.ProblemException;
import dev.portrait.imaging.ImageRejectedException;
import org.springframework.http.HttpStatus;

/** The upload is not a picture Portrait accepts; the detail says why, for the user to read. */
class PictureRejectedException extends ProblemException {

    private static final long serialVersionUID = 1L;

    PictureRejectedException(ImageRejectedException rejected) {
        super(HttpStatus.BAD_REQUEST, code(rejected.reason()), title(rejected.reason()), rejected.getMessage() + ".");
    }

    private static String code(ImageRejectedException.Reason reason) {
        return switch (reason) {
            case UNSUPPORTED_FORMAT -> "unsupported_format";
            case CORRUPT_IMAGE -> "corrupt_image";
            case IMAGE_TOO_LARGE -> "image_too_large";
        };
    }

    private static String title(ImageRejectedException.Reason reason) {
        return switch (reason) {
            case UNSUPPORTED_FORMAT -> "Unsupported format";
            case CORRUPT_IMAGE -> "Corrupt image";
            case IMAGE_TOO_LARGE -> "Image too large";
        };
    }
}
