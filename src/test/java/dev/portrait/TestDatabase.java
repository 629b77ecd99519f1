package dev.portrait;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points each test application at a fresh data directory, and at the database the run asks for:
 * the default H2 file database inside that directory, or one real PostgreSQL server started once
 * per JVM (a new database per application context, so Flyway migrates from scratch each time).
 * The run asks with the system property {@value #PROPERTY}; a test that only makes sense on
 * PostgreSQL sets it as a test property.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String PROPERTY = "portrait.test.database";

    /**
     * The JUnit tag of tests that only make sense on PostgreSQL. The H2 execution in the pom leaves
     * them out by this tag, which, unlike a file pattern, still holds when a run names tests with
     * {@code -Dtest}.
     */
    public static final String POSTGRESQL_ONLY = "postgresql-only";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("portrait-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("portrait.data-dir", dataDir.toString());
        if ("postgresql".equals(context.getEnvironment().getProperty(PROPERTY))) {
            String database = "portrait_" + UUID.randomUUID().toString().replace("-", "");
            administer("create database " + database);
            properties.put("spring.datasource.url", Postgres.url(database));
            properties.put("spring.datasource.username", "postgres");
            properties.put("spring.datasource.password", "");
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("portrait-test", properties));
    }

    public static boolean isPostgres() {
        return "postgresql".equals(System.getProperty(PROPERTY));
    }

    /**
     * Runs a statement on the PostgreSQL server from outside the test's own database, for what
     * cannot be done from inside it (such as refusing new connections to it).
     */
    public static void administer(String sql) {
        try (var connection = Postgres.SERVER.getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot run " + sql, e);
        }
    }

    /**
     * One server per test JVM; the first start takes about three seconds. It stops after the last
     * application context has closed: stopped by a JVM shutdown hook of its own, it went down while
     * the contexts were closing, and the views they flush then waited 30 s for a connection, until
     * Surefire killed the fork.
     */
    private static final class Postgres {

        private static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder()
                        .setRegisterShutdownHook(false)
                        .start();
                SpringApplication.getShutdownHandlers().add(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // The JVM is exiting; the server's temp directory goes with the run.
                    }
                });
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
            }
        }

        static String url(String database) {
            return SERVER.getJdbcUrl("postgres", database);
        }
    }
}
