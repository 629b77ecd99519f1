package dev.portrait.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel {@code /error}, reached for failures outside Spring MVC (a request the
 * firewall rejects, an error in a filter): the same problem shape, and nothing internal.
 */
@Hidden
@RestController
class FallbackErrorController implements ErrorController {

    // No "produces": a browser's Accept: text/html must get this problem too, not a 406.
    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = status(request);
        String code = status.is4xxClientError()
                ? status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_")
                : "internal_error";
        String detail = status.is4xxClientError()
                ? "The request could not be handled: " + status.getReasonPhrase() + "."
                : "Something went wrong on our side.";
        ProblemDetail problem = Problems.of(status, code, status.getReasonPhrase(), detail);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status != null && status.isError() ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
