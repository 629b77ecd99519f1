package dev.portrait.imaging;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UprightTests {

    private final LibVips vips = LibVips.instance();

    /**
     * Sizes that end a 128 px block part of the way along each side, fit in one block, and are one
     * pixel thick, for every orientation.
     */
    static Stream<Arguments> sizesAndOrientations() {
        int[][] sizes = {{300, 131}, {131, 300}, {7, 5}, {1, 1}, {1, 9}, {9, 1}, {128, 256}};
        return Stream.of(sizes)
                .flatMap(size -> Stream.iterate(1, orientation -> orientation <= 8, orientation -> orientation + 1)
                        .map(orientation -> Arguments.of(size[0], size[1], orientation)));
    }

    @ParameterizedTest(name = "turnWhen{0}x{1}AndOrientation{2}ThenLibvipsAutorotPixels")
    @MethodSource("sizesAndOrientations")
    void turnThenTheSamePixelsAsLibvipsAutorot(int width, int height, int orientation) {
        boolean swapped = Upright.swapsSides(orientation);
        byte[] jpeg = TestImages.jpegStoredForOrientation(
                TestImages.noise(swapped ? height : width, swapped ? width : height), orientation);
        try (LibVips.Session session = vips.session();
                Arena arena = Arena.ofConfined()) {
            LibVips.Image stored = session.copyMemory(session.newFromBuffer(jpeg, ""));
            byte[] rgb = session.pixels(stored);
            LibVips.Image upright = session.autorot(stored);
            MemorySegment turned = arena.allocate(3L * width * height);

            Upright.turn(arena.allocateFrom(JAVA_BYTE, rgb), width, height, orientation, turned);

            assertThat(stored.width()).isEqualTo(width);
            assertThat(upright.width()).isEqualTo(swapped ? height : width);
            assertThat(upright.height()).isEqualTo(swapped ? width : height);
            assertThat(turned.toArray(JAVA_BYTE)).isEqualTo(session.pixels(upright));
        }
    }

    @ParameterizedTest(name = "turnWhenOrientation{0}ThenCopiedAsItIs")
    @ValueSource(ints = {0, 9, -1})
    void turnWhenTheOrientationIsNotAnExifOneThenCopiedAsItIs(int orientation) {
        byte[] rgb = noise(20, 10);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment turned = arena.allocate(3 * 20 * 10);

            Upright.turn(arena.allocateFrom(JAVA_BYTE, rgb), 20, 10, orientation, turned);

            assertThat(turned.toArray(JAVA_BYTE)).isEqualTo(rgb);
        }
    }

    @ParameterizedTest(name = "turnWhenOutputOf{0}BytesThenRefused")
    @ValueSource(ints = {599, 601, 800})
    void turnWhenTheMemoryIsNotThatSizeThenRefused(int outputBytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rgb = arena.allocate(3 * 20 * 10);
            MemorySegment turned = arena.allocate(outputBytes);

            assertThatIllegalArgumentException().isThrownBy(() -> Upright.turn(rgb, 20, 10, 6, turned));
        }
    }

    @ParameterizedTest(name = "turnsWhenOrientation{0}")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void turnsWhenAnExifOrientationOtherThanUpright(int orientation) {
        assertThat(Upright.turns(orientation)).isTrue();
    }

    @ParameterizedTest(name = "turnsWhenOrientation{0}ThenNot")
    @ValueSource(ints = {-1, 0, 1, 9})
    void turnsWhenUprightOrNotAnExifOrientationThenNot(int orientation) {
        assertThat(Upright.turns(orientation)).isFalse();
    }

    @ParameterizedTest(name = "swapsSidesWhenOrientation{0}")
    @ValueSource(ints = {5, 6, 7, 8})
    void swapsSidesWhenAQuarterTurn(int orientation) {
        assertThat(Upright.swapsSides(orientation)).isTrue();
    }

    @ParameterizedTest(name = "swapsSidesWhenOrientation{0}ThenNot")
    @ValueSource(ints = {0, 1, 2, 3, 4, 9})
    void swapsSidesWhenNoQuarterTurnThenNot(int orientation) {
        assertThat(Upright.swapsSides(orientation)).isFalse();
    }

    private static byte[] noise(int width, int height) {
        byte[] rgb = new byte[3 * width * height];
        new Random(width * 31L + height).nextBytes(rgb);
        return rgb;
    }
}
