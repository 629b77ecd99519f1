package dev.portrait.web;

import dev.portrait.ProblemException;
import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the problem bodies the web edge writes itself (security, fallbacks). */
final class Problems {

    private Problems() {}

    static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return withCode(problem, code);
    }

    static ProblemDetail withCode(ProblemDetail problem, String code) {
        problem.setType(ProblemException.type(code));
        problem.setProperty("code", code);
        return problem;
    }

    static ProblemDetail at(ProblemDetail problem, String path) {
        problem.setInstance(URI.create(path));
        return problem;
    }
}
