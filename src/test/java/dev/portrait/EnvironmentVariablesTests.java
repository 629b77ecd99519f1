package dev.portrait;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.account.AuthProperties;
import dev.portrait.web.CorsProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The environment variable names README.md documents bind to their properties: Spring's own form
 * (dashes dropped, {@code PORTRAIT_CORS_ALLOWEDORIGINS}) and the one with an underscore for every
 * dash ({@code PORTRAIT_CORS_ALLOWED_ORIGINS}) alike.
 */
class EnvironmentVariablesTests {

    @ParameterizedTest(name = "{0} sets {1}")
    @CsvSource({
        "PORTRAIT_DATA_DIR,                         portrait.data-dir",
        "PORTRAIT_AUTH_ACCESS_TOKEN_TTL,            portrait.auth.access-token-ttl",
        "PORTRAIT_AUTH_ACCESSTOKENTTL,              portrait.auth.access-token-ttl",
        "PORTRAIT_AUTH_REFRESH_TOKEN_TTL,           portrait.auth.refresh-token-ttl",
        "PORTRAIT_AUTH_JWT_SECRET,                  portrait.auth.jwt-secret",
        "PORTRAIT_AUTH_LOGIN_FAILURES_PER_ACCOUNT,  portrait.auth.login-failures-per-account",
        "PORTRAIT_AUTH_LOGIN_FAILURES_PER_ADDRESS,  portrait.auth.login-failures-per-address",
        "PORTRAIT_AUTH_LOGIN_FAILURE_WINDOW,        portrait.auth.login-failure-window",
        "PORTRAIT_CORS_ALLOWED_ORIGINS,             portrait.cors.allowed-origins",
        "PORTRAIT_CORS_ALLOWEDORIGINS,              portrait.cors.allowed-origins",
        "PORTRAIT_IMAGING_MAX_PIXELS,               portrait.imaging.max-pixels",
        "PORTRAIT_IMAGING_MAX_ORIGINAL_SIDE,        portrait.imaging.max-original-side",
        "PORTRAIT_IMAGING_JPEG_QUALITY,             portrait.imaging.jpeg-quality",
        "PORTRAIT_IMAGING_MAX_CONCURRENT_JOBS,      portrait.imaging.max-concurrent-jobs",
        "PORTRAIT_IMAGING_THREADS,                  portrait.imaging.threads",
        "PORTRAIT_STORAGE_TYPE,                     portrait.storage.type",
        "PORTRAIT_STORAGE_DIRECTORY,                portrait.storage.directory",
        "PORTRAIT_STORAGE_S3_BUCKET,                portrait.storage.s3.bucket",
        "PORTRAIT_STORAGE_S3_REGION,                portrait.storage.s3.region",
        "PORTRAIT_STORAGE_S3_ENDPOINT,              portrait.storage.s3.endpoint",
        "PORTRAIT_STORAGE_S3_PATH_STYLE,            portrait.storage.s3.path-style",
        "PORTRAIT_STORAGE_S3_ACCESS_KEY,            portrait.storage.s3.access-key",
        "PORTRAIT_STORAGE_S3_SECRET_KEY,            portrait.storage.s3.secret-key",
        "PORTRAIT_STORAGE_S3_PREFIX,                portrait.storage.s3.prefix",
        "PORTRAIT_UPLOAD_MAX_BYTES,                 portrait.upload.max-bytes",
        "PORTRAIT_RATE_UPLOADS_PER_MINUTE,          portrait.rate.uploads-per-minute",
        "PORTRAIT_MEDIA_RETENTION,                  portrait.media.retention",
        "PORTRAIT_MEDIA_ORPHAN_GRACE,               portrait.media.orphan-grace",
        "PORTRAIT_MEDIA_SWEEP_INTERVAL,             portrait.media.sweep-interval",
        "PORTRAIT_MEDIA_VIEW_FLUSH_INTERVAL,        portrait.media.view-flush-interval",
        "PORTRAIT_MEDIA_CACHE_SIZE,                 portrait.media.cache-size",
        "PORTRAIT_MEDIA_LIVE_CACHE_ENTRIES,         portrait.media.live-cache-entries",
        "PORTRAIT_MEDIA_BASE_URL,                   portrait.media.base-url",
        "SERVER_PORT,                               server.port"
    })
    void variableWhenSetThenBindsProperty(String variable, String property) {
        Binder binder = binder(Map.of(variable, "set-from-the-environment"));

        assertThat(binder.bind(property, String.class).get()).isEqualTo("set-from-the-environment");
    }

    @Test
    void allowedOriginsWhenCommaSeparatedThenOneOriginEach() {
        Binder binder =
                binder(Map.of("PORTRAIT_CORS_ALLOWED_ORIGINS", "https://app.example.com,http://localhost:5173"));

        CorsProperties cors = binder.bind("portrait.cors", CorsProperties.class).get();

        assertThat(cors.allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:5173");
    }

    @Test
    void authWhenSetByUnderscoredNamesThenRecordHasValuesAndDefaults() {
        Binder binder = binder(Map.of(
                "PORTRAIT_AUTH_ACCESS_TOKEN_TTL", "5m",
                "PORTRAIT_AUTH_LOGIN_FAILURES_PER_ACCOUNT", "3"));

        AuthProperties auth = binder.bind("portrait.auth", AuthProperties.class).get();

        assertThat(auth.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(auth.loginFailuresPerAccount()).isEqualTo(3);
        assertThat(auth.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
    }

    private static Binder binder(Map<String, Object> variables) {
        return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }
}
