package dev.portrait.web;

import static dev.portrait.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every failure, whichever layer refuses the request (Spring MVC, Spring Security's firewall, the
 * servlet container's error page), is an RFC 9457 problem with a stable code and nothing internal.
 */
@ApiTest
class ErrorApiTests {

    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Autowired
    ApiClient api;

    @Nested
    class UnknownRoutes {

        @ParameterizedTest
        @ValueSource(strings = {"/nope", "/api/nope", "/api/users/me/nope", "/actuator/nope", "/docs/nope"})
        void unknownRouteThen404NotFound(String path) {
            TestUser user = api.newUser();

            assertProblem(api.get(path, user.auth()), 404, "not_found");
        }

        @Test
        void unknownRouteWhenBrowserAsksForHtmlThenStill404ProblemJson() {
            assertProblem(api.get("/nope", "Accept", HTML), 404, "not_found");
        }
    }

    @Nested
    class WrongMethods {

        @ParameterizedTest
        @CsvSource({
            "DELETE, /api/auth/register, POST",
            "GET,    /api/auth/login,    POST",
            "PUT,    /api/auth/refresh,  POST",
            "POST,   /api/profiles/me,   'GET,PATCH'",
            "DELETE, /api/users/me,      GET"
        })
        void wrongMethodThen405MethodNotAllowedWithAllow(String method, String path, String allowed) {
            TestUser user = api.newUser();

            Response response = api.method(method, path, "", user.auth());

            assertProblem(response, 405, "method_not_allowed");
            assertThat(response.header("Allow").replace(" ", "").split(","))
                    .containsExactlyInAnyOrder(allowed.split(","));
        }

        @Test
        void traceThen405ProblemJson() {
            assertProblem(api.method("TRACE", "/api/auth/login", ""), 405, "method_not_allowed");
        }
    }

    @Nested
    class MalformedBodies {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{not json",
                    "{\"email\": \"a@example.com\", ",
                    "",
                    "null",
                    "[]",
                    "\"just a string\"",
                    "{\"email\": {\"nested\": 1}, \"username\": \"valid_name\", \"password\": \"a fine secret\"}",
                    "{\"email\": [\"a@example.com\"], \"username\": \"valid_name\", \"password\": \"a fine secret\"}"
                })
        void registerWhenBodyIsNoRegistrationThen400MalformedRequest(String body) {
            Response response = api.post("/api/auth/register", body);

            assertProblem(response, 400, "malformed_request");
            assertThat(response.text()).doesNotContain("RegisterRequest", "Jackson", "deserialize");
        }
    }

    @Nested
    class MediaTypes {

        static Stream<Arguments> notJson() {
            return Stream.of(
                    Arguments.of("application/x-www-form-urlencoded", "email=a%40example.com&password=x"),
                    Arguments.of("text/plain", "{\"email\": \"a@example.com\"}"),
                    Arguments.of("application/xml", "<login><email>a@example.com</email></login>"),
                    Arguments.of(
                            "multipart/form-data; boundary=x",
                            "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@example.com\r\n--x--\r\n"));
        }

        @ParameterizedTest
        @MethodSource("notJson")
        void loginWhenBodyIsNotJsonThen415UnsupportedMediaType(String contentType, String body) {
            Response response = api.method("POST", "/api/auth/login", body, "Content-Type", contentType);

            assertProblem(response, 415, "unsupported_media_type");
        }

        @Test
        void loginWhenMultipartBodyIsBrokenThen400MalformedRequest() {
            Response response = api.method(
                    "POST",
                    "/api/auth/login",
                    "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@example.com",
                    "Content-Type",
                    "multipart/form-data; boundary=x");

            assertProblem(response, 400, "malformed_request");
        }

        @Test
        void loginWhenNoContentTypeThen415UnsupportedMediaType() {
            Response response = api.method("POST", "/api/auth/login", "{\"email\": \"a@example.com\"}");

            assertProblem(response, 415, "unsupported_media_type");
        }

        @Test
        void meWhenOnlyXmlAcceptableThen406NotAcceptable() {
            TestUser user = api.newUser();

            Response response = api.get("/api/users/me", user.auth("Accept", "application/xml"));

            assertProblem(response, 406, "not_acceptable");
        }
    }

    /** Boot's {@code /error}, reached directly or for failures outside Spring MVC. */
    @Nested
    class ErrorPage {

        @ParameterizedTest
        @ValueSource(strings = {"*/*", "application/json", HTML})
        void errorPageWhenCalledDirectlyThen500InternalErrorWhateverTheAccept(String accept) {
            Response response = api.get("/error", "Accept", accept);

            assertProblem(response, 500, "internal_error");
            assertThat(response.json().get("detail").asString()).startsWith("Something went wrong on our side");
        }

        @Test
        void postToSitePageWithoutCsrfTokenThen403Forbidden() {
            Response response = api.method("POST", "/docs", "", "Accept", HTML);

            assertProblem(response, 403, "forbidden");
        }
    }

    /** Paths Spring Security's StrictHttpFirewall refuses before any controller sees them. */
    @Nested
    class FirewallRejections {

        static Stream<Arguments> suspicious() {
            return Stream.of(
                            "/api/..;/users/me",
                            "/api/%2e%2e/users/me",
                            "/api/%2E%2E/users/me",
                            "/api/x/%2e%2e/users/me",
                            "/api/%252e%252e/users/me",
                            "/api//users/me",
                            "/api/./users/me",
                            "/api/users/me;jsessionid=x",
                            "/api/users%0ame")
                    .flatMap(path -> Stream.of(Arguments.of(path, "*/*"), Arguments.of(path, HTML)));
        }

        @ParameterizedTest(name = "{0} accepting {1}")
        @MethodSource("suspicious")
        void suspiciousPathThen400BadRequestProblem(String path, String accept) {
            TestUser user = api.newUser();

            Response response = api.get(path, user.auth("Accept", accept));

            assertProblem(response, 400, "bad_request");
        }
    }

    @Nested
    class CorrelationIds {

        @Test
        void anyResponseThenCarriesFreshRequestId() {
            Response first = api.get("/nope");
            Response second = api.post("/api/auth/login", Map.of("email", "nobody@example.com", "password", "x"));

            assertThat(UUID.fromString(first.header("X-Request-Id"))).isNotNull();
            assertThat(UUID.fromString(second.header("X-Request-Id"))).isNotNull();
            assertThat(first.header("X-Request-Id")).isNotEqualTo(second.header("X-Request-Id"));
        }

        @Test
        void requestIdWhenCallerSendsOneThenKept() {
            Response response = api.get("/nope", "X-Request-Id", "lb-2f8c1e0a.77_x");

            assertThat(response.header("X-Request-Id")).isEqualTo("lb-2f8c1e0a.77_x");
        }

        @ParameterizedTest
        @ValueSource(strings = {"short", "has spaces in it", "<script>alert(1)</script>", "x%0d%0aFAKE log line"})
        void requestIdWhenCallerSendsUnsafeOneThenReplaced(String unsafe) {
            Response response = api.get("/nope", "X-Request-Id", unsafe);

            assertThat(UUID.fromString(response.header("X-Request-Id"))).isNotNull();
        }

        @Test
        void requestIdWhenLongerThan64ThenReplaced() {
            Response response = api.get("/nope", "X-Request-Id", "a".repeat(65));

            assertThat(UUID.fromString(response.header("X-Request-Id"))).isNotNull();
        }
    }
}
