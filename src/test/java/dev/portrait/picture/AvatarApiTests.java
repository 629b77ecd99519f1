package dev.portrait.picture;

import static dev.portrait.imaging.TestImages.encode;
import static dev.portrait.imaging.TestImages.scene;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

@ApiTest
class AvatarApiTests {

    @Autowired
    ApiClient api;

    TestUser user;

    @BeforeEach
    void setUp() {
        user = api.newUser();
    }

    @Test
    void avatarWhenNoPictureThenSvgInitialWithNothingActive() {
        Response response = api.get("/api/users/" + user.id() + "/avatar?size=64");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        String svg = response.text();
        assertThat(svg).startsWith("<svg").contains("width=\"64\"").contains(">U</text>");
        assertThat(svg.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("<script", "href", "url(", "onload", "<foreignobject", "<image");
    }

    @Test
    void avatarWhenNoPictureThenColourIsTheUsersOwnAndStable() {
        TestUser other = api.newUser();

        String mine = api.get("/api/users/" + user.id() + "/avatar").text();
        String again = api.get("/api/users/" + user.id() + "/avatar").text();
        String theirs = api.get("/api/users/" + other.id() + "/avatar").text();

        assertThat(again).isEqualTo(mine);
        assertThat(mine).contains(InitialsAvatar.colour(user.id()));
        assertThat(theirs).contains(InitialsAvatar.colour(other.id()));
    }

    @Test
    void avatarWhenPictureThen302ToTheSquareOfThatSize() {
        Response upload = api.upload("/api/users/me/profile/picture", encode(scene(300, 200), "jpeg"), user.auth());
        String mediaId =
                upload.json().get("profile").get("picture").get("mediaId").asString();

        Response response = api.get("/api/users/" + user.id() + "/avatar?size=512");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/api/media/" + mediaId + "?size=512");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(api.get("/api/users/" + user.id() + "/avatar").header("Location"))
                .isEqualTo("/api/media/" + mediaId + "?size=150");
    }

    @Test
    void avatarWhenUnknownUserThen404() {
        Response response = api.get("/api/users/" + UUID.randomUUID() + "/avatar");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("user_not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"32", "original", "150px", "<svg>"})
    void avatarWhenSizeIsNotASquareThen400(String size) {
        Response response = api.get("/api/users/" + user.id() + "/avatar?size="
                + java.net.URLEncoder.encode(size, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("invalid_size");
    }
}
