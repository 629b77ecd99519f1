package dev.portrait.picture;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

class NotYourProfileException extends ProblemException {

    private static final long serialVersionUID = 1L;

    NotYourProfileException() {
        super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "You can only change your own profile picture.");
    }
}
