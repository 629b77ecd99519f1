package dev.portrait.picture;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** Says which limit an oversized upload hit, as a 400 like every other refused upload. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadProblemAdvice {

    private final UploadProperties uploads;

    UploadProblemAdvice(UploadProperties uploads) {
        this.uploads = uploads;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge() {
        FileTooLargeException problem = new FileTooLargeException(uploads.humanLimit());
        return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
    }
}
