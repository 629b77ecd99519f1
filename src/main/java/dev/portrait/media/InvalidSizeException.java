package dev.portrait.media;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

/** A {@code size} parameter that names no square. */
public class InvalidSizeException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public InvalidSizeException(String size) {
        super(
                HttpStatus.BAD_REQUEST,
                "invalid_size",
                "Invalid size",
                "size must be 64, 150 or 512, not \"%s\"".formatted(size.length() > 20 ? size.substring(0, 20) : size));
    }
}
