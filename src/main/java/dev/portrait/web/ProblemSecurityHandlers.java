package dev.portrait.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security's 401 and 403 in the same problem shape as every other error, telling the client whether
 * the token is missing, expired or invalid (RFC 6750's {@code WWW-Authenticate} included).
 */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;

    ProblemSecurityHandlers(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        ProblemDetail problem;
        String challenge;
        if (isExpired(failure)) {
            problem = Problems.of(
                    HttpStatus.UNAUTHORIZED,
                    "token_expired",
                    "Token expired",
                    "The access token has expired; get a new one with your refresh token.");
            challenge =
                    "Bearer realm=\"portrait\", error=\"invalid_token\", error_description=\"The access token expired\"";
        } else if (failure instanceof InvalidBearerTokenException
                || failure.getClass().getSimpleName().startsWith("OAuth2")) {
            problem = Problems.of(
                    HttpStatus.UNAUTHORIZED, "invalid_token", "Invalid token", "The access token is not valid.");
            challenge =
                    "Bearer realm=\"portrait\", error=\"invalid_token\", error_description=\"The access token is not valid\"";
        } else {
            problem = Problems.of(
                    HttpStatus.UNAUTHORIZED,
                    "authentication_required",
                    "Authentication required",
                    "This endpoint needs a bearer access token in the Authorization header.");
            challenge = "Bearer realm=\"portrait\"";
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        write(response, Problems.at(problem, request.getRequestURI()));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(
                response,
                Problems.at(
                        Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "You are not allowed to do this."),
                        request.getRequestURI()));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static boolean isExpired(AuthenticationException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid
                    && invalid.getErrors().stream()
                            .anyMatch(error -> error.getDescription() != null
                                    && error.getDescription().contains("expired"))) {
                return true;
            }
        }
        return false;
    }
}
