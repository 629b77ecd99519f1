package dev.portrait.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import dev.portrait.TestDatabase;
import dev.portrait.imaging.TestImages;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * On PostgreSQL a limit check takes a pooled connection of its own for its transaction, so it must
 * never run while the request holds one: with a pool of one connection, that would wait for itself
 * until the pool's timeout. Runs only in the build's PostgreSQL execution.
 */
@ApiTest
@Tag(TestDatabase.POSTGRESQL_ONLY)
@TestPropertySource(
        properties = {
            TestDatabase.PROPERTY + "=postgresql",
            "spring.datasource.hikari.maximum-pool-size=1",
            "spring.datasource.hikari.connection-timeout=1000",
            // Flyway's lock needs a second connection while it migrates: it gets its own.
            "spring.flyway.url=${spring.datasource.url}",
            "spring.flyway.user=postgres",
            "spring.flyway.password="
        })
class RateLimitConnectionsPostgreSqlTests {

    @Autowired
    ApiClient api;

    @Test
    void loginAndUploadWhenPoolHasOneConnectionThenAnswered() {
        TestUser user = api.newUser();

        assertThat(api.post("/api/auth/login", Map.of("email", user.email(), "password", "wrong"))
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/auth/login", Map.of("email", user.email(), "password", user.password()))
                        .status())
                .isEqualTo(200);
        assertThat(api.upload(
                                "/api/users/me/profile/picture",
                                TestImages.encode(TestImages.scene(60, 40), "jpeg"),
                                user.auth())
                        .status())
                .isEqualTo(200);
    }
}
