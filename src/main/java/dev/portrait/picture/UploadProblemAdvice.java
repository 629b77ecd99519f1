package dev.portrait.picture;

import dev.portrait.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers an upload refused before its body was read through: a 400 naming the limit it is over, or
 * a 411 when it declares no length. The client may still be sending, and the servlet container
 * closes the connection after draining a little of the rest, so the answer goes out whole with a
 * Content-Length rather than chunked: a client that reads only once it has stopped sending
 * (java.net.http does) still finds all of it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadProblemAdvice {

    private final UploadProperties uploads;
    private final JsonMapper json;

    UploadProblemAdvice(UploadProperties uploads, JsonMapper json) {
        this.uploads = uploads;
        this.json = json;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<byte[]> tooLarge(HttpServletRequest request) {
        return whole(new FileTooLargeException(uploads.humanLimit()), request);
    }

    @ExceptionHandler(LengthRequiredException.class)
    ResponseEntity<byte[]> lengthRequired(LengthRequiredException problem, HttpServletRequest request) {
        return whole(problem, request);
    }

    private ResponseEntity<byte[]> whole(ProblemException problem, HttpServletRequest request) {
        ProblemDetail body = problem.getBody();
        body.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(problem.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(json.writeValueAsBytes(body));
    }
}
