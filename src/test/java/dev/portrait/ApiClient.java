package dev.portrait;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.imaging.TestImages;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
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
    private static final byte[] CRLF = {'\r', '\n'};

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

    /** Uploads a small JPEG as the user's picture and answers the URL of its original. */
    public String uploadPictureUrl(TestUser user) {
        Response response = upload(
                "/api/users/me/profile/picture", TestImages.encode(TestImages.scene(60, 40), "jpeg"), user.auth());
        return response.json().get("profile").get("picture").get("url").asString();
    }

    public Response multipart(String method, String path, Form form, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", Form.CONTENT_TYPE)
                .method(method, BodyPublishers.ofByteArray(form.body())));
    }

    /**
     * Sends a body of unknown length, so chunked, without a Content-Length: what a client streaming
     * from a pipe or a generator does.
     */
    public Response chunked(
            String method, String path, String contentType, Supplier<InputStream> body, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", contentType)
                .method(method, BodyPublishers.ofInputStream(body)));
    }

    /**
     * Sends only a request's head, on a connection of its own, and reads the answer: no byte of a
     * body follows, whatever length or encoding the headers declare, so an answer comes only from a
     * server that decides without reading the body. The answer must carry a Content-Length.
     */
    public Response headOnly(String method, String path, String... headers) {
        return exchange(method, path, null, headers);
    }

    /**
     * Streams a chunked body from another thread while this one reads the answer, as browsers and
     * curl do. A server that answers before the body ends and then closes with body bytes unread makes
     * the kernel reset the connection, and on Linux a reset discards what the client has not read yet:
     * a client that reads only after sending everything (the JDK's) can lose the answer that way.
     */
    public Response chunkedReadingWhileSending(
            String method, String path, String contentType, InputStream body, String... headers) {
        String[] all = Stream.concat(
                        Arrays.stream(headers), Stream.of("Content-Type", contentType, "Transfer-Encoding", "chunked"))
                .toArray(String[]::new);
        return exchange(method, path, body, all);
    }

    private Response exchange(String method, String path, @Nullable InputStream chunkedBody, String... headers) {
        int port = Integer.parseInt(environment.getRequiredProperty("local.server.port"));
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        try (Socket socket = new Socket("localhost", port)) {
            // Not a timing check: it turns a server waiting for the body into a failure instead of a hang.
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread sender = chunkedBody == null ? null : Thread.ofVirtual().start(() -> sendChunks(chunkedBody, out));
            try {
                return readAnswer(new BufferedInputStream(socket.getInputStream()));
            } finally {
                // Closing stops a sender that the server no longer reads from.
                socket.close();
                if (sender != null) {
                    sender.join();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Until the body ends, or the server or the reader closes the connection. */
    private static void sendChunks(InputStream body, OutputStream out) {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                out.write((Integer.toHexString(read) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buffer, 0, read);
                out.write(CRLF);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException closed) {
            // The server answered and stopped reading: what these requests are sent to find out.
        }
    }

    private static Response readAnswer(InputStream in) throws IOException {
        String statusLine = readLine(in);
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            fields.computeIfAbsent(line.substring(0, colon).strip(), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        HttpHeaders answerHeaders = HttpHeaders.of(fields, (name, value) -> true);
        long length = answerHeaders
                .firstValueAsLong("Content-Length")
                .orElseThrow(() -> new AssertionError("No Content-Length in the answer: " + statusLine + " " + fields));
        return new Response(Integer.parseInt(statusLine.substring(9, 12)), answerHeaders, in.readNBytes((int) length));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("The connection closed in the middle of the answer's head");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
    }

    /** A multipart/form-data body, built part by part. */
    public static final class Form {

        static final String BOUNDARY = "portrait-test-boundary-7MA4YWxkTrZu0gW";

        /** The Content-Type header of a request that sends a form as its body. */
        public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

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

        public byte[] body() {
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
