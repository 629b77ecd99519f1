package dev.portrait.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.doThrow;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What operators and client developers rely on: health, metrics and the API reference. */
@ApiTest
class OperationsApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApiClient api;

    // A spy on the real pool, so that one test can make the database unreachable.
    @MockitoSpyBean
    DataSource dataSource;

    @Nested
    class Health {

        @Test
        void healthWhenAllUpThen200ExactlyStatusUp() {
            Response health = api.get("/actuator/health");

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json()).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
        }

        @Test
        void healthWhenDatabaseUnreachableThen503ExactlyStatusDown() throws SQLException {
            doThrow(new SQLException("Connection to db.internal:5432 refused"))
                    .when(dataSource)
                    .getConnection();

            Response health = api.get("/actuator/health");

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json()).isEqualTo(JSON.readTree("{\"status\":\"DOWN\"}"));
        }
    }

    @Nested
    class Metrics {

        @Test
        void prometheusThenTextFormatWithJvmAndHttpServerMetrics() {
            api.get("/api/users/" + UUID.randomUUID() + "/profile");

            // The request's timer is recorded as its exchange completes, possibly just after the answer.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                            api.get("/actuator/prometheus").text())
                    .containsPattern("(?m)^http_server_requests_seconds_count\\{.*"
                            + "method=\"GET\".*status=\"404\".*uri=\"/api/users/\\{userId}/profile\".*} \\d"));
            Response metrics = api.get("/actuator/prometheus");

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            assertThat(metrics.text())
                    .contains("# TYPE jvm_memory_used_bytes gauge")
                    .containsPattern("(?m)^jvm_memory_used_bytes\\{.*} \\d")
                    .contains("# TYPE http_server_requests_seconds summary");
        }

        /** Picture files are answered ahead of the observed stack, so they have counters of their own. */
        @Test
        void prometheusWhenPictureFilesServedThenCountedByStatus() {
            TestUser user = api.newUser();
            String url = api.uploadPictureUrl(user);
            String etag = api.get(url).header("ETag");
            api.get(url, "If-None-Match", etag);

            assertThat(api.get("/actuator/prometheus").text())
                    .containsPattern("(?m)^portrait_media_files_total\\{.*status=\"200\".*} [1-9]")
                    .containsPattern("(?m)^portrait_media_files_total\\{.*status=\"304\".*} [1-9]");
        }

        /** Per-filter security observations cost more CPU than serving a picture file itself. */
        @Test
        void prometheusWhenRequestsWentThroughSecurityThenNoPerFilterSeries() {
            api.get("/api/users/" + UUID.randomUUID() + "/avatar");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                            api.get("/actuator/prometheus").text())
                    .containsPattern(
                            "(?m)^http_server_requests_seconds_count\\{.*uri=\"/api/users/\\{userId}/avatar\".*} \\d"));

            assertThat(api.get("/actuator/prometheus").text()).doesNotContain("spring_security_");
        }
    }

    @Nested
    class ApiReference {

        private JsonNode apiDocs() {
            Response docs = api.get("/v3/api-docs");
            assertThat(docs.status()).isEqualTo(200);
            return docs.json();
        }

        @Test
        void apiDocsThenOpenApi31() {
            assertThat(apiDocs().get("openapi").asString()).startsWith("3.1");
        }

        @Test
        void apiDocsThenEveryApiOperationListsItsErrorsAsProblemsWithCodes() {
            JsonNode docs = apiDocs();
            int operations = 0;
            for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
                if (!path.getKey().startsWith("/api/")) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    operations++;
                    String where = operation.getKey() + " " + path.getKey();
                    JsonNode responses = operation.getValue().get("responses");
                    assertThat(responses.has("500")).as(where).isTrue();
                    if (operation.getValue().has("security")) {
                        assertThat(responses.has("401")).as(where).isTrue();
                    }
                    for (Map.Entry<String, JsonNode> response : responses.properties()) {
                        if (Integer.parseInt(response.getKey()) < 400) {
                            continue;
                        }
                        String answer = where + " " + response.getKey();
                        assertThat(response.getValue().get("description").asString())
                                .as(answer)
                                .containsPattern("`[a-z]+(_[a-z]+)*`");
                        assertThat(response.getValue()
                                        .at("/content/application~1problem+json/schema/$ref")
                                        .asString())
                                .as(answer)
                                .isEqualTo("#/components/schemas/Problem");
                    }
                }
            }
            assertThat(operations).isGreaterThanOrEqualTo(9);
            assertThat(docs.at("/components/schemas/Problem/properties").propertyNames())
                    .contains("type", "title", "status", "detail", "code", "errors");
        }

        @ParameterizedTest
        @CsvSource({
            "post,  /api/auth/register,          400, validation_failed",
            "post,  /api/auth/register,          400, malformed_request",
            "post,  /api/auth/register,          409, email_taken",
            "post,  /api/auth/register,          409, username_taken",
            "post,  /api/auth/register,          415, unsupported_media_type",
            "post,  /api/auth/login,             401, invalid_credentials",
            "post,  /api/auth/login,             429, rate_limited",
            "post,  /api/auth/refresh,           401, invalid_token",
            "get,   /api/users/me,               401, authentication_required",
            "post,  /api/profiles,               400, validation_failed",
            "post,  /api/profiles,               401, token_expired",
            "post,  /api/profiles,               409, profile_exists",
            "get,   /api/profiles/me,            401, invalid_token",
            "get,   /api/profiles/me,            404, profile_not_found",
            "patch, /api/profiles/me,            400, validation_failed",
            "patch, /api/profiles/me,            404, profile_not_found",
            "get,   /api/users/{userId}/profile, 400, invalid_parameter",
            "get,   /api/users/{userId}/profile, 404, profile_not_found",
            "get,   /api/users/{userId}/profile, 500, internal_error"
        })
        void apiDocsThenOperationDocumentsErrorCode(String method, String path, String status, String code) {
            JsonNode operation = apiDocs().get("paths").get(path).get(method);

            assertThat(operation.at("/responses/" + status + "/description").asString())
                    .contains("`" + code + "`");
        }

        @Test
        void apiDocsThenEveryMultipartOperationDocuments411LengthRequired() {
            int multipart = 0;
            for (Map.Entry<String, JsonNode> path : apiDocs().get("paths").properties()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    if (operation
                            .getValue()
                            .at("/requestBody/content/multipart~1form-data")
                            .isMissingNode()) {
                        continue;
                    }
                    multipart++;
                    assertThat(operation
                                    .getValue()
                                    .at("/responses/411/description")
                                    .asString())
                            .as(operation.getKey() + " " + path.getKey())
                            .contains("`length_required`");
                }
            }
            assertThat(multipart).isGreaterThanOrEqualTo(4);
        }

        @Test
        void apiDocsWhenBearerTokenNeededThenOperationSaysSo() {
            JsonNode paths = apiDocs().get("paths");

            assertThat(paths.at("/~1api~1profiles~1me/get/security/0/bearer").isArray())
                    .isTrue();
            assertThat(paths.at("/~1api~1profiles/post/security/0/bearer").isArray())
                    .isTrue();
            assertThat(paths.at("/~1api~1users~1{userId}~1profile/get/security").isMissingNode())
                    .isTrue();
            assertThat(apiDocs().at("/components/securitySchemes/bearer/scheme").asString())
                    .isEqualTo("bearer");
        }

        @Test
        void apiDocsThenErrorPageNotDocumented() {
            assertThat(apiDocs().get("paths").propertyNames()).doesNotContain("/error");
        }

        @Test
        void docsThenRedirectToSwaggerUiReadingTheseApiDocs() {
            Response docs = api.get("/docs");

            assertThat(docs.status()).isBetween(301, 308);
            String location = URI.create(docs.header("Location")).getPath();
            Response page = api.get(location);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.text()).contains("swagger-ui");
            Response config = api.get("/v3/api-docs/swagger-config");
            assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
        }
    }
}
