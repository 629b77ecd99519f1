package dev.portrait.imaging;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.awt.image.BufferedImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TurboJpegTests {

    private final TurboJpeg turbo = TurboJpeg.instance();

    private final LibVips vips = LibVips.instance();

    @ParameterizedTest(name = "decodeRgbWhen{0}EighthsThenTheSamePixelsAsLibvipsShrink{1}")
    @CsvSource({"8, 1", "4, 2", "2, 4", "1, 8"})
    void decodeRgbWhenPowerOfTwoScaleThenTheSamePixelsAsLibvipsShrinkOnLoad(int eighths, int shrink) {
        // Sides divisible by 8: libvips' loader drops a last partial column or row, libjpeg-turbo keeps it.
        byte[] jpeg = TestImages.encode(TestImages.noise(208, 120), "jpeg");

        byte[] turboPixels = decode(jpeg, 208, 120, eighths).orElseThrow();

        try (LibVips.Session session = vips.session()) {
            LibVips.Image decoded = session.newFromBuffer(jpeg, "shrink=" + shrink);
            assertThat(decoded.width()).isEqualTo(208 * eighths / 8);
            assertThat(decoded.height()).isEqualTo(120 * eighths / 8);
            assertThat(session.pixels(decoded)).isEqualTo(turboPixels);
        }
    }

    @Test
    void decodeRgbWhenSixEighthsThenThreeQuartersOfEachSideRoundedUpAndTheSameColours() {
        BufferedImage scene = TestImages.solid(401, 250, TestImages.BLUE, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = TestImages.encode(scene, "jpeg");

        byte[] pixels = decode(jpeg, 401, 250, 6).orElseThrow();

        assertThat(pixels).hasSize(301 * 188 * 3);
        for (int pixel = 0; pixel < pixels.length; pixel += 3) {
            assertThat(pixels[pixel] & 0xff).isLessThan(8);
            assertThat(pixels[pixel + 1] & 0xff).isLessThan(8);
            assertThat(pixels[pixel + 2] & 0xff).isGreaterThan(247);
        }
    }

    @Test
    void decodeRgbWhenTruncatedThenDeclinesAndLeavesTheDecisionToLibvips() {
        byte[] jpeg = TestImages.encode(TestImages.noise(300, 200), "jpeg");

        assertThat(decode(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), 300, 200, 8))
                .isEmpty();
    }

    @Test
    void decodeRgbWhenGreyThenDeclines() {
        BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        byte[] jpeg = TestImages.encode(grey, "jpeg");

        assertThat(decode(jpeg, 64, 48, 8)).isEmpty();
    }

    @Test
    void decodeRgbWhenCmykThenDeclines() {
        byte[] jpeg = TestImages.fixture("cmyk.jpg");
        int width;
        int height;
        try (LibVips.Session session = vips.session()) {
            LibVips.Image header = session.newFromBuffer(jpeg, "");
            width = header.width();
            height = header.height();
        }

        assertThat(decode(jpeg, width, height, 8)).isEmpty();
    }

    @Test
    void decodeRgbWhenTheDeclaredSizeIsNotTheFilesThenDeclines() {
        byte[] jpeg = TestImages.encode(TestImages.noise(300, 200), "jpeg");

        assertThat(decode(jpeg, 200, 200, 8)).isEmpty();
        assertThat(decode(jpeg, 300, 300, 8)).isEmpty();
    }

    @Test
    void decodeRgbWhenNotAJpegThenDeclines() {
        byte[] png = TestImages.encode(TestImages.noise(30, 20), "png");

        assertThat(decode(png, 30, 20, 8)).isEmpty();
    }

    @Test
    void decodeRgbWhenThePixelBufferIsTooSmallThenRefusesBeforeDecoding() {
        byte[] jpeg = TestImages.encode(TestImages.noise(30, 20), "jpeg");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocateFrom(JAVA_BYTE, jpeg);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> turbo.decodeRgb(input, 30, 20, 8, arena.allocate(30 * 20 * 3 - 1)));
        }
    }

    @ParameterizedTest(name = "decodeRgbWhenScale{0}EighthsThenRefused")
    @CsvSource({"0", "9", "-1"})
    void decodeRgbWhenTheScaleIsNotOneToEightEighthsThenRefused(int eighths) {
        byte[] jpeg = TestImages.encode(TestImages.noise(30, 20), "jpeg");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocateFrom(JAVA_BYTE, jpeg);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> turbo.decodeRgb(input, 30, 20, eighths, arena.allocate(30 * 20 * 3 * 4)));
        }
    }

    @ParameterizedTest(name = "encodeRgbWhenQuality{0}ThenLibvipsJpegsaveByteForByteAfterAJfifHeader")
    @CsvSource({"82", "95"})
    void encodeRgbThenTheSameTablesAndImageDataAsLibvipsJpegsave(int quality) {
        byte[] jpeg = TestImages.encode(TestImages.noise(150, 97), "jpeg");
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.copyMemory(session.newFromBuffer(jpeg, ""));
            byte[] libvips = session.jpegsave(image, quality);

            byte[] turbo = session.encodeInMemory(
                    image, (pixels, width, height, bands) -> this.turbo.encodeRgb(pixels, width, height, quality));

            // A bare JFIF header (version, 1:1 pixels, no thumbnail) where libvips writes none.
            assertThat(TestImages.jpegSegments(turbo)).first().isEqualTo("E0 JFIF");
            assertThat(TestImages.jpegSegments(turbo))
                    .hasSize(TestImages.jpegSegments(libvips).size() + 1);
            assertThat(turbo).hasSize(libvips.length + 18);
            assertThat(fromFirstTable(turbo)).isEqualTo(fromFirstTable(libvips));
        }
    }

    @Test
    void encodeRgbWhenQualityUnder90ThenChromaSubsampledAsLibvipsDoes() {
        byte[] jpeg = TestImages.encode(TestImages.noise(64, 48), "jpeg");
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.copyMemory(session.newFromBuffer(jpeg, ""));

            byte[] low = session.encodeInMemory(
                    image, (pixels, width, height, bands) -> turbo.encodeRgb(pixels, width, height, 89));
            byte[] high = session.encodeInMemory(
                    image, (pixels, width, height, bands) -> turbo.encodeRgb(pixels, width, height, 90));

            assertThat(lumaSampling(low)).isEqualTo(0x22);
            assertThat(lumaSampling(high)).isEqualTo(0x11);
        }
    }

    @Test
    void encodeRgbWhenThePixelsAreNotThatSizeThenRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate(3 * 10 * 10 + 1);

            assertThatIllegalArgumentException().isThrownBy(() -> turbo.encodeRgb(pixels, 10, 10, 82));
        }
    }

    /** The luma component's sampling factors in the frame header (FF C0): 0x22 when chroma is halved. */
    private static int lumaSampling(byte[] jpeg) {
        for (int i = 2; i + 11 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                return jpeg[i + 11] & 0xff;
            }
        }
        throw new AssertionError("No baseline frame header");
    }

    /** From the first quantisation table (FF DB) on: everything but the JFIF header. */
    private static byte[] fromFirstTable(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xdb) {
                return Arrays.copyOfRange(jpeg, i, jpeg.length);
            }
        }
        throw new AssertionError("No quantisation table");
    }

    @Test
    void scaledWhenEighthsThenRoundedUpAsLibjpegDoes() {
        assertThat(TurboJpeg.scaled(4032, 4)).isEqualTo(2016);
        assertThat(TurboJpeg.scaled(2560, 6)).isEqualTo(1920);
        assertThat(TurboJpeg.scaled(401, 6)).isEqualTo(301);
        assertThat(TurboJpeg.scaled(1, 1)).isEqualTo(1);
    }

    private Optional<byte[]> decode(byte[] jpeg, int width, int height, int eighths) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocateFrom(JAVA_BYTE, jpeg);
            long length = 3 * TurboJpeg.scaled(width, eighths) * TurboJpeg.scaled(height, eighths);
            MemorySegment pixels = arena.allocate(Math.max(1, length));
            return turbo.decodeRgb(input, width, height, eighths, pixels)
                    ? Optional.of(pixels.toArray(JAVA_BYTE))
                    : Optional.empty();
        }
    }
}
