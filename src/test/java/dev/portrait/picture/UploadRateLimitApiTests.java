package dev.portrait.picture;

import static dev.portrait.imaging.TestImages.encode;
import static dev.portrait.imaging.TestImages.scene;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@ApiTest
@TestPropertySource(properties = "portrait.rate.uploads-per-minute=2")
class UploadRateLimitApiTests {

    private static final String UPLOAD = "/api/users/me/profile/picture";

    @Autowired
    ApiClient api;

    @Test
    void uploadWhenOverTheLimitThen429WithRetryAfterAndOtherUsersUnaffected() {
        TestUser user = api.newUser();
        TestUser other = api.newUser();
        byte[] image = encode(scene(100, 100), "jpeg");

        assertThat(api.upload(UPLOAD, image, user.auth()).status()).isEqualTo(200);
        assertThat(api.upload(UPLOAD, image, user.auth()).status()).isEqualTo(200);
        Response limited = api.upload(UPLOAD, image, user.auth());

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(limited.json().get("detail").asString()).contains("at most 2 per minute");
        assertThat(api.upload(UPLOAD, image, other.auth()).status()).isEqualTo(200);
    }
}
