package dev.portrait.media;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

class MediaNotFoundException extends ProblemException {

    private static final long serialVersionUID = 1L;

    MediaNotFoundException() {
        super(HttpStatus.NOT_FOUND, "media_not_found", "Media not found", "There is no picture with this id.");
    }
}
