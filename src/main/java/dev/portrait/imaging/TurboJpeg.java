package dev.portrait.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import org.jspecify.annotations.Nullable;

/**
 * The libjpeg-turbo binding (its TurboJPEG API), for two jobs: decoding a plain YCbCr JPEG into RGB
 * at any scale of n/8 while it decodes, and encoding pixels already in memory on the calling thread. libvips' loader scales only by 1/2, 1/4 and 1/8, so a
 * 2560 px photo was decoded whole and resampled to its original in a second pass that took more
 * than half of the job; at 6/8 it comes out 1920 px with no pass after it. Its decode into memory
 * is also quicker than libvips' strip by strip: 32.8 against 39.2 ms for a 12 MP photo at half size,
 * 12.9 against 16.8 ms for 2560x1600 whole (medians of 30, in C).
 *
 * <p>It decides nothing about the upload: on any warning or error it declines, and libvips, which
 * applies Portrait's rules for damaged files, reads the upload instead. Thread-safe: each call has
 * its own TurboJPEG handle.
 */
final class TurboJpeg {

    static final String LIBRARY = "libturbojpeg.so.0";

    private static final int PIXEL_FORMAT_RGB = 0;

    private static final int SUBSAMPLING_444 = 0;

    private static final int SUBSAMPLING_420 = 2;

    /** libjpeg's accurate integer DCT, libvips' choice: the same coefficients as its jpegsave. */
    private static final int FLAG_ACCURATE_DCT = 4096;

    /** Where libvips' jpegsave stops subsampling chroma ("auto"). */
    private static final int FULL_CHROMA_FROM_QUALITY = 90;

    private static final int COLORSPACE_RGB = 0;

    private static final int COLORSPACE_YCBCR = 1;

    private static @Nullable TurboJpeg instance;

    private final MethodHandle initDecompress;

    private final MethodHandle decompressHeader;

    private final MethodHandle decompress;

    private final MethodHandle destroy;

    private final MethodHandle initCompress;

    private final MethodHandle compress;

    private final MethodHandle free;

    private TurboJpeg() {
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException(
                    "libjpeg-turbo could not be loaded (" + LIBRARY + "); install the Debian package libturbojpeg0",
                    ex);
        }
        Linker linker = Linker.nativeLinker();
        initDecompress = function(linker, lookup, "tjInitDecompress", ADDRESS);
        decompressHeader = function(
                linker,
                lookup,
                "tjDecompressHeader3",
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_LONG,
                ADDRESS,
                ADDRESS,
                ADDRESS,
                ADDRESS);
        decompress = function(
                linker,
                lookup,
                "tjDecompress2",
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_LONG,
                ADDRESS,
                JAVA_INT,
                JAVA_INT,
                JAVA_INT,
                JAVA_INT,
                JAVA_INT);
        destroy = function(linker, lookup, "tjDestroy", JAVA_INT, ADDRESS);
        initCompress = function(linker, lookup, "tjInitCompress", ADDRESS);
        compress = function(
                linker,
                lookup,
                "tjCompress2",
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                JAVA_INT,
                JAVA_INT,
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                JAVA_INT,
                JAVA_INT);
        free = function(linker, lookup, "tjFree", null, ADDRESS);
    }

    /**
     * The process-wide binding, loaded on first use.
     *
     * @throws IllegalStateException if libjpeg-turbo's TurboJPEG library is missing
     */
    static synchronized TurboJpeg instance() {
        if (instance == null) {
            instance = new TurboJpeg();
        }
        return instance;
    }

    /** The side of a picture decoded at {@code eighths}/8, as libjpeg rounds it (up). */
    static long scaled(long side, int eighths) {
        return (side * eighths + 7) / 8;
    }

    /**
     * Decodes {@code jpeg} at {@code eighths}/8 into {@code pixels}: interleaved RGB, top row first,
     * {@code width x height} being the picture's full size, which the JPEG must declare.
     *
     * @param pixels at least {@code 3 * scaled(width) * scaled(height)} bytes
     * @return false, with {@code pixels} undefined, when the JPEG is not 8-bit YCbCr or RGB of that
     *     size, or libjpeg-turbo warned or failed while decoding it
     */
    boolean decodeRgb(MemorySegment jpeg, int width, int height, int eighths, MemorySegment pixels) {
        if (eighths < 1 || eighths > 8) {
            throw new IllegalArgumentException("A scale of n/8 needs n from 1 to 8: " + eighths);
        }
        int scaledWidth = Math.toIntExact(scaled(width, eighths));
        int scaledHeight = Math.toIntExact(scaled(height, eighths));
        if (pixels.byteSize() < 3L * scaledWidth * scaledHeight) {
            throw new IllegalArgumentException(
                    "The pixel buffer is too small for " + scaledWidth + " x " + scaledHeight);
        }
        return withHandle(initDecompress, handle -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment header = arena.allocate(JAVA_INT, 4);
                int status = (int) decompressHeader.invokeExact(
                        handle,
                        jpeg,
                        jpeg.byteSize(),
                        header,
                        header.asSlice(4),
                        header.asSlice(8),
                        header.asSlice(12));
                int colorspace = header.getAtIndex(JAVA_INT, 3);
                if (status != 0
                        || header.getAtIndex(JAVA_INT, 0) != width
                        || header.getAtIndex(JAVA_INT, 1) != height
                        || (colorspace != COLORSPACE_YCBCR && colorspace != COLORSPACE_RGB)) {
                    return false;
                }
                // TurboJPEG picks the largest scale whose result fits these sizes: n/8 exactly.
                return (int) decompress.invokeExact(
                                handle,
                                jpeg,
                                jpeg.byteSize(),
                                pixels,
                                scaledWidth,
                                0,
                                scaledHeight,
                                PIXEL_FORMAT_RGB,
                                0)
                        == 0;
            }
        });
    }

    /**
     * Encodes interleaved RGB pixels, top row first, as a baseline JPEG with standard Huffman tables
     * and a bare JFIF header, in the calling thread: from the tables on, byte for byte what libvips'
     * {@code jpegsave} writes with {@code strip} (which has no JFIF header). libvips hands a small image to a
     * worker and a writer thread: a 150 px square took 0.47 ms there and 0.09 ms here, a 512 px one
     * 1.8 against 1.0 ms (medians of 200, in C).
     *
     * @param pixels exactly {@code 3 * width * height} bytes
     * @param quality 1 to 100; chroma is subsampled 2 x 2 under 90, as libvips does
     */
    byte[] encodeRgb(MemorySegment pixels, int width, int height, int quality) {
        if (pixels.byteSize() != 3L * width * height) {
            throw new IllegalArgumentException(
                    "%d bytes are not %d x %d RGB pixels".formatted(pixels.byteSize(), width, height));
        }
        int subsampling = quality < FULL_CHROMA_FROM_QUALITY ? SUBSAMPLING_420 : SUBSAMPLING_444;
        return withHandle(initCompress, handle -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(ADDRESS);
                MemorySegment size = arena.allocate(JAVA_LONG);
                int status = (int) compress.invokeExact(
                        handle,
                        pixels,
                        width,
                        0,
                        height,
                        PIXEL_FORMAT_RGB,
                        buffer,
                        size,
                        subsampling,
                        quality,
                        FLAG_ACCURATE_DCT);
                MemorySegment jpeg = buffer.get(ADDRESS, 0);
                try {
                    if (status != 0) {
                        throw new IllegalStateException("tjCompress2 failed for " + width + " x " + height);
                    }
                    return jpeg.reinterpret(size.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
                } finally {
                    free.invokeExact(jpeg);
                }
            }
        });
    }

    /** Runs {@code work} with a TurboJPEG handle from {@code init}, destroyed after it. */
    private <T> T withHandle(MethodHandle init, HandleWork<T> work) {
        try {
            MemorySegment handle = (MemorySegment) init.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("TurboJPEG could not allocate a handle");
            }
            try {
                return work.run(handle);
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
        } catch (RuntimeException | Error ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new IllegalStateException(ex);
        }
    }

    @FunctionalInterface
    private interface HandleWork<T> {
        T run(MemorySegment handle) throws Throwable;
    }

    private static MethodHandle function(
            Linker linker, SymbolLookup lookup, String name, @Nullable MemoryLayout result, MemoryLayout... arguments) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("libjpeg-turbo (" + LIBRARY + ") has no " + name
                        + "; install the Debian package libturbojpeg0"));
        return linker.downcallHandle(symbol, LibVips.descriptor(result, arguments));
    }
}
