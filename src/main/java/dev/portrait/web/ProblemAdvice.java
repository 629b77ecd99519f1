package dev.portrait.web;

import dev.portrait.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Makes every error an RFC 9457 problem with a stable {@code code}: Portrait's own failures carry
 * theirs, Spring MVC's are given one here, and anything unexpected is a 500 that says nothing
 * internal (the log has the cause under the request's correlation id).
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getAllErrors().stream()
                .map(error -> Map.of(
                        "field",
                        error instanceof FieldError field ? field.getField() : error.getObjectName(),
                        "message",
                        String.valueOf(error.getDefaultMessage())))
                .toList();
        return validationFailed(ex, errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> Map.of(
                                "field",
                                String.valueOf(result.getMethodParameter().getParameterName()),
                                "message",
                                String.valueOf(error.getDefaultMessage()))))
                .toList();
        return validationFailed(ex, errors, headers, request);
    }

    private ResponseEntity<Object> validationFailed(
            Exception ex, List<Map<String, String>> errors, HttpHeaders headers, WebRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST, "validation_failed", "Validation failed", "Some fields are not valid.");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        // Spring fills in a null body inside super, so the code is added to whatever it returns.
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            Problems.withCode(problem, codeFor(ex, statusCode));
        }
        return response;
    }

    /** A multipart body that cannot be parsed is the client's mistake, not an unexpected failure. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> unreadableMultipart(MultipartException ex, WebRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST, "malformed_request", "Bad Request", "The multipart body could not be read.");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /** Last resort: never a stack trace, SQL or class name in the response. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
        ProblemDetail problem = Problems.at(
                Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal_error",
                        "Internal error",
                        "Something went wrong on our side. Quote the correlation id if you report it."),
                request.getRequestURI());
        problem.setProperty("correlationId", MDC.get(CorrelationIdFilter.MDC_KEY));
        return ResponseEntity.internalServerError().body(problem);
    }

    private static String codeFor(Exception ex, HttpStatusCode status) {
        return switch (ex) {
            case ProblemException problem -> problem.code();
            case HttpMessageNotReadableException _ -> "malformed_request";
            case TypeMismatchException _ -> "invalid_parameter";
            case HttpRequestMethodNotSupportedException _ -> "method_not_allowed";
            case HttpMediaTypeNotSupportedException _ -> "unsupported_media_type";
            case HttpMediaTypeNotAcceptableException _ -> "not_acceptable";
            case NoResourceFoundException _ -> "not_found";
            case MissingServletRequestPartException _ -> "missing_file";
            case MaxUploadSizeExceededException _ -> "file_too_large";
            default ->
                status.value() == 404 ? "not_found" : status.is4xxClientError() ? "bad_request" : "internal_error";
        };
    }
}
