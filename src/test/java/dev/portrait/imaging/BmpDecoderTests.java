package dev.portrait.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
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
