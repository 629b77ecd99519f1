/*
 * Portrait's HTTP figures, measured from a client on loopback: upload latency and throughput,
 * uploads in a burst (for the memory figure) and the cost of refusing an upload. Run by
 * bench/http/http_bench.py, which starts the server, reads its memory and writes the report;
 * see bench/README.md ("HTTP section").
 *
 *   java bench/http/HttpBench.java upload  --base URL --image FILE [--warmup 8] [--rounds 6]
 *                                          [--batch 4] [--concurrency 8] [--server-pid PID]
 *   java bench/http/HttpBench.java burst   --base URL --image FILE [--concurrency 16] [--repeat 3]
 *   java bench/http/HttpBench.java refusal --base URL [--rounds 8] [--batch 10]
 *
 * Each command registers its own users (random names, so a server can be reused) and prints
 * one JSON object on stdout with every sample in milliseconds; statistics are left to the
 * caller. Progress and failures go to stderr.
 *
 * upload:  rounds alternate a batch at concurrency 1 (one user, `batch` uploads one after the
 *          other) and a batch at concurrency N (N users, `batch` uploads each), the order
 *          swapping every round, so a slow patch of the machine hits both alike.
 * burst:   N users upload at the same instant (a latch), `repeat` times.
 * refusal: rounds of `batch` requests of each kind, in rotating order: GET /actuator/health
 *          (the baseline: a request that does nothing), a PNG whose header declares
 *          100000x100000, one declaring 30000x30000, and a 13 MB body (over the 5 MB limit),
 *          once with its Content-Length (400 file_too_large) and once chunked (411
 *          length_required: Portrait takes no upload without a length). Every answer's status and
 *          problem code is checked.
 */

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

public class HttpBench {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String PASSWORD = "bench horse battery staple 7";
    static final Pattern TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern SQUARE_150 = Pattern.compile("\"150\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    final String base;
    final String runId = HexFormat.of().toHexDigits(new Random().nextInt());
    final List<String> failures = new ArrayList<>();

    HttpBench(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: HttpBench upload|burst|refusal --base URL ... (see the top of the file)");
            System.exit(2);
        }
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        HttpBench bench = new HttpBench(opt.getOrDefault("base", "http://127.0.0.1:8080"));
        Map<String, Object> out = switch (args[0]) {
            case "upload" -> bench.upload(
                    Files.readAllBytes(Path.of(opt.get("image"))),
                    intOpt(opt, "warmup", 8),
                    intOpt(opt, "rounds", 6),
                    intOpt(opt, "batch", 4),
                    intOpt(opt, "concurrency", 8),
                    intOpt(opt, "server-pid", 0));
            case "burst" -> bench.burst(
                    Files.readAllBytes(Path.of(opt.get("image"))),
                    intOpt(opt, "concurrency", 16),
                    intOpt(opt, "repeat", 3));
            case "refusal" -> bench.refusal(intOpt(opt, "rounds", 8), intOpt(opt, "batch", 10));
            default -> throw new IllegalArgumentException("Unknown command: " + args[0]);
        };
        out.put("failures", bench.failures);
        System.out.println(json(out));
    }

    /**
     * User plus system CPU time of the server process so far (fields 14 and 15 of /proc/PID/stat, in
     * clock ticks of 1/100 s, USER_HZ on Linux x86-64); 0 without a pid.
     */
    static double cpuSeconds(int pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    static int intOpt(Map<String, String> opt, String name, int fallback) {
        return opt.containsKey(name) ? Integer.parseInt(opt.get(name)) : fallback;
    }

    // ---------------------------------------------------------------- commands

    Map<String, Object> upload(byte[] image, int warmup, int rounds, int batch, int concurrency, int serverPid)
            throws Exception {
        List<String> tokens = users("up", concurrency);
        byte[] body = multipart(image, "photo.jpg");
        progress("upload: warm-up, %d at concurrency 1 and %d at %d", warmup, warmup, concurrency);
        for (int i = 0; i < warmup; i++) {
            uploadOnce(tokens.get(0), body);
        }
        concurrently(concurrency, tokens, body, Math.max(1, warmup / concurrency));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (int k = 0; k < 2; k++) {
                boolean single = (k + round) % 2 == 0;
                double cpuBefore = cpuSeconds(serverPid);
                long start = System.nanoTime();
                List<Double> samples = single
                        ? sequentially(tokens.get(0), body, batch)
                        : concurrently(concurrency, tokens, body, batch);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = cpuSeconds(serverPid) - cpuBefore;
                r.put(single ? "c1" : "cN",
                        Map.of("ms", samples, "seconds", seconds, "uploads", samples.size(), "server_cpu_s", cpu));
            }
            out.add(r);
            progress("upload: round %d/%d", round + 1, rounds);
        }
        // The last upload of user 0 is that user's live picture: the serving figure reads it.
        String picture = square150(uploadOnce(tokens.get(0), body));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("image_bytes", image.length);
        result.put("concurrency", concurrency);
        result.put("batch", batch);
        result.put("rounds", out);
        result.put("picture_150", picture);
        return result;
    }

    Map<String, Object> burst(byte[] image, int concurrency, int repeat) throws Exception {
        List<String> tokens = users("burst", concurrency);
        byte[] body = multipart(image, "photo.jpg");
        List<Double> samples = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int r = 0; r < repeat; r++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Double>> done = new ArrayList<>();
                for (String token : tokens) {
                    done.add(pool.submit(() -> {
                        go.await();
                        return timed(() -> uploadOnce(token, body));
                    }));
                }
                go.countDown();
                for (Future<Double> f : done) {
                    samples.add(f.get());
                }
                progress("burst: %d/%d", r + 1, repeat);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("concurrency", concurrency);
        result.put("ms", samples);
        return result;
    }

    Map<String, Object> refusal(int rounds, int batch) throws Exception {
        String token = users("refuse", 1).getFirst();
        // Starts like a JPEG so that only its size can be the reason to refuse it.
        byte[] big = new byte[13 * 1024 * 1024];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put("health", new Kind(null, false, 200, null));
        kinds.put("png_100000", new Kind(multipart(pngDeclaring(100_000, 100_000), "bomb.png"), false, 400, "image_too_large"));
        kinds.put("png_30000", new Kind(multipart(pngDeclaring(30_000, 30_000), "bomb.png"), false, 400, "image_too_large"));
        kinds.put("body_13mb", new Kind(multipart(big, "big.jpg"), false, 400, "file_too_large"));
        kinds.put("body_13mb_chunked", new Kind(multipart(big, "big.jpg"), true, 411, "length_required"));
        List<String> names = new ArrayList<>(kinds.keySet());
        Map<String, List<List<Double>>> samples = new LinkedHashMap<>();
        names.forEach(name -> samples.put(name, new ArrayList<>()));
        for (String name : names) { // warm-up
            for (int i = 0; i < batch; i++) {
                refuse(token, kinds.get(name));
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((k + round) % names.size());
                Kind kind = kinds.get(name);
                List<Double> batchMs = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    batchMs.add(timed(() -> refuse(token, kind)));
                }
                samples.get(name).add(batchMs);
            }
        }
        Map<String, Object> bytes = new LinkedHashMap<>();
        kinds.forEach((name, kind) -> bytes.put(name, kind.body() == null ? 0 : kind.body().length));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batch", batch);
        result.put("request_bytes", bytes);
        result.put("rounds", samples);
        return result;
    }

    /**
     * One kind of request to refuse: the multipart body (null: the health baseline), whether it is
     * sent chunked (no Content-Length: the server must count) and the answer expected.
     */
    record Kind(byte[] body, boolean chunked, int status, String code) {}

    /**
     * Sends one request on a fresh connection and reads the answer, the way curl does: the body is
     * written by another thread, which stops as soon as an answer arrives, since a server may refuse
     * before reading it all (java.net.http would go on sending and then lose the answer to the reset).
     */
    String refuse(String token, Kind kind) throws IOException {
        URI uri = URI.create(base);
        StringBuilder head = new StringBuilder();
        if (kind.body() == null) {
            head.append("GET /actuator/health HTTP/1.1\r\n");
        } else {
            head.append("POST /api/users/me/profile/picture HTTP/1.1\r\n")
                    .append("Authorization: Bearer ").append(token).append("\r\n")
                    .append("Content-Type: multipart/form-data; boundary=").append(BOUNDARY).append("\r\n")
                    .append(kind.chunked()
                            ? "Transfer-Encoding: chunked\r\n"
                            : "Content-Length: " + kind.body().length + "\r\n");
        }
        head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Connection: close\r\n\r\n");
        String answer;
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setTcpNoDelay(true);
            AtomicBoolean answered = new AtomicBoolean();
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (kind.body() != null) {
                Thread.ofVirtual().start(() -> writeBody(out, kind, answered));
            }
            answer = readAnswer(socket.getInputStream(), answered);
        }
        int status = answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
        Matcher code = CODE.matcher(answer);
        String got = code.find() ? code.group(1) : null;
        if (status != kind.status() || (kind.code() != null && !kind.code().equals(got))) {
            fail("expected " + kind.status() + " " + kind.code() + ", got: " + cut(answer));
        }
        return answer;
    }

    static void writeBody(OutputStream out, Kind kind, AtomicBoolean answered) {
        byte[] body = kind.body();
        int step = 64 * 1024;
        try {
            for (int offset = 0; offset < body.length && !answered.get(); offset += step) {
                int length = Math.min(step, body.length - offset);
                if (kind.chunked()) {
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(body, offset, length);
                if (kind.chunked()) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (kind.chunked() && !answered.get()) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException ex) {
            // The server answered and closed before reading the whole body: that is the point.
        }
    }

    /** Reads until the answer is complete (Content-Length, the last chunk, or the end of the stream). */
    static String readAnswer(InputStream in, AtomicBoolean answered) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        while (!complete(got.toString(StandardCharsets.ISO_8859_1))) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketException ex) {
                break; // a reset after the answer: what was read is the answer
            }
            if (n < 0) {
                break;
            }
            answered.set(true);
            got.write(buffer, 0, n);
        }
        answered.set(true);
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = answer.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        String body = answer.substring(end + 4);
        Matcher length = Pattern.compile("\ncontent-length: *(\\d+)").matcher(headers);
        if (length.find()) {
            return body.length() >= Integer.parseInt(length.group(1));
        }
        return headers.contains("transfer-encoding: chunked") && (body.startsWith("0\r\n\r\n") || body.endsWith("\r\n0\r\n\r\n"));
    }

    // ---------------------------------------------------------------- requests

    interface Call {
        String run() throws Exception;
    }

    static double timed(Call call) throws Exception {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e6;
    }

    List<Double> sequentially(String token, byte[] body, int count) throws Exception {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(timed(() -> uploadOnce(token, body)));
        }
        return samples;
    }

    /** {@code perWorker} uploads by each of {@code workers} users at once. */
    List<Double> concurrently(int workers, List<String> tokens, byte[] body, int perWorker) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<List<Double>>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String token = tokens.get(w);
                Callable<List<Double>> job = () -> sequentially(token, body, perWorker);
                done.add(pool.submit(job));
            }
            List<Double> samples = new ArrayList<>();
            for (Future<List<Double>> f : done) {
                samples.addAll(f.get());
            }
            return samples;
        }
    }

    String uploadOnce(String token, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(multipartRequest(token, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail("upload answered " + response.statusCode() + ": " + cut(response.body()));
        }
        return response.body();
    }

    HttpRequest multipartRequest(String token, byte[] body) {
        return HttpRequest.newBuilder(URI.create(base + "/api/users/me/profile/picture"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    static final String BOUNDARY = "portrait-bench-boundary-7Qf3";

    static byte[] multipart(byte[] file, String filename) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 512);
        out.writeBytes(("--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"image\"; filename=\"" + filename + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Registers and logs in {@code count} users; returns their access tokens. */
    List<String> users(String prefix, int count) throws IOException, InterruptedException {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "b" + prefix + runId + "x" + i;
            String email = name + "@bench.example.com";
            postJson("/api/auth/register", "{\"email\":\"" + email + "\",\"username\":\"" + name
                    + "\",\"password\":\"" + PASSWORD + "\"}", 201);
            String login = postJson("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                    + "\"}", 200);
            Matcher token = TOKEN.matcher(login);
            if (!token.find()) {
                throw new IllegalStateException("No accessToken in the login answer: " + cut(login));
            }
            tokens.add(token.group(1));
        }
        return tokens;
    }

    String postJson(String path, String json, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + cut(response.body()));
        }
        return response.body();
    }

    static String square150(String uploadAnswer) {
        Matcher url = SQUARE_150.matcher(uploadAnswer);
        return url.find() ? url.group(1) : null;
    }

    synchronized void fail(String message) {
        if (failures.size() < 20) {
            failures.add(message);
        }
        System.err.println("HttpBench: " + message);
    }

    static String cut(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    static void progress(String format, Object... args) {
        System.err.printf("HttpBench: " + format + "%n", args);
    }

    // ---------------------------------------------------------------- a decompression bomb

    /** A PNG of a few hundred bytes whose IHDR declares width x height (8-bit RGB). */
    static byte[] pngDeclaring(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0});
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[4096]);
        deflater.finish();
        byte[] idat = new byte[256];
        idat = java.util.Arrays.copyOf(idat, deflater.deflate(idat));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(HexFormat.of().parseHex("89504e470d0a1a0a"));
        for (Object[] chunk : new Object[][] {{"IHDR", ihdr.array()}, {"IDAT", idat}, {"IEND", new byte[0]}}) {
            byte[] type = ((String) chunk[0]).getBytes(StandardCharsets.US_ASCII);
            byte[] data = (byte[]) chunk[1];
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            png.writeBytes(ByteBuffer.allocate(12 + data.length)
                    .putInt(data.length).put(type).put(data).putInt((int) crc.getValue()).array());
        }
        return png.toByteArray();
    }

    // ---------------------------------------------------------------- JSON out

    static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(json(k.toString()) + ":" + json(v)));
            return "{" + String.join(",", parts) + "}";
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(",", list.stream().map(HttpBench::json).toList()) + "]";
        }
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toString().toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }
}
