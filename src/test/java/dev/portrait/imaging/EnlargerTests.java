package dev.portrait.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnlargerTests {

    @ParameterizedTest(name = "enlargeWhen{0}BandsThenExactlyTheAskedSizeAndAFlatImageStaysFlatToTheEdges")
    @ValueSource(ints = {1, 2, 3, 4})
    void enlargeThenExactlyTheAskedSizeAndAFlatImageStaysFlatToTheEdges(int bands) {
        byte[] grey = new byte[30 * 20 * bands];
        Arrays.fill(grey, (byte) 77);

        Pixels enlarged = Enlarger.enlarge(new Pixels(grey, 30, 20, bands), 45, 30);

        assertThat(enlarged.width()).isEqualTo(45);
        assertThat(enlarged.height()).isEqualTo(30);
        assertThat(enlarged.bands()).isEqualTo(bands);
        assertThat(enlarged.data()).hasSize(45 * 30 * bands).containsOnly(77);
    }

    @Test
    void enlargeWhenOnePixelThenEveryOutputPixelIsThatPixel() {
        Pixels enlarged = Enlarger.enlarge(new Pixels(new byte[] {10, (byte) 150, (byte) 250}, 1, 1, 3), 512, 512);

        for (int pixel = 0; pixel < 512 * 512; pixel++) {
            assertThat(Arrays.copyOfRange(enlarged.data(), pixel * 3, pixel * 3 + 3))
                    .containsExactly(10, (byte) 150, (byte) 250);
        }
    }

    @Test
    void enlargeWhenTwiceThenEachPixelCentreStaysBetweenItsTwoOutputPixels() {
        // A step from 0 to 200 between the two pixels: at 2x, output pixels 1 and 2 sit a quarter of
        // an input pixel either side of it, so they share the step evenly (shifted half an output
        // pixel, as vips_resize 8.14 is, they were 100 and 200).
        byte[] step = {0, 0, 0, (byte) 200, (byte) 200, (byte) 200};

        byte[] enlarged = Enlarger.enlarge(new Pixels(step, 2, 1, 3), 4, 2).data();

        int[] row = {enlarged[0] & 0xff, enlarged[3] & 0xff, enlarged[6] & 0xff};
        assertThat(row[0]).isZero();
        assertThat(row[1] + row[2]).isCloseTo(200, within(1));
    }

    @Test
    void enlargeWhenTheSizeIsKeptThenThePixelsAreKept() {
        Pixels noise = noise(17, 11, 3, 1);

        assertThat(Enlarger.enlarge(noise, 17, 11).data()).containsExactly(noise.data());
    }

    @Test
    void enlargeWhenAHardEdgeThenLanczosOvershootIsClampedNotWrapped() {
        // Lanczos rings on each side of a black-to-white edge, a few levels under 0 and over 255.
        byte[] edge = new byte[16 * 3];
        Arrays.fill(edge, 8 * 3, edge.length, (byte) 255);

        byte[] enlarged = Enlarger.enlarge(new Pixels(edge, 16, 1, 3), 40, 1).data();

        int[] levels = new int[40];
        for (int x = 0; x < 40; x++) {
            levels[x] = enlarged[x * 3] & 0xff;
        }
        // Wrapped, the undershoot would read about 250 and the overshoot a few levels.
        assertThat(Arrays.stream(levels, 0, 18).max().orElseThrow()).isLessThan(128);
        assertThat(Arrays.stream(levels, 22, 40).min().orElseThrow()).isGreaterThan(127);
        assertThat(levels).contains(0, 255);
    }

    /**
     * Each output pixel is the lanczos3-weighted mean of the input pixels whose centres lie within
     * three input pixels of its own centre, the picture extended past its edges by repeating the edge
     * pixels; computed here in doubles, pixel by pixel, in two dimensions at once.
     */
    @ParameterizedTest(name = "enlargeWhen{0}x{1}To{2}x{3}With{4}BandsThenTheLanczos3WeightedMean")
    @CsvSource({"9, 7, 20, 15, 3", "9, 7, 20, 15, 4", "5, 5, 12, 12, 3", "3, 8, 3, 17, 2", "40, 30, 64, 48, 4"})
    void enlargeThenEachOutputPixelIsTheLanczos3WeightedMeanAroundItsCentre(
            int width, int height, int outWidth, int outHeight, int bands) {
        Pixels in = noise(width, height, bands, 7);

        byte[] enlarged = Enlarger.enlarge(in, outWidth, outHeight).data();

        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                for (int band = 0; band < bands; band++) {
                    double expected =
                            weightedMean(in, band, (x + 0.5) * width / outWidth, (y + 0.5) * height / outHeight);
                    int actual = enlarged[(y * outWidth + x) * bands + band] & 0xff;
                    assertThat(actual)
                            .as("band %d of output pixel (%d, %d)", band, x, y)
                            .isCloseTo((int) Math.round(Math.clamp(expected, 0, 255)), within(1));
                }
            }
        }
    }

    @Test
    void enlargeWhenRgbOrRgbaThenEachBandAsIfEnlargedAlone() {
        // RGB and RGBA have loops of their own; any other band count takes the general one.
        Pixels rgba = noise(23, 19, 4, 3);

        byte[] together = Enlarger.enlarge(rgba, 50, 41).data();
        byte[] rgb = Enlarger.enlarge(band(rgba, 0, 3), 50, 41).data();

        for (int band = 0; band < 4; band++) {
            byte[] alone = Enlarger.enlarge(band(rgba, band, 1), 50, 41).data();
            for (int pixel = 0; pixel < 50 * 41; pixel++) {
                assertThat(together[pixel * 4 + band]).isEqualTo(alone[pixel]);
                if (band < 3) {
                    assertThat(rgb[pixel * 3 + band]).isEqualTo(alone[pixel]);
                }
            }
        }
    }

    @Test
    void enlargeWhenItWouldShrinkThenRefused() {
        Pixels square = noise(10, 10, 3, 1);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Enlarger.enlarge(square, 9, 20))
                .withMessage("Enlarging 10 x 10 px to 9 x 20 px would shrink it");
    }

    private static double weightedMean(Pixels in, int band, double centreX, double centreY) {
        double sum = 0;
        double total = 0;
        for (int y = (int) Math.floor(centreY) - 3; y <= centreY + 3; y++) {
            for (int x = (int) Math.floor(centreX) - 3; x <= centreX + 3; x++) {
                double weight = lanczos3(x + 0.5 - centreX) * lanczos3(y + 0.5 - centreY);
                int pixel = Math.clamp(y, 0, in.height() - 1) * in.width() + Math.clamp(x, 0, in.width() - 1);
                sum += weight * (in.data()[pixel * in.bands() + band] & 0xff);
                total += weight;
            }
        }
        return sum / total;
    }

    private static double lanczos3(double distance) {
        if (Math.abs(distance) >= 3) {
            return 0;
        }
        if (distance == 0) {
            return 1;
        }
        double angle = Math.PI * distance;
        return 3 * Math.sin(angle) * Math.sin(angle / 3) / (angle * angle);
    }

    private static Pixels noise(int width, int height, int bands, long seed) {
        byte[] data = new byte[width * height * bands];
        new Random(seed).nextBytes(data);
        return new Pixels(data, width, height, bands);
    }

    private static Pixels band(Pixels in, int first, int count) {
        int pixels = in.width() * in.height();
        byte[] data = new byte[pixels * count];
        for (int pixel = 0; pixel < pixels; pixel++) {
            System.arraycopy(in.data(), pixel * in.bands() + first, data, pixel * count, count);
        }
        return new Pixels(data, in.width(), in.height(), count);
    }
}
