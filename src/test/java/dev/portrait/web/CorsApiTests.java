package dev.portrait.web;

import static dev.portrait.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Browsers on other origins may call the API only when their origin is configured. */
@ApiTest
class CorsApiTests {

    private static final String APP = "https://app.example";

    @Autowired
    ApiClient api;

    /** A browser's preflight: may this origin send this method with these headers? */
    private Response preflight(String path, String origin, String method, String headers) {
        return api.method(
                "OPTIONS",
                path,
                "",
                "Origin",
                origin,
                "Access-Control-Request-Method",
                method,
                "Access-Control-Request-Headers",
                headers);
    }

    private static String[] list(String header) {
        return Arrays.stream(header.split(","))
                .map(value -> value.strip().toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
    }

    private static void assertNoCorsHeaders(Response response) {
        assertThat(response.headers().map().keySet())
                .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
    }

    @Test
    void preflightWhenNoOriginsConfiguredThenNoCorsHeaders() {
        Response response = preflight("/api/profiles", APP, "POST", "authorization,content-type");

        assertNoCorsHeaders(response);
    }

    @Test
    void requestWhenNoOriginsConfiguredThenNoCorsHeaders() {
        TestUser user = api.newUser();

        Response response = api.get("/api/users/me", user.auth("Origin", APP));

        assertThat(response.status()).isEqualTo(200);
        assertNoCorsHeaders(response);
    }

    @Nested
    @TestPropertySource(properties = "portrait.cors.allowed-origins=" + APP)
    class WithAllowedOrigin {

        // A multipart body is a "simple" content type: for an upload the browser only asks about Authorization.
        @ParameterizedTest(name = "{1} {0} with {2}")
        @CsvSource({
            "/api/profiles,           POST,  'authorization,content-type'",
            "/api/profiles/me,        PATCH, 'authorization,content-type'",
            "/api/profiles/me/picture, POST,  authorization"
        })
        void preflightFromAllowedOriginThenAllowedForAnHourWithoutCredentials(
                String path, String method, String headers) {
            Response response = preflight(path, APP, method, headers);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(list(response.header("Access-Control-Allow-Methods"))).contains(method.toLowerCase(Locale.ROOT));
            assertThat(list(response.header("Access-Control-Allow-Headers"))).contains(list(headers));
            assertThat(response.header("Access-Control-Max-Age")).isEqualTo("3600");
            assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://evil.example", "https://app.example.evil.example", "http://app.example"})
        void preflightWhenOtherOriginThen403ProblemWithoutAllowOrigin(String origin) {
            Response response = preflight("/api/profiles", origin, "POST", "authorization");

            assertProblem(response, 403, "cors_rejected");
            assertThat(response.header("Access-Control-Allow-Origin")).isNull();
        }

        // The browser then refuses to send the request: the header is not among those allowed.
        @Test
        void preflightWhenHeaderNotAllowedThenOnlyAllowedHeadersListed() {
            Response response = preflight("/api/profiles", APP, "POST", "authorization,x-internal-debug");

            assertThat(list(response.header("Access-Control-Allow-Headers")))
                    .contains("authorization")
                    .doesNotContain("x-internal-debug");
        }

        /** A page that fetch()es a picture needs the CORS headers, so that request skips the fast path. */
        @Test
        void pictureFileFromAllowedOriginThenAllowOrigin() {
            TestUser user = api.newUser();
            String url = api.uploadPictureUrl(user);

            Response response = api.get(url, "Origin", APP);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        }

        @Test
        void requestFromAllowedOriginThenAllowOriginAndExposedHeaders() {
            TestUser user = api.newUser();

            Response response = api.get("/api/users/me", user.auth("Origin", APP));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(list(response.header("Access-Control-Expose-Headers")))
                    .contains("location", "x-request-id", "retry-after", "www-authenticate");
        }

        @Test
        void requestFromOtherOriginThen403ProblemWithoutAllowOrigin() {
            TestUser user = api.newUser();

            Response response = api.get("/api/users/me", user.auth("Origin", "https://evil.example"));

            assertProblem(response, 403, "cors_rejected");
            assertThat(response.header("Access-Control-Allow-Origin")).isNull();
        }
    }
}
