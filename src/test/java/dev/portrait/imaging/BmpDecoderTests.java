package dev.portrait.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BmpDecoderTests {

    static Stream<Arguments> layouts() {
        return Stream.of(
                layout("24BitBottomUp", BufferedImage.TYPE_INT_RGB, image -> TestImages.encode(image, "bmp"), false),
                layout("32BitTopDown", BufferedImage.TYPE_INT_RGB, image -> TestImages.bmp32(image, false), false),
                layout("32BitWithAlphaMask", BufferedImage.TYPE_INT_ARGB, image -> TestImages.bmp32(image, true), true),
                layout("8BitPalette", BufferedImage.TYPE_BYTE_INDEXED, image -> TestImages.encode(image, "bmp"), false),
                layout("16Bit565", BufferedImage.TYPE_USHORT_565_RGB, image -> TestImages.encode(image, "bmp"), false));
    }

    @ParameterizedTest(name = "decodeWhen{0}ThenEveryPixelAsStored")
    @MethodSource("layouts")
    void decodeWhenLayoutThenEveryPixelAsStored(Function<BufferedImage, byte[]> writer, int imageType, boolean alpha)
            throws IOException {
        BufferedImage image = noise(37, 23, imageType);

        Pixels pixels = BmpDecoder.decode(writer.apply(image));

        int bands = alpha ? 4 : 3;
        assertThat(pixels.width()).isEqualTo(37);
        assertThat(pixels.height()).isEqualTo(23);
        assertThat(pixels.bands()).isEqualTo(bands);
        assertThat(pixels.data()).isEqualTo(expected(image, bands));
    }

    static Stream<Arguments> uncompressed24() {
        return Stream.of(
                Arguments.of("BottomUpWithPaddedRows", 37, 23, false),
                Arguments.of("BottomUpWithoutPadding", 36, 23, false),
                Arguments.of("TopDownWithPaddedRows", 37, 23, true),
                Arguments.of("OnePixel", 1, 1, false));
    }

    @ParameterizedTest(name = "decodeUncompressed24When{0}ThenEveryPixelAsStored")
    @MethodSource("uncompressed24")
    void decodeUncompressed24WhenRowsThenEveryPixelAsStored(String name, int width, int height, boolean topDown) {
        BufferedImage image = noise(width, height, BufferedImage.TYPE_INT_RGB);
        byte[] bmp = TestImages.encode(image, "bmp");

        Pixels pixels = BmpDecoder.decodeUncompressed24(topDown ? topDown(bmp, width, height) : bmp)
                .orElseThrow();

        assertThat(pixels.width()).isEqualTo(width);
        assertThat(pixels.height()).isEqualTo(height);
        assertThat(pixels.bands()).isEqualTo(3);
        assertThat(pixels.data()).isEqualTo(expected(image, 3));
    }

    static Stream<Arguments> notUncompressed24() {
        byte[] plain = TestImages.encode(noise(37, 23, BufferedImage.TYPE_INT_RGB), "bmp");
        byte[] cutShort = Arrays.copyOf(plain, plain.length - 1);
        byte[] offsetInHeader = plain.clone();
        ByteBuffer.wrap(offsetInHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(10, 50);
        byte[] rle8Flag = plain.clone();
        ByteBuffer.wrap(rle8Flag).order(ByteOrder.LITTLE_ENDIAN).putInt(30, 1);
        return Stream.of(
                Arguments.of("RowsCutShort", cutShort),
                Arguments.of("PixelsInsideTheHeader", offsetInHeader),
                Arguments.of("Compressed", rle8Flag),
                Arguments.of("32Bit", TestImages.bmp32(noise(5, 5, BufferedImage.TYPE_INT_RGB), false)),
                Arguments.of("8BitPalette", TestImages.encode(noise(5, 5, BufferedImage.TYPE_BYTE_INDEXED), "bmp")),
                Arguments.of("Os2Header", os2(2, 2)),
                Arguments.of("HeaderOnly", Arrays.copyOf(plain, 54)),
                Arguments.of("LargestDeclaredSize", TestImages.bmpDeclaring(Integer.MAX_VALUE, Integer.MIN_VALUE)),
                Arguments.of("PixelsPastTheEnd", pixelsAt(plain, plain.length + 1)));
    }

    /** These go to the JDK reader, which reads them or refuses them as before. */
    @ParameterizedTest(name = "decodeUncompressed24When{0}ThenLeftToTheJdk")
    @MethodSource("notUncompressed24")
    void decodeUncompressed24WhenOtherLayoutThenLeftToTheJdk(String name, byte[] bmp) {
        assertThat(BmpDecoder.decodeUncompressed24(bmp)).isEmpty();
    }

    @Test
    void decodeWhenUncompressed24CutShortThenTheJdkRefusesIt() {
        byte[] bmp = TestImages.encode(noise(37, 23, BufferedImage.TYPE_INT_RGB), "bmp");

        assertThatThrownBy(() -> BmpDecoder.decode(Arrays.copyOf(bmp, bmp.length - 200)))
                .isInstanceOf(IOException.class);
    }

    /** The same bitmap with its rows in the other order and a negative height, which ImageIO does not write. */
    private static byte[] topDown(byte[] bottomUp, int width, int height) {
        int offset = ByteBuffer.wrap(bottomUp).order(ByteOrder.LITTLE_ENDIAN).getInt(10);
        int stride = (width * 3 + 3) & ~3;
        byte[] flipped = bottomUp.clone();
        for (int row = 0; row < height; row++) {
            System.arraycopy(bottomUp, offset + row * stride, flipped, offset + (height - 1 - row) * stride, stride);
        }
        ByteBuffer.wrap(flipped).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -height);
        return flipped;
    }

    private static byte[] pixelsAt(byte[] bmp, int offset) {
        byte[] moved = bmp.clone();
        ByteBuffer.wrap(moved).order(ByteOrder.LITTLE_ENDIAN).putInt(10, offset);
        return moved;
    }

    /** A 24-bit bitmap with the 12-byte OS/2 header. */
    private static byte[] os2(int width, int height) {
        int stride = (width * 3 + 3) & ~3;
        ByteBuffer bmp = ByteBuffer.allocate(26 + stride * height).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(26);
        bmp.putInt(12)
                .putShort((short) width)
                .putShort((short) height)
                .putShort((short) 1)
                .putShort((short) 24);
        return bmp.array();
    }

    private static Arguments layout(String name, int imageType, Function<BufferedImage, byte[]> writer, boolean alpha) {
        return Arguments.of(Named.of(name, writer), imageType, alpha);
    }

    /** Random pixels (odd width, so 24-bit rows are padded); what ImageIO reads back is the reference. */
    private static BufferedImage noise(int width, int height, int imageType) {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    private static byte[] expected(BufferedImage image, int bands) {
        byte[] data = new byte[image.getWidth() * image.getHeight() * bands];
        int index = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                data[index++] = (byte) (argb >> 16);
                data[index++] = (byte) (argb >> 8);
                data[index++] = (byte) argb;
                if (bands == 4) {
                    data[index++] = (byte) (argb >>> 24);
                }
            }
        }
        return data;
    }
}
