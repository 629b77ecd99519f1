package dev.portrait.imaging;

import static dev.portrait.imaging.TestImages.ascii;
import static dev.portrait.imaging.TestImages.gif;
import static dev.portrait.imaging.TestImages.noise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.portrait.imaging.TestImages.GifFrame;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GifDecoderTests {

    private static final int RED = 0xff0000;

    private static final int GREEN = 0x00ff00;

    private static final int BLUE = 0x0000ff;

    private static final int[] PALETTE = {RED, GREEN, BLUE, 0xffffff};

    /** Noise fills the 4096-entry table; a solid picture is made of strings the decoder just added. */
    static Stream<BufferedImage> jdkWrittenGifs() {
        return Stream.of(
                noise(37, 23),
                noise(300, 200),
                TestImages.solid(90, 70, Color.ORANGE, BufferedImage.TYPE_INT_RGB),
                TestImages.scene(200, 150));
    }

    @ParameterizedTest
    @MethodSource("jdkWrittenGifs")
    void decodeWhenJdkWrittenGifThenEveryPixelAsImageIoReadsIt(BufferedImage image) throws IOException {
        byte[] upload = TestImages.encode(image, "gif");
        BufferedImage expected = TestImages.decode(upload);

        Pixels pixels = decode(upload);

        assertThat(pixels.bands()).isEqualTo(3);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                assertThat(rgb(pixels, x, y)).as("(%d, %d)", x, y).isEqualTo(expected.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @Test
    void decodeWhenAnimatedFixtureThenFrameZeroAsImageIoReadsIt() throws IOException {
        byte[] upload = TestImages.fixture("animated.gif");
        BufferedImage expected = TestImages.decode(upload);

        Pixels pixels = decode(upload);

        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(rgb(pixels, x, y)).as("(%d, %d)", x, y).isEqualTo(expected.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 12})
    void decodeWhenMinimumCodeSizeOutsideOneToEightThenRefused(int codeSize) {
        byte[] upload = gif(8, 8, PALETTE, List.of(), GifFrame.of(8, 8, (x, y) -> 1));
        upload[TestImages.gifFrameDataOffset(upload) - 1] = (byte) codeSize;

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> decode(upload))
                .withMessageContaining("minimum code size is " + codeSize);
    }

    @Test
    void decodeWhenEndCodeBeforeTheLastPixelThenRefused() {
        byte[] full = gif(8, 8, PALETTE, List.of(), GifFrame.of(8, 8, (x, y) -> 1));
        int data = TestImages.gifFrameDataOffset(full);
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        early.write(full, 0, data);
        early.writeBytes(TestImages.gifSubBlocks(TestImages.lzwLiterals(new byte[20])));
        early.write(0x3b);
        byte[] upload = early.toByteArray();

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> decode(upload))
                .withMessage("Frame 0's data ends after 2 of 8 rows");
    }

    /** Minimum code size 2: clear, 1, then two strings of 1s that the decoder has just added. */
    @Test
    void decodeWhenTheLastStringRunsPastTheLastPixelThenItIsCut() throws IOException {
        // 3-bit codes 4 (clear), 1, 6 ("1 1"), 7 ("1 1 1", of which 2 pixels remain): 12 bits.
        Pixels pixels = decode(rowOfOnes(5, 4 | 1 << 3 | 6 << 6 | 7 << 9));

        for (int x = 0; x < 5; x++) {
            assertThat(rgb(pixels, x, 0)).as("x %d", x).isEqualTo(GREEN);
        }
    }

    /** Minimum code size 2: clear, 1, "1 1" just added, then "1 1" again from the table. */
    @Test
    void decodeWhenAStringFromTheTableRunsPastTheLastPixelThenItIsCut() throws IOException {
        // 3-bit codes 4 (clear), 1, 6 ("1 1", added as it is read), 6 again (1 pixel remains).
        Pixels pixels = decode(rowOfOnes(4, 4 | 1 << 3 | 6 << 6 | 6 << 9));

        for (int x = 0; x < 4; x++) {
            assertThat(rgb(pixels, x, 0)).as("x %d", x).isEqualTo(GREEN);
        }
    }

    @Test
    void decodeWhenTheFirstCodeIsAStringNotAColourThenRefused() {
        byte[] upload = gif(8, 8, PALETTE, List.of(), GifFrame.of(8, 8, (x, y) -> 1));
        int data = TestImages.gifFrameDataOffset(upload) + 1;
        // The first 9-bit code (after the clear) becomes 258, the slot the table fills next.
        int code = 258;
        upload[data + 2] = (byte) (upload[data + 2] & ~0b11 | code >> 7);
        upload[data + 1] = (byte) (upload[data + 1] & 1 | code << 1);

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> decode(upload))
                .withMessageContaining("LZW");
    }

    @Test
    void decodeWhenFrameZeroSmallerThanTheScreenThenDrawnAtItsOffsetOnATransparentCanvas() throws IOException {
        GifFrame frame = GifFrame.of(4, 3, (x, y) -> 1).at(5, 2);

        Pixels pixels = decode(gif(12, 8, PALETTE, List.of(), frame));

        assertThat(pixels)
                .extracting(Pixels::width, Pixels::height, Pixels::bands)
                .containsExactly(12, 8, 4);
        assertThat(rgba(pixels, 5, 2)).isEqualTo(0xff00ff00L);
        assertThat(rgba(pixels, 8, 4)).isEqualTo(0xff00ff00L);
        assertThat(rgba(pixels, 4, 2)).isZero();
        assertThat(rgba(pixels, 9, 4)).isZero();
        assertThat(rgba(pixels, 5, 5)).isZero();
    }

    @Test
    void decodeWhenTransparentIndexUsedThenAlphaZeroThere() throws IOException {
        GifFrame frame = GifFrame.of(6, 4, (x, y) -> x < 3 ? 0 : 2).transparent(2);

        Pixels pixels = decode(gif(6, 4, PALETTE, List.of(), frame));

        assertThat(pixels.bands()).isEqualTo(4);
        assertThat(rgba(pixels, 1, 1)).isEqualTo(0xffff0000L);
        assertThat(rgba(pixels, 4, 1)).isZero();
    }

    /** The JDK's own colour model would make colour 3 transparent: it clamps the index to its table. */
    @Test
    void decodeWhenTransparentIndexBeyondTheColourTableThenOpaqueRgb() throws IOException {
        GifFrame frame = GifFrame.of(6, 4, (x, y) -> x % 4).transparent(255);

        Pixels pixels = decode(gif(6, 4, PALETTE, List.of(), frame));

        assertThat(pixels.bands()).isEqualTo(3);
        assertThat(rgb(pixels, 3, 0)).isEqualTo(0xffffff);
    }

    /** The JDK's reader puts the rows of interlaced frames under 5 rows high in the wrong place. */
    @ParameterizedTest(name = "decodeWhenInterlacedAnd{0}RowsHighThenEveryRowInPlace")
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 9, 17})
    void decodeWhenInterlacedThenEveryRowInPlace(int height) throws IOException {
        GifFrame frame = GifFrame.of(5, height, (x, y) -> y % 4).interlace();

        Pixels pixels = decode(gif(5, height, PALETTE, List.of(), frame));

        for (int y = 0; y < height; y++) {
            assertThat(rgb(pixels, 2, y)).as("row %d", y).isEqualTo(PALETTE[y % 4]);
        }
    }

    @Test
    void decodeWhenNoColourTableThenBlackAndWhiteAsLibvipsDid() throws IOException {
        Pixels pixels = decode(gif(4, 2, new int[0], List.of(), GifFrame.of(4, 2, (x, y) -> x % 2)));

        assertThat(rgb(pixels, 0, 0)).isZero();
        assertThat(rgb(pixels, 1, 0)).isEqualTo(0xffffff);
    }

    @Test
    void readHeaderWhenFrameZeroReachesPastTheScreenThenTheCanvasHoldsIt() {
        byte[] upload =
                gif(10, 10, PALETTE, List.of(), GifFrame.of(8, 6, (x, y) -> 0).at(6, 7));

        assertThat(GifDecoder.readHeader(upload))
                .get()
                .extracting(GifDecoder.Header::width, GifDecoder.Header::height)
                .containsExactly(14, 13);
    }

    @Test
    void readHeaderWhenCommentAndXmpAnywhereThenTheirFields() {
        GifFrame frame = GifFrame.of(4, 4, (x, y) -> 0);
        byte[] first =
                gif(4, 4, PALETTE, List.of(TestImages.gifApplication("NETSCAPE2.0", new byte[] {1, 0, 0})), frame);
        byte[] later = TestImages.gifApplication("XMP DataXMP", ascii("<x:xmpmeta/>"));
        byte[] upload = concat(
                Arrays.copyOf(first, first.length - 1), TestImages.gifComment(ascii("hello")), later, new byte[] {0x3b
                });

        assertThat(GifDecoder.readHeader(upload))
                .get()
                .extracting(GifDecoder.Header::fields)
                .isEqualTo(List.of("gif-comment", "xmp-data"));
    }

    @Test
    void readHeaderWhenOnlyTheLoopCountThenNoFields() {
        byte[] upload = gif(
                4,
                4,
                PALETTE,
                List.of(TestImages.gifApplication("NETSCAPE2.0", new byte[] {1, 0, 0})),
                GifFrame.of(4, 4, (x, y) -> 0));

        assertThat(GifDecoder.readHeader(upload))
                .get()
                .extracting(GifDecoder.Header::fields)
                .isEqualTo(List.of());
    }

    @Test
    void readHeaderWhenFrameZeroHasNoPixelsThenEmpty() {
        byte[] upload = gif(4, 4, PALETTE, List.of(), new GifFrame(0, 0, 0, 4, new byte[0], false, -1));

        assertThat(GifDecoder.readHeader(upload)).isEmpty();
    }

    @Test
    void decodeWhenCodeBeyondTheTableThenRefusedThoughEveryRowIsThere() {
        byte[] upload = gif(8, 8, PALETTE, List.of(), GifFrame.of(8, 8, (x, y) -> 1));
        int data = TestImages.gifFrameDataOffset(upload) + 1;
        // The third 9-bit code (bits 18 to 26) becomes 500 while the table holds 258 entries.
        int code = 500;
        upload[data + 2] = (byte) (upload[data + 2] & 0b11 | code << 2);
        upload[data + 3] = (byte) (upload[data + 3] & ~0b111 | code >> 6);

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> decode(upload))
                .withMessageContaining("LZW");
    }

    /**
     * Thousands of random changes to a hand-written GIF and to one ImageIO wrote: the decoder answers
     * each with pixels, an empty header or an IOException, never an unchecked exception.
     */
    @Test
    void decodeWhenRandomlyChangedThenPixelsOrAnEmptyHeaderOrIoException() {
        List<byte[]> originals = List.of(
                gif(
                        12,
                        10,
                        PALETTE,
                        List.of(TestImages.gifComment(ascii("hello"))),
                        GifFrame.of(8, 6, (x, y) -> (x + y) % 4)
                                .at(2, 2)
                                .interlace()
                                .transparent(3),
                        GifFrame.of(4, 3, (x, y) -> 1).at(1, 1)),
                TestImages.encode(noise(24, 16), "gif"));
        Random random = new Random(3);
        for (byte[] original : originals) {
            for (int i = 0; i < 2000; i++) {
                byte[] mutated = original.clone();
                for (int change = random.nextInt(1, 5); change > 0; change--) {
                    mutated[random.nextInt(6, mutated.length)] = (byte) random.nextInt(256);
                }
                byte[] upload = Arrays.copyOf(mutated, random.nextInt(mutated.length / 2, mutated.length + 1));
                try {
                    GifDecoder.readHeader(upload)
                            .filter(header -> (long) header.width() * header.height() <= 1_000_000)
                            .ifPresent(header -> decodeOrIoException(upload, header));
                } catch (RuntimeException ex) {
                    throw new AssertionError(
                            "Unchecked exception for " + HexFormat.of().formatHex(upload), ex);
                }
            }
        }
    }

    private static void decodeOrIoException(byte[] upload, GifDecoder.Header header) {
        try {
            GifDecoder.decode(upload, header);
        } catch (IOException refused) {
            // The pipeline turns it into a refusal.
        }
    }

    private static Pixels decode(byte[] upload) throws IOException {
        return GifDecoder.decode(upload, GifDecoder.readHeader(upload).orElseThrow());
    }

    private static int rgb(Pixels pixels, int x, int y) {
        int offset = (y * pixels.width() + x) * pixels.bands();
        byte[] data = pixels.data();
        return (data[offset] & 0xff) << 16 | (data[offset + 1] & 0xff) << 8 | data[offset + 2] & 0xff;
    }

    private static long rgba(Pixels pixels, int x, int y) {
        int offset = (y * pixels.width() + x) * pixels.bands();
        return (long) (pixels.data()[offset + 3] & 0xff) << 24 | rgb(pixels, x, y);
    }

    /**
     * A {@code width} x 1 GIF of colour 1 whose frame data is replaced by four 3-bit codes at minimum
     * code size 2 ({@code codes}, 12 bits).
     */
    private static byte[] rowOfOnes(int width, int codes) {
        byte[] written = gif(width, 1, PALETTE, List.of(), GifFrame.of(width, 1, (x, y) -> 1));
        int data = TestImages.gifFrameDataOffset(written);
        ByteArrayOutputStream upload = new ByteArrayOutputStream();
        upload.write(written, 0, data - 1);
        upload.writeBytes(new byte[] {2, 2, (byte) codes, (byte) (codes >> 8), 0, 0x3b});
        return upload.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
