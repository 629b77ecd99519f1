package dev.portrait.picture;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

class MissingFileException extends ProblemException {

    private static final long serialVersionUID = 1L;

    MissingFileException() {
        super(
                HttpStatus.BAD_REQUEST,
                "missing_file",
                "Missing file",
                "Send the picture as a non-empty multipart/form-data file field named \"image\".");
    }
}
