package dev.portrait;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A failure the client caused or must know about, answered as an RFC 9457 problem with a stable
 * snake_case {@code code}. Each failure is its own subclass; the detail is written for the client.
 */
public abstract class ProblemException extends ErrorResponseException {

    private static final String TYPE_PREFIX = "urn:portrait:problem:";

    private final String code;

    protected ProblemException(HttpStatus status, String code, String title, String detail) {
        super(status, problem(status, code, title, detail), null);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The problem type every response with this code carries. */
    public static URI type(String code) {
        return URI.create(TYPE_PREFIX + code);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
