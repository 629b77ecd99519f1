package dev.portrait.storage;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy, a real S3 API server that checks SigV4 signatures, running in its own JVM with a
 * filesystem backend in a temporary directory. The jar is put in {@code target/s3proxy} by the
 * Maven build.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String BUCKET = "portrait-test";

    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;

    private final Path directory;

    private final URI endpoint;

    private final String accessKey;

    private final String secretKey;

    private S3ProxyServer(Process process, Path directory, URI endpoint, String accessKey, String secretKey) {
        this.process = process;
        this.directory = directory;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    static S3ProxyServer start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(
                    "No S3Proxy jar at " + JAR.toAbsolutePath() + "; run the tests through Maven, which fetches it");
        }
        try {
            Path directory = Files.createTempDirectory("s3proxy-");
            Path data = Files.createDirectory(directory.resolve("data"));
            int port = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            String accessKey = "portrait-test";
            String secretKey = randomHex();
            Properties configuration = new Properties();
            configuration.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            configuration.setProperty("s3proxy.endpoint", endpoint.toString());
            configuration.setProperty("s3proxy.identity", accessKey);
            configuration.setProperty("s3proxy.credential", secretKey);
            configuration.setProperty("jclouds.provider", "filesystem");
            configuration.setProperty("jclouds.filesystem.basedir", data.toString());
            Path configurationFile = directory.resolve("s3proxy.conf");
            try (OutputStream out = Files.newOutputStream(configurationFile)) {
                configuration.store(out, null);
            }
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-XX:TieredStopAtLevel=1",
                            "-jar",
                            JAR.toAbsolutePath().toString(),
                            "--properties",
                            configurationFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("s3proxy.log").toFile())
                    .start();
            S3ProxyServer server = new S3ProxyServer(process, directory, endpoint, accessKey, secretKey);
            try {
                server.awaitPort(port);
                try (S3Client client = server.client()) {
                    client.createBucket(request -> request.bucket(BUCKET));
                }
            } catch (RuntimeException ex) {
                server.close();
                throw ex;
            }
            return server;
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot start S3Proxy", ex);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    /** Client settings as the application would have them, against this server. */
    StorageProperties.S3 settings(String prefix) {
        return settings(accessKey, secretKey, prefix);
    }

    StorageProperties.S3 settings(String accessKey, String secretKey, String prefix) {
        return new StorageProperties.S3(BUCKET, "us-east-1", endpoint, true, accessKey, secretKey, prefix);
    }

    /** A client configured the way the application configures its own. */
    S3Client client() {
        return StorageConfiguration.s3Client(settings(""));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot delete S3Proxy directory " + directory, ex);
        }
    }

    private void awaitPort(int port) {
        await("S3Proxy listening on port " + port + "; see " + log())
                .atMost(STARTUP_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "S3Proxy exited with " + process.exitValue() + "; see " + log());
                    }
                    return listening(port);
                });
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYetListening) {
            return false;
        }
    }

    private Path log() {
        return directory.resolve("s3proxy.log");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[20];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
