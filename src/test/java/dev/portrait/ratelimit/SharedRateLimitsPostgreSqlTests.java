package dev.portrait.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import dev.portrait.SecondInstance;
import dev.portrait.TestDatabase;
import dev.portrait.imaging.TestImages;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Two instances on one PostgreSQL database, the way a cluster runs: a limit counts what a key did
 * on either of them, so a client cannot get more by spreading its requests over the instances.
 * Runs only in the build's PostgreSQL execution: on H2 there is no second instance.
 */
@ApiTest
@Tag(TestDatabase.POSTGRESQL_ONLY)
@TestPropertySource(
        properties = {
            TestDatabase.PROPERTY + "=postgresql",
            "portrait.auth.login-failures-per-account=3",
            "portrait.rate.uploads-per-minute=2"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedRateLimitsPostgreSqlTests {

    private static final String UPLOAD = "/api/users/me/profile/picture";

    @Autowired
    ApiClient api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RateLimiters limiters;

    private ConfigurableApplicationContext second;
    private ApiClient other;

    @BeforeAll
    void startSecondInstance(@Autowired Environment environment) {
        second = SecondInstance.start(
                environment,
                "--portrait.auth.login-failures-per-account=3",
                "--portrait.auth.login-failures-per-address=100000",
                "--portrait.rate.uploads-per-minute=2");
        other = new ApiClient(second.getEnvironment());
    }

    @AfterAll
    void stopSecondInstance() {
        second.close();
    }

    private static Response login(ApiClient client, String email, String password) {
        return client.post("/api/auth/login", Map.of("email", email, "password", password));
    }

    @Test
    void loginWhenFailuresSpreadOverInstancesThenEachCountsThemAll() {
        TestUser user = api.newUser();
        assertThat(login(api, user.email(), "wrong guess 1").status()).isEqualTo(401);
        assertThat(login(api, user.email(), "wrong guess 2").status()).isEqualTo(401);
        assertThat(login(other, user.email(), "wrong guess 3").status()).isEqualTo(401);

        assertThat(login(api, user.email(), user.password()).code()).isEqualTo("rate_limited");
        assertThat(login(other, user.email(), user.password()).code()).isEqualTo("rate_limited");
    }

    @Test
    void uploadWhenSpreadOverInstancesThenTheLimitHoldsForAllOfThem() {
        TestUser user = api.newUser();
        byte[] image = TestImages.encode(TestImages.scene(60, 40), "jpeg");
        assertThat(api.upload(UPLOAD, image, user.auth()).status()).isEqualTo(200);
        assertThat(other.upload(UPLOAD, image, user.auth()).status()).isEqualTo(200);

        assertThat(api.upload(UPLOAD, image, user.auth()).code()).isEqualTo("rate_limited");
        assertThat(other.upload(UPLOAD, image, user.auth()).code()).isEqualTo("rate_limited");
    }

    @Test
    void removeExpiredThenOnlyBucketsThatWouldBeFullAgainGo() {
        TestUser expired = api.newUser();
        TestUser recent = api.newUser();
        login(api, expired.email(), "wrong guess");
        login(api, recent.email(), "wrong guess");
        String expiredKey = "login-failures-account:" + expired.email().toLowerCase(Locale.ROOT);
        String recentKey = "login-failures-account:" + recent.email().toLowerCase(Locale.ROOT);
        jdbc.sql("update rate_limit_buckets set expires_at = 0 where id = ?")
                .param(expiredKey)
                .update();

        assertThat(limiters.removeExpired()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("select id from rate_limit_buckets where id in (?, ?)")
                        .params(expiredKey, recentKey)
                        .query(String.class)
                        .list())
                .containsExactly(recentKey);
    }
}
