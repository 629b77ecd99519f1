package dev.portrait.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** What happens to requests whose bearer token is missing, expired, forged or otherwise wrong. */
@ApiTest
class TokenApiTests {

    @Autowired
    JwtEncoder encoder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiClient api;

    private Response me(String token) {
        return api.get("/api/users/me", "Authorization", "Bearer " + token);
    }

    private static String sign(JwtEncoder encoder, String subject, Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .build();
        return encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    private static void assertInvalidToken(Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("invalid_token");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void meWhenNoTokenThen401AuthenticationRequired() {
        Response response = api.get("/api/users/me");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("authentication_required");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"portrait\"");
    }

    @Test
    void meWhenTokenExpiredThen401TokenExpired() {
        TestUser user = api.newUser();
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);

        Response response = me(sign(encoder, user.id().toString(), anHourAgo.minusSeconds(900), anHourAgo));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("token_expired");
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void meWhenPayloadTamperedThen401InvalidToken() {
        TestUser user = api.newUser();
        TestUser other = api.newUser();
        String[] parts = user.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(user.id().toString(), other.id().toString());
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertInvalidToken(me(forged));
    }

    @Test
    void meWhenAlgNoneThen401InvalidToken() {
        TestUser user = api.newUser();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString("{\"sub\":\"%s\",\"iat\":%d,\"exp\":%d}"
                .formatted(user.id(), now, now + 600)
                .getBytes(StandardCharsets.UTF_8));

        assertInvalidToken(me(header + "." + payload + "."));
    }

    @Test
    void meWhenSignedWithOtherKeyThen401InvalidToken() {
        TestUser user = api.newUser();
        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        JwtEncoder foreign = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(otherKey, "HmacSHA256")));

        assertInvalidToken(me(
                sign(foreign, user.id().toString(), Instant.now(), Instant.now().plusSeconds(600))));
    }

    @Test
    void meWhenTokenIsGarbageThen401InvalidToken() {
        assertInvalidToken(me("not.a.jwt"));
        assertInvalidToken(me("eyJhbGciOiJIUzI1NiJ9"));
    }

    @Test
    void meWhenSubjectIsNoUserThen401InvalidToken() {
        assertInvalidToken(me(sign(
                encoder,
                UUID.randomUUID().toString(),
                Instant.now(),
                Instant.now().plusSeconds(600))));
        assertInvalidToken(
                me(sign(encoder, "admin", Instant.now(), Instant.now().plusSeconds(600))));
    }

    @Test
    void accessTokenWhenIssuedThenHs256WithUserSubjectAnd15Minutes() {
        TestUser user = api.newUser();
        String[] parts = user.accessToken().split("\\.");
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        var claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));

        assertThat(header.get("alg").asString()).isEqualTo("HS256");
        assertThat(claims.get("sub").asString()).isEqualTo(user.id().toString());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
    }

    @Test
    void refreshWhenTokenExpiredThen401TokenExpired() {
        TestUser user = api.newUser();
        String expired = "expired-" + UUID.randomUUID();
        Instant past = Instant.now().minus(40, ChronoUnit.DAYS);
        jdbc.sql("""
                        insert into refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)
                        values (:id, :user, :family, :hash, :created, :expires)
                        """)
                .param("id", UUID.randomUUID())
                .param("user", user.id())
                .param("family", UUID.randomUUID())
                .param("hash", Tokens.hash(expired))
                .param("created", past.atOffset(ZoneOffset.UTC))
                .param("expires", past.plus(30, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC))
                .update();

        Response response = api.post("/api/auth/refresh", Map.of("refreshToken", expired));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("token_expired");
    }
}
