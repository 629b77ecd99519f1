package dev.portrait;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the running application over real HTTP, the way a client would. Every {@link ApiTest} has
 * one to autowire; it finds the random port once the server has started.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().build();

    private final Environment environment;

    public ApiClient(Environment environment) {
        this.environment = environment;
    }

    public Response get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public Response post(String path, Object json, String... headers) {
        return send(withJson(request(path, headers), "POST", json));
    }

    public Response patch(String path, Object json, String... headers) {
        return send(withJson(request(path, headers), "PATCH", json));
    }

    public Response delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    public Response method(String method, String path, String body, String... headers) {
        return send(request(path, headers).method(method, BodyPublishers.ofString(body)));
    }

    /** POSTs a multipart form with the file as field {@code image}. */
    public Response upload(String path, byte[] image, String... headers) {
        return multipart("POST", path, Form.file("image", "picture.jpg", image), headers);
    }

    public Response multipart(String method, String path, Form form, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "multipart/form-data; boundary=" + Form.BOUNDARY)
                .method(method, BodyPublishers.ofByteArray(form.body())));
    }

    /** A multipart/form-data body, built part by part. */
    public static final class Form {

        static final String BOUNDARY = "portrait-test-boundary-7MA4YWxkTrZu0gW";

        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();

        public static Form file(String field, String filename, byte[] content) {
            return new Form().withFile(field, filename, "application/octet-stream", content);
        }

        public static Form field(String name, String value) {
            return new Form().withField(name, value);
        }

        public Form withField(String name, String value) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\n\r\n");
            body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            write("\r\n");
            return this;
        }

        public Form withFile(String field, String filename, String contentType, byte[] content) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            body.writeBytes(content);
            write("\r\n");
            return this;
        }

        byte[] body() {
            java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
            copy.writeBytes(body.toByteArray());
            copy.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return copy.toByteArray();
        }

        private void write(String text) {
            body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        String base = "http://localhost:" + environment.getRequiredProperty("local.server.port");
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    public Response send(HttpRequest.Builder request) {
        try {
            var response = HTTP.send(request.build(), BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder request, String method, Object json) {
        String body = json instanceof String text ? text : JSON.writeValueAsString(json);
        return request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
    }

    /** Registers a new user with a random identity and logs it in. */
    public TestUser newUser() {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        String email = "user" + suffix + "@example.com";
        String username = "user_" + suffix;
        String password = "pw-" + UUID.randomUUID();
        Response registered =
                post("/api/auth/register", Map.of("email", email, "username", username, "password", password));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        Response login = post("/api/auth/login", Map.of("email", email, "password", password));
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        return new TestUser(
                UUID.fromString(registered.json().get("id").asString()),
                email,
                username,
                password,
                login.json().get("accessToken").asString(),
                login.json().get("refreshToken").asString());
    }

    public record TestUser(
            UUID id, String email, String username, String password, String accessToken, String refreshToken) {

        /** The Authorization header with this user's access token, followed by any other headers. */
        public String[] auth(String... moreHeaders) {
            String[] headers = new String[moreHeaders.length + 2];
            headers[0] = "Authorization";
            headers[1] = "Bearer " + accessToken;
            System.arraycopy(moreHeaders, 0, headers, 2, moreHeaders.length);
            return headers;
        }
    }

    public record Response(int status, HttpHeaders headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String code() {
            return json().path("code").asString();
        }
    }
}
