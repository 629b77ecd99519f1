package dev.portrait.web;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's CORS checks, with a refusal (an origin, method or header not allowed) answered as a
 * problem like every other error, instead of the plain text "Invalid CORS request".
 */
class ProblemCorsProcessor extends DefaultCorsProcessor {

    private final JsonMapper json;

    ProblemCorsProcessor(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        ProblemDetail problem = Problems.of(
                HttpStatus.FORBIDDEN,
                "cors_rejected",
                "Cross-origin request refused",
                "This origin may not call the API from a browser, or not with this method or these headers.");
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody().write(json.writeValueAsBytes(problem));
        response.flush();
    }
}
