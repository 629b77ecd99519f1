package dev.portrait.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.portrait.imaging.LibVips.LibVipsException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LibVipsTests {

    private final LibVips vips = LibVips.instance();

    @Test
    void threadsWhenSetThenPipelinesStartedLaterUseThem() {
        int before = vips.threads();
        try {
            vips.threads(3);

            assertThat(vips.threads()).isEqualTo(3);
        } finally {
            vips.threads(before);
        }
    }

    @Test
    void releaseAllButWhenTheSurvivorIsStillLazyThenItsSourcesStayAlive() {
        byte[] jpeg = TestImages.encode(TestImages.scene(400, 300), "jpeg");

        try (LibVips.Session session = vips.session()) {
            LibVips.Image decoded = session.newFromBuffer(jpeg, "");
            LibVips.Image half = session.resize(decoded, 0.5);
            session.releaseAllBut(half);

            LibVips.Image saved = session.newFromBuffer(session.jpegsave(half, 90), "");
            assertThat(saved.width()).isEqualTo(200);
            assertThat(saved.height()).isEqualTo(150);
        }
    }

    @Test
    void newFromBufferWhenBmpThenRefusedBecauseImageMagickIsBlocked() {
        byte[] bmp = TestImages.encode(TestImages.scene(40, 30), "bmp");

        try (LibVips.Session session = vips.session()) {
            assertThatExceptionOfType(LibVipsException.class).isThrownBy(() -> session.newFromBuffer(bmp, ""));
        }
    }

    @Test
    void newFromBufferWhenGifThenRefusedBecauseGifloadIsBlocked() {
        byte[] gif = TestImages.fixture("animated.gif");

        try (LibVips.Session session = vips.session()) {
            assertThatExceptionOfType(LibVipsException.class).isThrownBy(() -> session.newFromBuffer(gif, ""));
        }
    }

    @Test
    void newFromBufferWhenSvgThenRefused() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"
                .getBytes(StandardCharsets.UTF_8);

        try (LibVips.Session session = vips.session()) {
            assertThatExceptionOfType(LibVipsException.class).isThrownBy(() -> session.newFromBuffer(svg, ""));
        }
    }

    @Test
    void newFromBufferWhenAllowedFormatsThenTheirBufferLoader() {
        try (LibVips.Session session = vips.session()) {
            assertThat(session.newFromBuffer(TestImages.encode(TestImages.scene(40, 30), "jpeg"), "")
                            .loader())
                    .isEqualTo("jpegload_buffer");
            assertThat(session.newFromBuffer(TestImages.encode(TestImages.scene(40, 30), "png"), "")
                            .loader())
                    .isEqualTo("pngload_buffer");
            assertThat(session.newFromBuffer(TestImages.fixture("scene.webp"), "")
                            .loader())
                    .isEqualTo("webpload_buffer");
            assertThat(session.newFromBuffer(TestImages.fixture("scene.heic"), "")
                            .loader())
                    .isEqualTo("heifload_buffer");
        }
    }

    @Test
    void newFromBufferWhenHeaderOnlyThenSizeAndMetadataWithoutDecoding() {
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromBuffer(TestImages.fixture("metadata.jpg"), "");

            assertThat(image.width()).isEqualTo(300);
            assertThat(image.height()).isEqualTo(200);
            assertThat(image.bands()).isEqualTo(3);
            assertThat(image.hasField("exif-data")).isTrue();
            assertThat(image.hasField("no-such-field")).isFalse();
            assertThat(image.fieldNames()).contains("xmp-data", "icc-profile-data", "exif-ifd3-GPSLatitude");
            assertThat(image.intField("orientation", 1)).isEqualTo(1);
        }
    }

    @Test
    void intFieldWhenMissingThenFallbackAndNoErrorLeftBehind() {
        byte[] png = TestImages.encode(TestImages.scene(40, 30), "png");

        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromBuffer(png, "");

            assertThat(image.intField("orientation", 7)).isEqualTo(7);
            assertThatExceptionOfType(LibVipsException.class)
                    .isThrownBy(() -> session.newFromBuffer(new byte[] {1, 2, 3}, ""))
                    .withMessageNotContaining("orientation");
        }
    }

    @Test
    void jpegsaveWhenStripThenOnlyJfifBeforeTheImageData() {
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromBuffer(TestImages.fixture("metadata.jpg"), "");

            byte[] jpeg = session.jpegsave(image, 82);

            assertThat(TestImages.jpegSegments(jpeg)).noneMatch(segment -> segment.startsWith("E1"));
            assertThat(TestImages.jpegSegments(jpeg)).noneMatch(segment -> segment.startsWith("FE"));
        }
    }

    @Test
    void newFromSrgbPixelsWhenFourBandsThenSrgbWithAlpha() {
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromSrgbPixels(new Pixels(new byte[2 * 2 * 4], 2, 2, 4));

            assertThat(image.interpretation()).isEqualTo(LibVips.INTERPRETATION_SRGB);
            assertThat(image.hasAlpha()).isTrue();
        }
    }

    @Test
    void premultiplyWhenHalfClearThenColourTimesAlphaAndBackAgain() {
        try (LibVips.Session session = vips.session()) {
            LibVips.Image pixel =
                    session.newFromSrgbPixels(new Pixels(new byte[] {(byte) 200, 100, 50, (byte) 128}, 1, 1, 4));

            LibVips.Image premultiplied = session.premultiply(pixel);
            LibVips.Image narrowed = session.castToUchar(premultiplied);
            LibVips.Image restored = session.castToUchar(session.unpremultiply(narrowed));

            assertThat(premultiplied.format()).isNotEqualTo(LibVips.FORMAT_UCHAR);
            assertThat(narrowed.format()).isEqualTo(LibVips.FORMAT_UCHAR);
            assertThat(session.pixels(narrowed)[0] & 0xff).isEqualTo(Math.round(200 * 128 / 255.0f));
            assertThat(restored.format()).isEqualTo(LibVips.FORMAT_UCHAR);
            assertThat(bandValues(session, restored))
                    .satisfiesExactly(
                            red -> assertThat(red).isCloseTo(200, within(2.0)),
                            green -> assertThat(green).isCloseTo(100, within(2.0)),
                            blue -> assertThat(blue).isCloseTo(50, within(2.0)),
                            alpha -> assertThat(alpha).isEqualTo(128));
        }
    }

    @Test
    void pixelsThenInterleavedTopRowFirst() {
        byte[] pixels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromSrgbPixels(new Pixels(pixels, 3, 2, 3));

            assertThat(session.pixels(image)).containsExactly(pixels);
            assertThat(session.pixels(session.extractArea(image, 1, 1, 2, 1))).containsExactly(13, 14, 15, 16, 17, 18);
        }
    }

    /** 517 rows: eight whole strips of 64 and a short one; decoded lazily at half size. */
    @Test
    void copyMemoryWhenOneThreadThenPulledOnTheCallingThreadWithTheSamePixelsAndFieldsAsLibvipsCopy() {
        byte[] jpeg = TestImages.withJpegSegment(
                TestImages.encode(TestImages.noise(406, 1034), "jpeg"), 0xE1, TestImages.exifWithOrientation(6));
        int before = vips.threads();
        try {
            vips.threads(2);
            byte[] threaded = copiedPixels(jpeg);
            vips.threads(1);
            byte[] pulled = copiedPixels(jpeg);

            assertThat(pulled).hasSize(203 * 517 * 3).isEqualTo(threaded);
        } finally {
            vips.threads(before);
        }
    }

    private byte[] copiedPixels(byte[] jpeg) {
        try (LibVips.Session session = vips.session()) {
            LibVips.Image copy = session.copyMemory(session.newFromBuffer(jpeg, "shrink=2,access=sequential"));
            assertThat(copy.width()).isEqualTo(203);
            assertThat(copy.height()).isEqualTo(517);
            assertThat(copy.intField("orientation", 1)).isEqualTo(6);
            return session.pixels(copy);
        }
    }

    @Test
    void copyMemoryWhenOneThreadAndTheFileIsCutShortThenTheDecodeErrorSurfacesThere() {
        byte[] jpeg = TestImages.encode(TestImages.noise(300, 400), "jpeg");
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
        int before = vips.threads();
        try (LibVips.Session session = vips.session()) {
            vips.threads(1);
            LibVips.Image lazy = session.newFromBuffer(cut, "fail_on=error,access=sequential");

            assertThatExceptionOfType(LibVipsException.class).isThrownBy(() -> session.copyMemory(lazy));
        } finally {
            vips.threads(before);
        }
    }

    @Test
    void copyMemoryWhenAlreadyInMemoryThenTheSameImage() {
        try (LibVips.Session session = vips.session()) {
            LibVips.Image lazy = session.newFromBuffer(TestImages.encode(TestImages.noise(30, 20), "jpeg"), "");
            LibVips.Image memory = session.copyMemory(lazy);

            assertThat(lazy.isPartial()).isTrue();
            assertThat(memory.isPartial()).isFalse();
            assertThat(session.copyMemory(memory)).isSameAs(memory);
        }
    }

    @Test
    void encodeInMemoryThenTheEncoderReadsEveryPixelInPlace() {
        byte[] pixels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        try (LibVips.Session session = vips.session()) {
            LibVips.Image lazy =
                    session.extractArea(session.newFromSrgbPixels(new Pixels(pixels, 2, 2, 3)), 0, 1, 2, 1);

            byte[] encoded = session.encodeInMemory(lazy, (memory, width, height, bands) -> {
                assertThat(List.of(width, height, bands)).containsExactly(2, 1, 3);
                return memory.toArray(ValueLayout.JAVA_BYTE);
            });

            assertThat(encoded).containsExactly(7, 8, 9, 10, 11, 12);
        }
    }

    @Test
    void pixelsWhenNotEightBitThenRefused() {
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromSrgbPixels(new Pixels(new byte[] {1, 2, 3, 4}, 1, 1, 4));
            LibVips.Image floats = session.premultiply(image);

            assertThatIllegalArgumentException().isThrownBy(() -> session.pixels(floats));
        }
    }

    @Test
    void newFromDecodedWhenTheDecoderWritesThenThoseAreThePixelsInSrgb() {
        byte[] written = {10, 20, 30, 40, 50, 60};
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromDecoded(new byte[] {1}, 2, 1, 3, (input, pixels) -> {
                        assertThat(pixels.byteSize()).isEqualTo(6);
                        MemorySegment.copy(written, 0, pixels, ValueLayout.JAVA_BYTE, 0, 6);
                        return true;
                    })
                    .orElseThrow();

            assertThat(image.interpretation()).isEqualTo(LibVips.INTERPRETATION_SRGB);
            assertThat(session.pixels(image)).containsExactly(written);
        }
    }

    @Test
    void newFromDecodedWhenTheDecoderDeclinesThenEmpty() {
        try (LibVips.Session session = vips.session()) {
            assertThat(session.newFromDecoded(new byte[] {1}, 2, 1, 3, (input, pixels) -> false))
                    .isEmpty();
        }
    }

    @Test
    void newFromDecodedWhenRearrangedThenTheImageHoldsTheRearrangedPixels() {
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromDecoded(
                            new byte[] {1},
                            1,
                            2,
                            3,
                            (input, decoded) -> {
                                MemorySegment.copy(
                                        new byte[] {1, 2, 3, 4, 5, 6}, 0, decoded, ValueLayout.JAVA_BYTE, 0, 6);
                                return true;
                            },
                            (decoded, pixels) -> {
                                MemorySegment.copy(decoded, 3, pixels, 0, 3);
                                MemorySegment.copy(decoded, 0, pixels, 3, 3);
                            })
                    .orElseThrow();

            assertThat(image.width()).isEqualTo(1);
            assertThat(image.height()).isEqualTo(2);
            assertThat(session.pixels(image)).containsExactly(4, 5, 6, 1, 2, 3);
        }
    }

    @Test
    void newFromDecodedWhenTheDecoderDeclinesThenEmptyAndNothingRearranged() {
        try (LibVips.Session session = vips.session()) {
            assertThat(session.newFromDecoded(new byte[] {1}, 2, 1, 3, (input, decoded) -> false, (decoded, pixels) -> {
                        throw new AssertionError("rearranged what was declined");
                    }))
                    .isEmpty();
        }
    }

    /** 33.6 MB of pixels: past the size Portrait maps itself, and not a whole number of huge pages. */
    @Test
    void newFromSrgbPixelsWhenLargeEnoughToBeMappedThenEveryByteAsGiven() {
        byte[] pixels = new byte[4001 * 2800 * 3];
        new Random(3).nextBytes(pixels);
        try (LibVips.Session session = vips.session()) {
            LibVips.Image image = session.newFromSrgbPixels(new Pixels(pixels, 4001, 2800, 3));

            assertThat(session.pixels(image)).isEqualTo(pixels);
        }
    }

    /** A JPEG followed by 33 MB of padding, which the decoder never reads. */
    @Test
    void newFromBufferWhenLargeEnoughToBeMappedThenDecodedFromIt() {
        byte[] jpeg = TestImages.encode(TestImages.scene(400, 300), "jpeg");
        byte[] padded = Arrays.copyOf(jpeg, jpeg.length + (33 << 20));

        try (LibVips.Session small = vips.session();
                LibVips.Session large = vips.session()) {
            byte[] expected = small.pixels(small.newFromBuffer(jpeg, "fail_on=error"));

            assertThat(large.pixels(large.newFromBuffer(padded, "fail_on=error")))
                    .isEqualTo(expected);
        }
    }

    /**
     * A buffer of 32 MB or more is a mapping of its own, advised as huge pages ({@code hg} in smaps),
     * and unmapped when the session closes: a leak would be 36 MB per 12 MP bitmap. A smaller one is
     * left to malloc.
     */
    @Test
    void closeWhenABufferWasMappedThenItIsUnmapped() throws IOException {
        long before = hugePageAdvisedMappings();
        try (LibVips.Session session = vips.session()) {
            session.newFromSrgbPixels(new Pixels(new byte[4000 * 2000 * 3], 4000, 2000, 3));
            assertThat(hugePageAdvisedMappings()).isEqualTo(before);

            session.newFromSrgbPixels(new Pixels(new byte[4000 * 3000 * 3], 4000, 3000, 3));

            assertThat(hugePageAdvisedMappings()).isEqualTo(before + 1);
        }
        assertThat(hugePageAdvisedMappings()).isEqualTo(before);
    }

    /**
     * Once libvips is loaded, a 31 MB buffer comes from malloc's own memory, not from a mapping of
     * its own ({@code hblks} of {@code mallinfo2} counts those): glibc's adaptive rule would map it
     * until the process had freed a mapped buffer at least as large.
     */
    @Test
    void instanceThenMallocKeepsBuffersUnder32MbInItsOwnMemory() throws Throwable {
        assertThat(vips).isNotNull();
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        StructLayout mallinfo = MemoryLayout.structLayout(Stream.of(
                        "arena",
                        "ordblks",
                        "smblks",
                        "hblks",
                        "hblkhd",
                        "usmblks",
                        "fsmblks",
                        "uordblks",
                        "fordblks",
                        "keepcost")
                .map(ValueLayout.JAVA_LONG::withName)
                .toArray(MemoryLayout[]::new));
        VarHandle mappedChunks = mallinfo.varHandle(MemoryLayout.PathElement.groupElement("hblks"));
        MethodHandle mallinfo2 =
                linker.downcallHandle(libc.find("mallinfo2").orElseThrow(), FunctionDescriptor.of(mallinfo));
        MethodHandle malloc = linker.downcallHandle(
                libc.find("malloc").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        MethodHandle free =
                linker.downcallHandle(libc.find("free").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            long before = (long) mappedChunks.get((MemorySegment) mallinfo2.invokeExact((SegmentAllocator) arena), 0L);
            MemorySegment buffer = (MemorySegment) malloc.invokeExact(31L << 20);
            long during = (long) mappedChunks.get((MemorySegment) mallinfo2.invokeExact((SegmentAllocator) arena), 0L);
            free.invokeExact(buffer);

            assertThat(buffer.address()).isNotZero();
            assertThat(during).isEqualTo(before);
        }
    }

    private static long hugePageAdvisedMappings() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/smaps"))) {
            return lines.filter(line -> line.startsWith("VmFlags:"))
                    .filter(line -> List.of(line.split(" ")).contains("hg"))
                    .count();
        }
    }

    private static List<Double> bandValues(LibVips.Session session, LibVips.Image image) {
        byte[] pixels = session.pixels(image);
        return IntStream.range(0, image.bands())
                .mapToObj(band -> (double) (pixels[band] & 0xff))
                .toList();
    }
}
