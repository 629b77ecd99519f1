package dev.portrait.picture;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

class FileTooLargeException extends ProblemException {

    private static final long serialVersionUID = 1L;

    FileTooLargeException(String limit) {
        super(
                HttpStatus.BAD_REQUEST,
                "file_too_large",
                "File too large",
                "The file is over the %s limit.".formatted(limit));
        getBody().setProperty("limit", limit);
    }
}
