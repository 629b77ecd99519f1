package dev.portrait.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import dev.portrait.PortraitProperties;
import dev.portrait.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * A password, once registered, is nowhere in plain text: not in any column of any table, not in
 * the database's files on disk, not in the log (nor are tokens). A marker that is stored (the
 * email) is looked for the same way, so that a scan that sees nothing cannot pass.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class PasswordAtRestApiTests {

    private static final String BODY_LOGGER = "org.springframework.web.servlet.mvc.method.annotation";

    @Autowired
    ApiClient api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PortraitProperties portrait;

    @Autowired
    PasswordEncoder passwords;

    String email;
    String password;

    @BeforeEach
    void registerAndLogIn() {
        String id = UUID.randomUUID().toString().replace("-", "");
        email = "canary" + id.substring(0, 12) + "@example.com";
        password = "Plaintext-Canary-" + id;
        assertThat(api.post(
                                "/api/auth/register",
                                Map.of(
                                        "email",
                                        email,
                                        "username",
                                        "canary_" + id.substring(0, 12),
                                        "password",
                                        password))
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/auth/login", Map.of("email", email, "password", password))
                        .status())
                .isEqualTo(200);
    }

    /** The password as typed, and the trivial encodings a careless store might use. */
    private List<String> passwordForms() {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        return List.of(
                password,
                Base64.getEncoder().encodeToString(bytes),
                HexFormat.of().formatHex(bytes),
                HexFormat.of().withUpperCase().formatHex(bytes));
    }

    @Test
    void registerThenPasswordInNoColumnOfAnyTable() {
        List<String> tables = jdbc.sql("""
                        select table_name from information_schema.tables
                        where table_schema = current_schema and table_type = 'BASE TABLE'
                        """).query(String.class).list();
        List<String> values = new ArrayList<>();
        for (String table : tables) {
            for (Map<String, Object> row :
                    jdbc.sql("select * from \"" + table + "\"").query().listOfRows()) {
                row.values().forEach(value -> values.add(text(value)));
            }
        }

        assertThat(tables.stream().map(table -> table.toLowerCase(Locale.ROOT)))
                .contains("users", "refresh_tokens", "profiles", "flyway_schema_history");
        assertThat(values).contains(email);
        assertThat(values).allSatisfy(value -> assertThat(value).doesNotContain(passwordForms()));
    }

    @Test
    void registerThenPasswordStoredAsArgon2idOrBcryptHashOfIt() {
        String hash = jdbc.sql("select password_hash from users where email_key = :key")
                .param("key", email.toLowerCase(Locale.ROOT))
                .query(String.class)
                .single();

        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=\\d+\\$.+|\\$2[aby]\\$\\d\\d\\$.{53}");
        assertThat(passwords.matches(password, hash)).isTrue();
        assertThat(passwords.matches(password + "x", hash)).isFalse();
    }

    @Test
    void registerThenPasswordInNoFileOfTheDatabase() throws IOException {
        jdbc.sql("checkpoint").update();
        List<Path> roots = new ArrayList<>(List.of(portrait.dataDir()));
        if (TestDatabase.isPostgres()) {
            roots.add(
                    Path.of(jdbc.sql("show data_directory").query(String.class).single()));
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        List<String> contents = new ArrayList<>();
        for (Path file : files) {
            contents.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }

        assertThat(contents).anySatisfy(content -> assertThat(content).contains(email));
        assertThat(contents).allSatisfy(content -> assertThat(content).doesNotContain(passwordForms()));
    }

    // Spring MVC traces every request and response body it reads or writes, when asked to.
    @Test
    void registerLoginAndRefreshWhenBodiesTracedThenNoPasswordOrTokenInLog(CapturedOutput log) {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(BODY_LOGGER, LogLevel.TRACE);
        try {
            TestUser user = api.newUser();
            JsonNode refreshed = api.post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()))
                    .json();

            assertThat(log.getAll())
                    .contains(user.email())
                    .doesNotContain(
                            user.password(),
                            user.accessToken(),
                            user.refreshToken(),
                            refreshed.get("accessToken").asString(),
                            refreshed.get("refreshToken").asString());
        } finally {
            logging.setLogLevel(BODY_LOGGER, null);
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
    }
}
