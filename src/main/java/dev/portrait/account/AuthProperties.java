package dev.portrait.account;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How accounts sign in.
 *
 * @param accessTokenTtl how long an access token (JWT) is valid ({@code PORTRAIT_AUTH_ACCESS_TOKEN_TTL})
 * @param refreshTokenTtl how long a refresh token is valid ({@code PORTRAIT_AUTH_REFRESH_TOKEN_TTL})
 * @param jwtSecret the HS256 signing key, base64, at least 32 bytes ({@code PORTRAIT_AUTH_JWT_SECRET});
 *     when absent a key is generated on first start and kept in the data directory. Every instance of
 *     a cluster must share it.
 * @param loginFailuresPerAccount failed logins one account may take per window before 429
 * @param loginFailuresPerAddress failed logins one client address may make per window before 429
 * @param loginFailureWindow the window over which failed logins are counted
 */
@ConfigurationProperties("portrait.auth")
@Validated
public record AuthProperties(
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @Nullable String jwtSecret,
        @DefaultValue("10") @Min(1) int loginFailuresPerAccount,
        @DefaultValue("100") @Min(1) int loginFailuresPerAddress,
        @DefaultValue("15m") Duration loginFailureWindow) {

    public AuthProperties {
        requirePositive("portrait.auth.access-token-ttl", accessTokenTtl);
        requirePositive("portrait.auth.refresh-token-ttl", refreshTokenTtl);
        requirePositive("portrait.auth.login-failure-window", loginFailureWindow);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
