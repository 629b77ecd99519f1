package dev.portrait.picture;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

class PictureNotFoundException extends ProblemException {

    private static final long serialVersionUID = 1L;

    PictureNotFoundException() {
        super(HttpStatus.NOT_FOUND, "picture_not_found", "Picture not found", "The profile has no picture.");
    }
}
