package dev.portrait.picture;

import static dev.portrait.imaging.TestImages.ascii;
import static dev.portrait.imaging.TestImages.encode;
import static dev.portrait.imaging.TestImages.scene;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Form;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import dev.portrait.imaging.TestImages;
import dev.portrait.storage.BlobStore;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Every refused upload is a 400 with a code, and changes nothing: no row, no blob, same profile. */
@ApiTest
@TestPropertySource(properties = "portrait.rate.uploads-per-minute=1000")
class PictureRefusalApiTests {

    private static final String UPLOAD = "/api/users/me/profile/picture";

    @Autowired
    ApiClient api;

    @Autowired
    BlobStore blobs;

    @Autowired
    JdbcClient jdbc;

    TestUser user;

    @BeforeEach
    void setUp() {
        user = api.newUser();
        api.post("/api/profiles", "{\"bio\":\"unchanged\"}", user.auth());
    }

    static Stream<Arguments> refusals() {
        byte[] jpeg = encode(scene(400, 300), "jpeg");
        byte[] png = encode(scene(400, 300), "png");
        byte[] badCrc = png.clone();
        badCrc[29] ^= 0x01; // a byte of IHDR's data, so its CRC no longer matches
        return Stream.of(
                Arguments.of("empty file", new byte[0], "missing_file"),
                Arguments.of("5 MB and one byte", oversized(), "file_too_large"),
                Arguments.of(
                        "SVG",
                        ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
                        "unsupported_format"),
                Arguments.of("HTML", ascii("<!DOCTYPE html><html><body>hi</body></html>"), "unsupported_format"),
                Arguments.of("PDF", ascii("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "unsupported_format"),
                Arguments.of("ELF", ascii("\u007fELF\u0002\u0001\u0001\u0000"), "unsupported_format"),
                Arguments.of(
                        "Windows executable", ascii("MZ\u0090\u0000\u0003\u0000\u0000\u0000"), "unsupported_format"),
                Arguments.of("text", ascii("just some words"), "unsupported_format"),
                Arguments.of("ZIP", ascii("PK\u0003\u0004\u0014\u0000\u0000\u0000"), "unsupported_format"),
                Arguments.of("truncated JPEG", Arrays.copyOf(jpeg, jpeg.length / 2), "corrupt_image"),
                Arguments.of("truncated PNG", Arrays.copyOf(png, png.length / 2), "corrupt_image"),
                Arguments.of("PNG with a bad CRC", badCrc, "corrupt_image"),
                Arguments.of(
                        "PNG declaring 100000 x 100000", TestImages.pngDeclaring(100_000, 100_000), "image_too_large"),
                Arguments.of(
                        "JPEG declaring 64250 x 64250", TestImages.jpegDeclaring(64_250, 64_250), "image_too_large"));
    }

    private static byte[] oversized() {
        byte[] jpeg = encode(scene(400, 300), "jpeg");
        return Arrays.copyOf(jpeg, 5 * 1024 * 1024 + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void uploadWhenRefusedThen400WithCodeAndNothingChanges(String what, byte[] file, String code) {
        long blobsBefore = blobCount();

        Response response = api.upload(UPLOAD, file, user.auth());

        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.json().get("detail").asString()).isNotBlank();
        assertThat(blobCount()).isEqualTo(blobsBefore);
        assertThat(mediaRows()).isZero();
        Response mine = api.get("/api/profiles/me", user.auth());
        assertThat(mine.json().get("bio").asString()).isEqualTo("unchanged");
        assertThat(mine.json().get("picture").isNull()).isTrue();
    }

    @Test
    void uploadWhenNoImagePartThen400MissingFile() {
        Response response = api.multipart("POST", UPLOAD, Form.field("bio", "no file here"), user.auth());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("missing_file");
    }

    @Test
    void uploadWhenPixelBombThenTheDetailNamesTheLimit() {
        Response response = api.upload(UPLOAD, TestImages.jpegDeclaring(64_250, 64_250), user.auth());

        assertThat(response.json().get("detail").asString())
                .isEqualTo("64250 x 64250 pixels is over the 40 megapixel limit.");
    }

    @Test
    void uploadWhenTooLargeThenTheDetailNamesTheLimit() {
        Response response = api.upload(UPLOAD, oversized(), user.auth());

        assertThat(response.json().get("detail").asString()).isEqualTo("The file is over the 5 MB limit.");
    }

    @Test
    void uploadWhenRefusedThenNoStackTraceOrInternalsInTheAnswer() {
        Response response = api.upload(UPLOAD, ascii("\u007fELF garbage"), user.auth());

        assertThat(response.text()).doesNotContain("Exception", "vips", "at dev.", "org.springframework");
    }

    private long blobCount() {
        try (var keys = blobs.list()) {
            return keys.count();
        }
    }

    private long mediaRows() {
        return jdbc.sql("select count(*) from media where uploader_id = :id")
                .param("id", user.id())
                .query(Long.class)
                .single();
    }
}
