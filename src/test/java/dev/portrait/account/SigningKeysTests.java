package dev.portrait.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.portrait.PortraitProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class SigningKeysTests {

    private static final String KEY_FILE = "jwt-signing.key";

    @TempDir
    Path dataDir;

    private static AuthProperties auth(@Nullable String jwtSecret) {
        return new AuthProperties(
                Duration.ofMinutes(15), Duration.ofDays(30), jwtSecret, 10, 100, Duration.ofMinutes(15));
    }

    private SecretKey load(@Nullable String jwtSecret) {
        return SigningKeys.load(auth(jwtSecret), new PortraitProperties(dataDir));
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    @Nested
    class Configured {

        @ParameterizedTest
        @ValueSource(ints = {32, 33, 64, 128})
        void loadWhenSecretHasAtLeast32BytesThenThatKeyAndNoFile(int length) {
            byte[] secret = bytes(length);

            SecretKey key = load(Base64.getEncoder().encodeToString(secret));

            assertThat(key.getEncoded()).isEqualTo(secret);
            assertThat(key.getAlgorithm()).isEqualTo("HmacSHA256");
            assertThat(dataDir.resolve(KEY_FILE)).doesNotExist();
        }

        @Test
        void loadWhenSecretHasSurroundingWhitespaceThenStripped() {
            byte[] secret = bytes(32);

            SecretKey key = load("  " + Base64.getEncoder().encodeToString(secret) + "\n");

            assertThat(key.getEncoded()).isEqualTo(secret);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 16, 31})
        void loadWhenSecretShorterThan32BytesThenRefusedSayingSo(int length) {
            String secret = Base64.getEncoder().encodeToString(bytes(length));

            assertThatIllegalStateException()
                    .isThrownBy(() -> load(secret))
                    .withMessageContaining("portrait.auth.jwt-secret")
                    .withMessageContaining("has " + length + " bytes")
                    .withMessageContaining("at least 32")
                    .withMessageNotContaining(secret);
        }

        @ParameterizedTest
        @ValueSource(strings = {"not base64 at all!", "c2VjcmV0*c2VjcmV0", "%%%%"})
        void loadWhenSecretIsNotBase64ThenRefusedSayingSo(String secret) {
            assertThatIllegalStateException()
                    .isThrownBy(() -> load(secret))
                    .withMessageContaining("portrait.auth.jwt-secret")
                    .withMessageContaining("not valid base64")
                    .withMessageNotContaining(secret);
        }
    }

    @Nested
    class Generated {

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void loadWhenNoSecretThenKeyGeneratedIntoDataDirWithMode0600(String blank) throws IOException {
            SecretKey key = load(blank.isEmpty() ? null : blank);

            Path file = dataDir.resolve(KEY_FILE);
            assertThat(file).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(key.getEncoded()).hasSizeGreaterThanOrEqualTo(SigningKeys.MIN_KEY_BYTES);
            assertThat(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII)))
                    .isEqualTo(key.getEncoded());
        }

        @Test
        void loadWhenKeyFileExistsThenSameKeyOnNextStartAndFileUntouched() throws IOException {
            SecretKey first = load(null);
            Path file = dataDir.resolve(KEY_FILE);
            String written = Files.readString(file);
            var modified = Files.getLastModifiedTime(file);

            SecretKey second = load(null);

            assertThat(second.getEncoded()).isEqualTo(first.getEncoded());
            assertThat(Files.readString(file)).isEqualTo(written);
            assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        }

        @Test
        void loadWhenDataDirsDifferThenKeysDiffer(@TempDir Path otherDataDir) {
            SecretKey here = load(null);
            SecretKey there = SigningKeys.load(auth(null), new PortraitProperties(otherDataDir));

            assertThat(there.getEncoded()).isNotEqualTo(here.getEncoded());
        }

        @Test
        void loadWhenDataDirMissingThenCreated() {
            Path nested = dataDir.resolve("not/yet/there");

            SigningKeys.load(auth(null), new PortraitProperties(nested));

            assertThat(nested.resolve(KEY_FILE)).isRegularFile();
        }

        @Test
        void loadWhenConfiguredSecretAndKeyFileThenConfiguredWins() {
            load(null);
            byte[] secret = bytes(32);

            SecretKey key = load(Base64.getEncoder().encodeToString(secret));

            assertThat(key.getEncoded()).isEqualTo(secret);
        }

        @Test
        void loadWhenKeyFileTooShortThenRefusedNamingTheFile() throws IOException {
            Path file = dataDir.resolve(KEY_FILE);
            Files.writeString(file, Base64.getEncoder().encodeToString(bytes(8)));

            assertThatIllegalStateException()
                    .isThrownBy(() -> load(null))
                    .withMessageContaining(file.toString())
                    .withMessageContaining("has 8 bytes");
        }
    }

    /** The key is a bean made at start-up, so a bad secret stops the application from starting. */
    @Nested
    class AtStartup {

        private final ApplicationContextRunner context = new ApplicationContextRunner()
                .withUserConfiguration(TokenConfiguration.class, Properties.class)
                .withBean(
                        UserRepository.class,
                        () -> new UserRepository(JdbcClient.create(new SimpleDriverDataSource())));

        @EnableConfigurationProperties({AuthProperties.class, PortraitProperties.class})
        static class Properties {}

        @Test
        void startWhenSecretTooShortThenFailsWithClearMessage() {
            context.withPropertyValues(
                            "portrait.data-dir=" + dataDir,
                            "portrait.auth.jwt-secret=" + Base64.getEncoder().encodeToString(bytes(16)))
                    .run(
                            started -> assertThat(started)
                                    .hasFailed()
                                    .getFailure()
                                    .rootCause()
                                    .isInstanceOf(IllegalStateException.class)
                                    .hasMessage(
                                            "The signing key in portrait.auth.jwt-secret has 16 bytes; HS256 needs at least 32"));
        }

        @Test
        void startWhenNoSecretThenKeyFileInDataDir() {
            context.withPropertyValues("portrait.data-dir=" + dataDir).run(started -> {
                assertThat(started).hasNotFailed().hasSingleBean(SecretKey.class);
                assertThat(dataDir.resolve(KEY_FILE)).isRegularFile();
            });
        }
    }
}
