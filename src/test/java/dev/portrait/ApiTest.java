package dev.portrait;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * An integration test of the real HTTP API on a random port, with real files in a fresh data
 * directory and a real database: H2 (the embedded default) or, when the build runs the suite a
 * second time with {@code -Dportrait.test.database=postgresql}, a real PostgreSQL server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"portrait.auth.login-failures-per-address=100000"})
@ContextConfiguration(initializers = TestDatabase.class)
@Import(ApiClient.class)
public @interface ApiTest {}
