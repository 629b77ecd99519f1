package dev.portrait.picture;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

class LengthRequiredException extends ProblemException {

    private static final long serialVersionUID = 1L;

    LengthRequiredException() {
        super(
                HttpStatus.LENGTH_REQUIRED,
                "length_required",
                "Length required",
                "Send the upload with a Content-Length header; chunked uploads are not accepted.");
    }
}
