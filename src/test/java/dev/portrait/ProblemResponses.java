package dev.portrait;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient.Response;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What every error answer must look like: an RFC 9457 problem with a stable code, and nothing internal. */
public final class ProblemResponses {

    /** Text that would give away how the service is built: stack traces, class names, SQL, products. */
    private static final List<String> INTERNALS = List.of(
            "Exception",
            "exception",
            "at dev.",
            "at org.",
            "at java.",
            ".java:",
            "Caused by",
            "dev.portrait",
            "org.springframework",
            "java.lang",
            "SQL",
            "select ",
            "insert ",
            "update ",
            "jdbc",
            "JDBC",
            "H2",
            "PostgreSQL",
            "PSQL",
            "Hikari",
            "Tomcat",
            "<html",
            "<!doctype");

    private ProblemResponses() {}

    /** Asserts an {@code application/problem+json} answer with this status and code, and nothing internal. */
    public static JsonNode assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code).matches("[a-z]+(_[a-z]+)*");
        assertThat(problem.path("type").asString()).isEqualTo("urn:portrait:problem:" + code);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertNothingInternal(response);
        return problem;
    }

    public static void assertNothingInternal(Response response) {
        assertThat(response.text()).doesNotContain(INTERNALS);
    }
}
