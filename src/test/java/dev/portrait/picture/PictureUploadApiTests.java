package dev.portrait.picture;

import static dev.portrait.imaging.TestImages.BLUE;
import static dev.portrait.imaging.TestImages.RED;
import static dev.portrait.imaging.TestImages.ascii;
import static dev.portrait.imaging.TestImages.contains;
import static dev.portrait.imaging.TestImages.decode;
import static dev.portrait.imaging.TestImages.encode;
import static dev.portrait.imaging.TestImages.fixture;
import static dev.portrait.imaging.TestImages.near;
import static dev.portrait.imaging.TestImages.scene;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Form;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import dev.portrait.imaging.TestImages;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@ApiTest
@TestPropertySource(properties = "portrait.rate.uploads-per-minute=1000")
class PictureUploadApiTests {

    private static final String UPLOAD = "/api/users/me/profile/picture";

    @Autowired
    ApiClient api;

    @Autowired
    JdbcClient jdbc;

    TestUser user;

    @BeforeEach
    void setUp() {
        user = api.newUser();
    }

    private JsonNode uploadOk(byte[] image) {
        Response response = api.upload(UPLOAD, image, user.auth());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().get("profile").get("picture");
    }

    @Nested
    class Upload {

        @Test
        void uploadWhenNoProfileThenCreatesOneWithEmptyBioAndAnswersThePicture() {
            Response response = api.upload(UPLOAD, encode(scene(800, 600), "jpeg"), user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.get("message").asString()).isEqualTo("Profile picture updated successfully");
            JsonNode profile = body.get("profile");
            assertThat(profile.get("userId").asString()).isEqualTo(user.id().toString());
            assertThat(profile.get("bio").asString()).isEmpty();
            JsonNode picture = profile.get("picture");
            String mediaId = picture.get("mediaId").asString();
            assertThat(picture.get("url").asString()).isEqualTo("/api/media/" + mediaId);
            assertThat(picture.get("thumbnailUrl").asString()).isEqualTo("/api/media/" + mediaId + "?size=150");
            assertThat(picture.get("sizes").get("64").asString()).isEqualTo("/api/media/" + mediaId + "?size=64");
            assertThat(picture.get("sizes").get("512").asString()).isEqualTo("/api/media/" + mediaId + "?size=512");
            assertThat(picture.get("width").asInt()).isEqualTo(800);
            assertThat(picture.get("height").asInt()).isEqualTo(600);
            assertThat(picture.get("placeholderColor").asString()).matches("#[0-9a-f]{6}");
            assertThat(picture.get("updatedAt").asString()).isNotBlank();
            assertThat(picture.get("receipt").get("messages").isArray()).isTrue();

            Response mine = api.get("/api/profiles/me", user.auth());
            assertThat(mine.json().get("picture").get("mediaId").asString()).isEqualTo(mediaId);
        }

        @ParameterizedTest
        @ValueSource(strings = {UPLOAD, UPLOAD + "/"})
        void uploadWhenEitherPathThen200(String path) {
            Response response = api.upload(path, encode(scene(200, 200), "png"), user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(200);
        }

        @Test
        void uploadByUserIdWhenOwnIdThen200() {
            Response response = api.upload(
                    "/api/users/" + user.id() + "/profile-picture", encode(scene(200, 200), "png"), user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.json().get("profile").get("picture").isObject()).isTrue();
        }

        @Test
        void uploadByUserIdWhenSomeoneElsesThen403AndTheirProfileUntouched() {
            TestUser other = api.newUser();

            Response response = api.upload(
                    "/api/users/" + other.id() + "/profile-picture", encode(scene(200, 200), "png"), user.auth());

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.code()).isEqualTo("forbidden");
            assertThat(api.get("/api/users/" + other.id() + "/profile").status())
                    .isEqualTo(404);
        }

        @Test
        void uploadWhenNoTokenThen401() {
            Response response = api.upload(UPLOAD, encode(scene(200, 200), "png"));

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.code()).isEqualTo("authentication_required");
        }

        @Test
        void uploadWhenNotMultipartThen415() {
            Response response = api.post(UPLOAD, "{}", user.auth());

            assertThat(response.status()).isEqualTo(415);
            assertThat(response.code()).isEqualTo("unsupported_media_type");
        }

        @Test
        void uploadKeepsTheClientFileNameAsMetadataOnly() {
            Response response = api.multipart(
                    "POST",
                    UPLOAD,
                    Form.file("image", "../../etc/cron.d/evil\u0007.jpg", encode(scene(100, 100), "jpeg")),
                    user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            String stored = jdbc.sql("select original_filename from media where uploader_id = :id")
                    .param("id", user.id())
                    .query(String.class)
                    .single();
            assertThat(stored).isEqualTo("evil.jpg");
        }
    }

    @Nested
    class Formats {

        static Stream<Arguments> formats() {
            BufferedImage bmp = new BufferedImage(300, 200, BufferedImage.TYPE_3BYTE_BGR);
            bmp.getGraphics().drawImage(scene(300, 200), 0, 0, null);
            return Stream.of(
                    Arguments.of("JPEG", encode(scene(300, 200), "jpeg"), 300, 200),
                    Arguments.of("PNG", encode(scene(300, 200), "png"), 300, 200),
                    Arguments.of("GIF", fixture("animated.gif"), 90, 60),
                    Arguments.of("BMP", encode(bmp, "bmp"), 300, 200),
                    Arguments.of("WebP", fixture("scene.webp"), 300, 200),
                    Arguments.of("HEIC", fixture("scene.heic"), 300, 200));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("formats")
        void uploadWhenAcceptedFormatUnderAMisleadingNameThenServedAsJpegWithExactSizes(
                String format, byte[] image, int width, int height) {
            Response response = api.multipart(
                    "POST", UPLOAD, new Form().withFile("image", "notes.txt", "text/plain", image), user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            JsonNode picture = response.json().get("profile").get("picture");
            assertThat(picture.get("width").asInt()).isEqualTo(width);
            assertThat(picture.get("height").asInt()).isEqualTo(height);

            Response original = api.get(picture.get("url").asString());
            assertThat(original.header("Content-Type")).isEqualTo("image/jpeg");
            BufferedImage decoded = decode(original.body());
            assertThat(decoded.getWidth()).isEqualTo(width);
            assertThat(decoded.getHeight()).isEqualTo(height);
            for (String side : List.of("64", "150", "512")) {
                BufferedImage square = decode(
                        api.get(picture.get("sizes").get(side).asString()).body());
                assertThat(square.getWidth()).as(side).isEqualTo(Integer.parseInt(side));
                assertThat(square.getHeight()).as(side).isEqualTo(Integer.parseInt(side));
            }
        }

        @Test
        void uploadWhenPngHasRealTransparencyThenServedAsPngWithAlpha() {
            BufferedImage image = TestImages.solid(200, 200, RED, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < 100; y++) {
                for (int x = 0; x < 200; x++) {
                    image.setRGB(x, y, 0x00000000);
                }
            }

            JsonNode picture = uploadOk(encode(image, "png"));

            Response square = api.get(picture.get("sizes").get("150").asString());
            assertThat(square.header("Content-Type")).isEqualTo("image/png");
            BufferedImage decoded = decode(square.body());
            assertThat(decoded.getColorModel().hasAlpha()).isTrue();
            assertThat(decoded.getRGB(75, 10) >>> 24).isZero();
            assertThat(decoded.getRGB(75, 140) >>> 24).isEqualTo(255);
            assertThat(picture.get("receipt").get("transparencyKept").asBoolean())
                    .isTrue();
        }

        @Test
        void uploadWhenOpaquePngThenServedAsJpeg() {
            JsonNode picture = uploadOk(encode(scene(200, 200), "png"));

            assertThat(api.get(picture.get("url").asString()).header("Content-Type"))
                    .isEqualTo("image/jpeg");
            assertThat(picture.get("receipt").get("convertedFrom").asString()).isEqualTo("PNG");
        }
    }

    @Nested
    class Processing {

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
        void uploadWhenExifOrientationThenServedUpright(int orientation) {
            byte[] upload = TestImages.jpegStoredForOrientation(scene(300, 200), orientation);

            JsonNode picture = uploadOk(upload);

            assertThat(picture.get("width").asInt()).isEqualTo(300);
            assertThat(picture.get("height").asInt()).isEqualTo(200);
            BufferedImage served = decode(api.get(picture.get("url").asString()).body());
            assertThat(served.getWidth()).isEqualTo(300);
            assertThat(near(served.getRGB(30, 30), RED, 60))
                    .as("top left is red")
                    .isTrue();
            assertThat(near(served.getRGB(270, 170), BLUE, 60))
                    .as("bottom right is blue")
                    .isTrue();
            assertThat(picture.get("receipt").get("rotatedUpright").asBoolean()).isEqualTo(orientation > 1);
        }

        @Test
        void uploadWhenJpegCarriesGpsCameraXmpAndPayloadsThenNoneIsServedAndTheReceiptSaysSo() {
            JsonNode picture = uploadOk(fixture("metadata.jpg"));

            assertThat(picture.get("receipt").get("gpsRemoved").asBoolean()).isTrue();
            assertThat(picture.get("receipt").get("cameraDataRemoved").asBoolean())
                    .isTrue();
            assertThat(picture.get("receipt").get("messages").toString()).contains("GPS");
            assertNoMetadataServed(picture);
        }

        @Test
        void uploadWhenGifCommentCarriesZipAndPhpThenNoneIsServed() {
            assertNoMetadataServed(uploadOk(fixture("animated.gif")));
        }

        @Test
        void uploadWhenCmykThenServedAsSrgb() {
            JsonNode picture = uploadOk(fixture("cmyk.jpg"));

            assertThat(picture.get("receipt").get("convertedToSrgb").asBoolean())
                    .isTrue();
            BufferedImage served = decode(api.get(picture.get("url").asString()).body());
            assertThat(served.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
            assertThat(served.getColorModel().getNumComponents()).isEqualTo(3);
        }

        private void assertNoMetadataServed(JsonNode picture) {
            List<String> urls = List.of(
                    picture.get("url").asString(),
                    picture.get("sizes").get("64").asString(),
                    picture.get("sizes").get("150").asString(),
                    picture.get("sizes").get("512").asString());
            for (String url : urls) {
                byte[] served = api.get(url).body();
                for (String marker : List.of("PORTRAIT-MARKER", "<?php", "PK\u0003\u0004", "PORTRAIT-CAMERA", "Exif")) {
                    assertThat(contains(served, ascii(marker)))
                            .as(url + " carries " + marker)
                            .isFalse();
                }
            }
        }
    }

    @Nested
    class Serving {

        @Test
        void getWhenOriginalThenImmutableCacheableAndNosniff() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));

            Response response = api.get(picture.get("url").asString());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("image/jpeg");
            assertThat(response.header("ETag")).matches("\"[0-9a-f]{64}\"");
            assertThat(response.header("Cache-Control")).isEqualTo("max-age=31536000, public, immutable");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(response.body().length));
        }

        /** Picture files skip authentication entirely: a stale token sent along must not break an image. */
        @ParameterizedTest
        @ValueSource(strings = {"Bearer not-a-token", "Bearer eyJhbGciOiJub25lIn0.e30.", "Basic Zm9vOmJhcg=="})
        void getWhenAnyAuthorizationHeaderThenIgnoredAndServedWithTheSameHeaders(String authorization) {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));

            Response response = api.get(picture.get("url").asString(), "Authorization", authorization);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Cache-Control")).isEqualTo("max-age=31536000, public, immutable");
            assertThat(response.header("Set-Cookie")).isNull();
        }

        /**
         * A plain query is answered by MediaFileFilter ahead of Spring Security and Spring MVC;
         * any other query takes the controller. Both must give the same answer.
         */
        @Test
        void getWhenAnsweredAheadOfTheStackThenTheSameAnswerAsTheController() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));
            String url = picture.get("sizes").get("150").asString();

            Response fast = api.get(url);
            Response controller = api.get(url + "&thumbnail=false");

            assertThat(fast.status()).isEqualTo(200);
            assertThat(controller.status()).isEqualTo(200);
            assertThat(fast.header("X-Frame-Options"))
                    .as("Spring Security's headers: the filter answered first")
                    .isNull();
            assertThat(controller.header("X-Frame-Options")).isEqualTo("DENY");
            for (String header : List.of(
                    "Content-Type",
                    "Content-Length",
                    "ETag",
                    "Cache-Control",
                    "X-Content-Type-Options",
                    "Content-Security-Policy")) {
                assertThat(fast.header(header)).as(header).isNotNull().isEqualTo(controller.header(header));
            }
            assertThat(fast.body()).isEqualTo(controller.body());
        }

        @Test
        void getWhenEtagMatchesOnTheControllerPathThen304Too() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));
            String url = picture.get("sizes").get("150").asString() + "&thumbnail=false";
            String etag = api.get(url).header("ETag");

            Response revalidated = api.get(url, "If-None-Match", "\"other\", " + etag);

            assertThat(revalidated.status()).isEqualTo(304);
            assertThat(revalidated.header("ETag")).isEqualTo(etag);
        }

        @Test
        void deleteOnAPictureFileWhenNoTokenThen401() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));

            Response response = api.delete(picture.get("url").asString());

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.code()).isEqualTo("authentication_required");
        }

        @Test
        void getWhenAliasPathThenSameBytes() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));
            String mediaId = picture.get("mediaId").asString();

            Response canonical = api.get("/api/media/" + mediaId + "?size=64");
            Response alias = api.get("/api/users/media/" + mediaId + "?size=64");

            assertThat(alias.status()).isEqualTo(200);
            assertThat(alias.body()).isEqualTo(canonical.body());
        }

        @Test
        void getWhenThumbnailThenThe150Square() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));

            Response thumbnail = api.get("/api/media/" + picture.get("mediaId").asString() + "?thumbnail=true");

            assertThat(decode(thumbnail.body()).getWidth()).isEqualTo(150);
            assertThat(thumbnail.body())
                    .isEqualTo(api.get(picture.get("thumbnailUrl").asString()).body());
        }

        @Test
        void getWhenEtagMatchesThen304WithoutBody() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));
            String url = picture.get("sizes").get("150").asString();
            String etag = api.get(url).header("ETag");

            Response revalidated = api.get(url, "If-None-Match", etag);

            assertThat(revalidated.status()).isEqualTo(304);
            assertThat(revalidated.body()).isEmpty();
            assertThat(revalidated.header("ETag")).isEqualTo(etag);
        }

        @Test
        void headWhenLiveThenHeadersWithoutBody() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));
            Response get = api.get(picture.get("url").asString());

            Response head = api.send(api.request(picture.get("url").asString())
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
            assertThat(head.header("Content-Type")).isEqualTo("image/jpeg");
        }

        @ParameterizedTest
        @ValueSource(strings = {"100", "0", "-1", "original", "1e3", "%00"})
        void getWhenSizeIsNotASquareThen400(String size) {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));

            Response response = api.get(picture.get("url").asString() + "?size=" + size);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.code()).isEqualTo("invalid_size");
        }

        @Test
        void getWhenUnknownIdThen404() {
            Response response = api.get("/api/media/" + java.util.UUID.randomUUID());

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.code()).isEqualTo("media_not_found");
        }

        @Test
        void getWhenServedThenViewsAreCountedInBatches(@Autowired dev.portrait.media.MediaTestSupport media) {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));
            api.get(picture.get("url").asString());
            api.get(picture.get("thumbnailUrl").asString());
            api.get(picture.get("sizes").get("64").asString());

            long before = media.views(picture.get("mediaId").asString());
            media.flushViews();

            assertThat(before).isZero();
            assertThat(media.views(picture.get("mediaId").asString())).isEqualTo(3);
        }
    }

    @Nested
    class ReplaceAndDelete {

        @Test
        void uploadWhenReplacingThenOldUrlsAre404AtOnceAndNewOnesLive() {
            JsonNode first = uploadOk(encode(scene(300, 200), "jpeg"));
            assertServed(first);
            JsonNode second = uploadOk(encode(scene(200, 300), "jpeg"));

            assertThat(second.get("mediaId").asString())
                    .isNotEqualTo(first.get("mediaId").asString());
            for (String url : urls(first)) {
                assertThat(api.get(url).status()).as(url).isEqualTo(404);
            }
            for (String url : urls(second)) {
                assertThat(api.get(url).status()).as(url).isEqualTo(200);
            }
        }

        @Test
        void deleteWhenPictureThen200AndItsUrlsAre404() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));
            assertServed(picture);

            Response response = api.delete(UPLOAD, user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.json().get("success").asBoolean()).isTrue();
            assertThat(response.json().get("message").asString()).isEqualTo("Profile picture deleted successfully");
            assertThat(response.json().get("profile").get("picture").isNull()).isTrue();
            for (String url : urls(picture)) {
                assertThat(api.get(url).status()).as(url).isEqualTo(404);
            }
        }

        @Test
        void deleteByUserIdWhenOwnThen200AndWhenSomeoneElsesThen403() {
            uploadOk(encode(scene(300, 200), "jpeg"));
            TestUser other = api.newUser();

            assertThat(api.delete("/api/users/" + other.id() + "/profile-picture", user.auth())
                            .status())
                    .isEqualTo(403);
            assertThat(api.delete("/api/users/" + user.id() + "/profile-picture", user.auth())
                            .status())
                    .isEqualTo(200);
        }

        @Test
        void deleteWhenNoPictureThen404() {
            api.post("/api/profiles", "{\"bio\":\"hi\"}", user.auth());

            Response response = api.delete(UPLOAD + "/", user.auth());

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.code()).isEqualTo("picture_not_found");
        }

        @Test
        void deleteWhenNoProfileThen404() {
            Response response = api.delete(UPLOAD, user.auth());

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.code()).isEqualTo("profile_not_found");
        }

        /** Served once, each rendition is remembered as live: the 404 that follows must not come from a query alone. */
        private void assertServed(JsonNode picture) {
            for (String url : urls(picture)) {
                assertThat(api.get(url).status()).as(url).isEqualTo(200);
            }
        }

        private List<String> urls(JsonNode picture) {
            return List.of(
                    picture.get("url").asString(),
                    picture.get("thumbnailUrl").asString(),
                    picture.get("sizes").get("64").asString(),
                    picture.get("sizes").get("512").asString());
        }
    }

    @Nested
    class MultipartProfile {

        @Test
        void createWhenBioAndImageThen201WithBoth() {
            Response response = api.multipart(
                    "POST",
                    "/api/profiles",
                    Form.field("bio", "Hello <b>world</b>\nsecond line")
                            .withFile("image", "me.png", "image/png", encode(scene(300, 200), "png")),
                    user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(201);
            assertThat(response.header("Location")).isEqualTo("/api/users/" + user.id() + "/profile");
            assertThat(response.json().get("bio").asString()).isEqualTo("Hello <b>world</b>\nsecond line");
            assertThat(response.json().get("picture").get("width").asInt()).isEqualTo(300);
        }

        @Test
        void createWhenBioOnlyThen201WithoutPicture() {
            Response response = api.multipart("POST", "/api/profiles", Form.field("bio", "just words"), user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(201);
            assertThat(response.json().get("picture").isNull()).isTrue();
        }

        @Test
        void createWhenImageIsRefusedThenNoProfileAtAll() {
            Response response = api.multipart(
                    "POST",
                    "/api/profiles",
                    Form.field("bio", "never kept").withFile("image", "x.png", "image/png", ascii("not an image")),
                    user.auth());

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.code()).isEqualTo("unsupported_format");
            assertThat(api.get("/api/profiles/me", user.auth()).status()).isEqualTo(404);
        }

        @Test
        void createWhenProfileExistsThen409AndThePictureIsNotKept() {
            api.post("/api/profiles", "{\"bio\":\"first\"}", user.auth());

            Response response = api.multipart(
                    "POST",
                    "/api/profiles",
                    Form.field("bio", "second").withFile("image", "x.png", "image/png", encode(scene(100, 100), "png")),
                    user.auth());

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.code()).isEqualTo("profile_exists");
            JsonNode mine = api.get("/api/profiles/me", user.auth()).json();
            assertThat(mine.get("bio").asString()).isEqualTo("first");
            assertThat(mine.get("picture").isNull()).isTrue();
        }

        @Test
        void patchWhenBioAndImageThenBothChange() {
            api.post("/api/profiles", "{\"bio\":\"before\"}", user.auth());

            Response response = api.multipart(
                    "PATCH",
                    "/api/profiles/me",
                    Form.field("bio", "after")
                            .withFile("image", "x.jpg", "image/jpeg", encode(scene(100, 100), "jpeg")),
                    user.auth());

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.json().get("bio").asString()).isEqualTo("after");
            assertThat(response.json().get("picture").isObject()).isTrue();
        }

        @Test
        void patchWhenImageIsRefusedThenBioAndPictureUnchanged() {
            JsonNode picture = uploadOk(encode(scene(300, 200), "jpeg"));
            api.patch("/api/profiles/me", "{\"bio\":\"before\"}", user.auth());

            Response response = api.multipart(
                    "PATCH",
                    "/api/profiles/me",
                    Form.field("bio", "after")
                            .withFile("image", "x.png", "image/png", TestImages.pngDeclaring(100_000, 100_000)),
                    user.auth());

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.code()).isEqualTo("image_too_large");
            JsonNode mine = api.get("/api/profiles/me", user.auth()).json();
            assertThat(mine.get("bio").asString()).isEqualTo("before");
            assertThat(mine.get("picture").get("mediaId").asString())
                    .isEqualTo(picture.get("mediaId").asString());
        }

        @Test
        void patchWhenBioInvalidThen400AndNothingChanges() {
            api.post("/api/profiles", "{\"bio\":\"before\"}", user.auth());

            Response response = api.multipart(
                    "PATCH",
                    "/api/profiles/me",
                    Form.field("bio", "bell\u0007")
                            .withFile("image", "x.jpg", "image/jpeg", encode(scene(100, 100), "jpeg")),
                    user.auth());

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.code()).isEqualTo("validation_failed");
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("bio");
            JsonNode mine = api.get("/api/profiles/me", user.auth()).json();
            assertThat(mine.get("bio").asString()).isEqualTo("before");
            assertThat(mine.get("picture").isNull()).isTrue();
        }
    }
}
