package dev.portrait.picture;

import static dev.portrait.ProblemResponses.assertProblem;
import static dev.portrait.imaging.TestImages.encode;
import static dev.portrait.imaging.TestImages.scene;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Form;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An upload must declare its length. With a Content-Length over the limit it is refused before its
 * body is read; without one (chunked) the size could only be learnt by reading up to the limit, so it
 * is refused with 411 before a byte of the body is read. Only multipart bodies need a length.
 */
@ApiTest
@TestPropertySource(properties = "portrait.rate.uploads-per-minute=1000")
class UploadLengthApiTests {

    private static final String UPLOAD = "/api/users/me/profile/picture";
    private static final int THIRTEEN_MB = 13 * 1024 * 1024;

    @Autowired
    ApiClient api;

    TestUser user;

    @BeforeEach
    void setUp() {
        user = api.newUser();
        api.post("/api/profiles", "{\"bio\":\"unchanged\"}", user.auth());
    }

    @Nested
    class Chunked {

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({
            "POST, /api/users/me/profile/picture",
            "POST, /api/users/me/profile/picture/",
            "POST, /api/users/{id}/profile-picture",
            "POST, /api/profiles",
            "PATCH, /api/profiles/me"
        })
        void uploadWhenChunkedThen411LengthRequiredAndNothingChanges(String method, String route) {
            byte[] form = Form.field("bio", "changed")
                    .withFile("image", "me.png", "image/png", encode(scene(200, 200), "png"))
                    .body();

            Response response = api.chunked(
                    method,
                    route.replace("{id}", user.id().toString()),
                    Form.CONTENT_TYPE,
                    () -> new ByteArrayInputStream(form),
                    user.auth());

            JsonNode problem = assertProblem(response, 411, "length_required");
            assertThat(problem.get("detail").asString())
                    .isEqualTo("Send the upload with a Content-Length header; chunked uploads are not accepted.");
            Response mine = api.get("/api/profiles/me", user.auth());
            assertThat(mine.json().get("bio").asString()).isEqualTo("unchanged");
            assertThat(mine.json().get("picture").isNull()).isTrue();
        }

        @Test
        void uploadWhenOnlyTheHeadIsSentThen411WithoutWaitingForTheBody() {
            Response response = api.headOnly(
                    "POST", UPLOAD, user.auth("Content-Type", Form.CONTENT_TYPE, "Transfer-Encoding", "chunked"));

            assertProblem(response, 411, "length_required");
        }

        @Test
        void uploadWhen13MbChunkedThen411InOnePiece() {
            byte[] form = Form.file("image", "big.jpg", new byte[THIRTEEN_MB]).body();

            // Tomcat reads at most 2 MB of a refused body, then closes with the rest unread.
            Response response = api.chunkedReadingWhileSending(
                    "POST", UPLOAD, Form.CONTENT_TYPE, new ByteArrayInputStream(form), user.auth());

            assertProblem(response, 411, "length_required");
            assertThat(response.header("Content-Length")).isNotNull();
            assertThat(response.header("Connection")).isEqualTo("close");
        }

        @Test
        void uploadWhenTheChunkedBodyNeverEndsThen411() {
            Response response =
                    api.chunkedReadingWhileSending("POST", UPLOAD, Form.CONTENT_TYPE, new Endless(), user.auth());

            assertProblem(response, 411, "length_required");
        }

        @Test
        void uploadWhenChunkedAndNoTokenThen401First() {
            Response response =
                    api.headOnly("POST", UPLOAD, "Content-Type", Form.CONTENT_TYPE, "Transfer-Encoding", "chunked");

            assertProblem(response, 401, "authentication_required");
        }

        @Test
        void multipartWhenChunkedOnARouteThatTakesNoUploadThen411Too() {
            Response response = api.headOnly(
                    "POST", "/api/auth/login", "Content-Type", Form.CONTENT_TYPE, "Transfer-Encoding", "chunked");

            assertProblem(response, 411, "length_required");
        }
    }

    @Nested
    class DeclaredLengthOverTheLimit {

        @Test
        void uploadWhenOnlyTheHeadIsSentThen400FileTooLargeWithoutWaitingForTheBody() {
            Response response = api.headOnly(
                    "POST",
                    UPLOAD,
                    user.auth("Content-Type", Form.CONTENT_TYPE, "Content-Length", Integer.toString(THIRTEEN_MB)));

            JsonNode problem = assertProblem(response, 400, "file_too_large");
            assertThat(problem.get("detail").asString()).isEqualTo("The file is over the 5 MB limit.");
        }

        @Test
        void uploadWhen13MbFollowThen400InOnePiece() {
            Response response = api.upload(UPLOAD, new byte[THIRTEEN_MB], user.auth());

            assertProblem(response, 400, "file_too_large");
            assertThat(response.header("Content-Length")).isNotNull();
        }
    }

    /** JSON bodies are read whole and small, so they may come without a length. */
    @Nested
    class ChunkedJson {

        @Test
        void createProfileWhenJsonIsChunkedThen201() {
            TestUser fresh = api.newUser();

            Response response = api.chunked(
                    "POST", "/api/profiles", "application/json", () -> json("{\"bio\":\"streamed\"}"), fresh.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(201);
            assertThat(response.json().get("bio").asString()).isEqualTo("streamed");
        }

        @Test
        void changeBioWhenJsonIsChunkedThen200() {
            Response response = api.chunked(
                    "PATCH", "/api/profiles/me", "application/json", () -> json("{\"bio\":\"streamed\"}"), user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.json().get("bio").asString()).isEqualTo("streamed");
        }

        private static InputStream json(String text) {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A body that never ends: only a server that stops reading can answer it. */
    private static final class Endless extends InputStream {

        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) 0);
            return length;
        }
    }
}
