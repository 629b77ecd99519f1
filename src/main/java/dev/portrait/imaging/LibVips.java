package dev.portrait.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The libvips binding: with {@link TurboJpeg}, the only class that calls native code ({@link
 * Upright} only reads and writes memory a session holds). It owns every method handle, every arena
 * and the unref of every libvips object.
 *
 * <p>Work happens in a {@link Session}: it copies input off the Java heap, tracks every image made
 * from it and unrefs them all on close, before the input memory they may still read lazily is freed.
 * A session is confined to the thread that opened it.
 */
final class LibVips {

    static final String LIBRARY = "libvips.so.42";

    static final int INTERPRETATION_SRGB = 22;

    static final int FORMAT_UCHAR = 0;

    private static final int INTERESTING_NONE = 0;

    private static final int INTERESTING_CENTRE = 1;

    private static final int SIZE_BOTH = 0;

    private static final int SIZE_DOWN = 2;

    private static final int TRUE = 1;

    private static final int DEMAND_STYLE_THINSTRIP = 2;

    /**
     * Rows per strip when pixels are pulled on the calling thread: 16 to 128 decoded a 12 MP photo
     * at half size equally fast; 64 rows of a 2560 px picture are under half a megabyte.
     */
    private static final int PULL_ROWS = 64;

    private static final int FALSE = 0;

    /**
     * Buffers of 32 MB or more are mapped on their own and advised as 2 MB huge pages. malloc maps
     * any buffer that large afresh for each job (32 MB is the most its adaptive threshold reaches),
     * and on this project's VMs a 4 KB page costs about 14 us the first time it is touched: handing
     * libvips the 36 MB of a 12 MP bitmap took 127 ms in 4 KB pages and 4.5 ms in huge pages
     * (median of 40). Smaller buffers stay with malloc, which keeps reusing them: mapping the 23 MB
     * copy of a PNG upload as well made every later WebP job of the process 1.37x slower, its
     * buffers no longer coming from the memory malloc had kept. Where transparent huge pages are off,
     * the advice is ignored and the mapping behaves as malloc's would.
     */
    private static final long MAPPED_FROM = 32L << 20;

    private static final long HUGE_PAGE = 2L << 20;

    /**
     * malloc's thresholds, pinned where glibc's adaptive rule ends at best: buffers under 32 MB
     * come from malloc's own memory and the top 64 MB of it is kept rather than handed back. With
     * the adaptive rule a process may keep mapping libvips' buffers afresh for each job and faulting
     * them in again, depending on the sizes it has freed so far: HEIC (12 MP) took 862 ms a job in
     * such a process and 753 ms pinned (5 x 3 rounds), the other inputs the same either way.
     */
    private static final int MMAP_THRESHOLD = 32 << 20;

    private static final int TRIM_THRESHOLD = 64 << 20;

    private static final int M_TRIM_THRESHOLD = -1;

    private static final int M_MMAP_THRESHOLD = -3;

    // Linux's values, the same on x86-64 and arm64; libvips.so.42 is a Linux library here.
    private static final int PROT_READ_WRITE = 0x1 | 0x2;

    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;

    private static final int MADV_HUGEPAGE = 14;

    /**
     * The only loaders we let libvips run (jpegload_buffer, pngload_buffer, webpload_buffer,
     * heifload_buffer); every other loader, ImageMagick and the GIF loader included, stays blocked:
     * BMP and GIF are decoded in Java. libvips 8.14 finds these by GType name and silently ignores a
     * nickname.
     */
    private static final List<String> ALLOWED_LOADERS = List.of(
            "VipsForeignLoadJpegBuffer",
            "VipsForeignLoadPngBuffer",
            "VipsForeignLoadWebpBuffer",
            "VipsForeignLoadHeifBuffer");

    /** libvips keeps one error buffer for the whole process. */
    private static final Object ERROR_LOCK = new Object();

    private static @Nullable LibVips instance;

    private final Linker linker = Linker.nativeLinker();

    private final SymbolLookup lookup;

    private final MethodHandle gFree;
    private final MethodHandle gObjectUnref;
    private final MethodHandle gStrfreev;
    private final MethodHandle errorBuffer;
    private final MethodHandle errorClear;
    private final MethodHandle newFromBuffer;
    private final MethodHandle newFromMemory;
    private final MethodHandle getWidth;
    private final MethodHandle getHeight;
    private final MethodHandle getBands;
    private final MethodHandle getFormat;
    private final MethodHandle getInterpretation;
    private final MethodHandle hasAlpha;
    private final MethodHandle getInt;
    private final MethodHandle getString;
    private final MethodHandle getTypeof;
    private final MethodHandle getFields;
    private final MethodHandle copy;
    private final MethodHandle autorot;
    private final MethodHandle colourspace;
    private final MethodHandle iccTransform;
    private final MethodHandle extractBand;
    private final MethodHandle flatten;
    private final MethodHandle arrayDoubleNew;
    private final MethodHandle areaUnref;
    private final MethodHandle thumbnailImage;
    private final MethodHandle extractArea;
    private final MethodHandle resize;
    private final MethodHandle premultiply;
    private final MethodHandle unpremultiply;
    private final MethodHandle cast;
    private final MethodHandle copyMemory;
    private final MethodHandle newMemory;
    private final MethodHandle pipelineArray;
    private final MethodHandle writePrepare;
    private final MethodHandle regionNew;
    private final MethodHandle regionImage;
    private final MethodHandle regionPrepareTo;
    private final MethodHandle getData;
    private final MethodHandle isPartial;
    private final MethodHandle malloc;
    private final MethodHandle free;
    private final MethodHandle min;
    private final MethodHandle jpegsaveBuffer;
    private final MethodHandle pngsaveBuffer;
    private final MethodHandle concurrencySet;
    private final MethodHandle concurrencyGet;
    private final MethodHandle mmap;
    private final MethodHandle munmap;
    private final MethodHandle madvise;

    private final MemorySegment optionInterpretation;
    private final MemorySegment optionEmbedded;
    private final MemorySegment optionDepth;
    private final MemorySegment optionN;
    private final MemorySegment optionBackground;
    private final MemorySegment optionHeight;
    private final MemorySegment optionCrop;
    private final MemorySegment optionSize;
    private final MemorySegment optionNoRotate;
    private final MemorySegment optionQ;
    private final MemorySegment optionOptimizeCoding;
    private final MemorySegment optionInterlace;
    private final MemorySegment optionStrip;
    private final MemorySegment profileSrgb;
    private final MemorySegment fieldLoader;
    private final MemorySegment white;

    private LibVips() {
        try {
            lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException(
                    "libvips could not be loaded (" + LIBRARY + "); install the Debian package libvips42", ex);
        }
        gFree = function("g_free", null, ADDRESS);
        gObjectUnref = function("g_object_unref", null, ADDRESS);
        gStrfreev = function("g_strfreev", null, ADDRESS);
        errorBuffer = function("vips_error_buffer", ADDRESS);
        errorClear = function("vips_error_clear", null);
        newFromBuffer = variadic("vips_image_new_from_buffer", 3, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
        newFromMemory = function(
                "vips_image_new_from_memory", ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        getWidth = function("vips_image_get_width", JAVA_INT, ADDRESS);
        getHeight = function("vips_image_get_height", JAVA_INT, ADDRESS);
        getBands = function("vips_image_get_bands", JAVA_INT, ADDRESS);
        getFormat = function("vips_image_get_format", JAVA_INT, ADDRESS);
        getInterpretation = function("vips_image_get_interpretation", JAVA_INT, ADDRESS);
        hasAlpha = function("vips_image_hasalpha", JAVA_INT, ADDRESS);
        getInt = function("vips_image_get_int", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        getString = function("vips_image_get_string", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        getTypeof = function("vips_image_get_typeof", JAVA_LONG, ADDRESS, ADDRESS);
        getFields = function("vips_image_get_fields", ADDRESS, ADDRESS);
        copy = variadic("vips_copy", 2, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        autorot = variadic("vips_autorot", 2, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        colourspace = variadic("vips_colourspace", 3, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        iccTransform = variadic(
                "vips_icc_transform",
                3,
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                ADDRESS);
        extractBand =
                variadic("vips_extract_band", 3, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        flatten = variadic("vips_flatten", 2, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        arrayDoubleNew = function("vips_array_double_new", ADDRESS, ADDRESS, JAVA_INT);
        areaUnref = function("vips_area_unref", null, ADDRESS);
        thumbnailImage = variadic(
                "vips_thumbnail_image",
                3,
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                ADDRESS);
        extractArea = variadic(
                "vips_extract_area", 6, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        resize = variadic("vips_resize", 3, JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS);
        premultiply = variadic("vips_premultiply", 2, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        unpremultiply = variadic("vips_unpremultiply", 2, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cast = variadic("vips_cast", 3, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        copyMemory = function("vips_image_copy_memory", ADDRESS, ADDRESS);
        newMemory = function("vips_image_new_memory", ADDRESS);
        pipelineArray = function("vips_image_pipeline_array", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        writePrepare = function("vips_image_write_prepare", JAVA_INT, ADDRESS);
        regionNew = function("vips_region_new", ADDRESS, ADDRESS);
        regionImage = function("vips_region_image", JAVA_INT, ADDRESS, ADDRESS);
        regionPrepareTo = function("vips_region_prepare_to", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT);
        getData = function("vips_image_get_data", ADDRESS, ADDRESS);
        isPartial = function("vips_image_ispartial", JAVA_INT, ADDRESS);
        malloc = libc("malloc", ADDRESS, JAVA_LONG);
        free = libc("free", null, ADDRESS);
        min = variadic("vips_min", 2, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        jpegsaveBuffer = variadic(
                "vips_jpegsave_buffer",
                3,
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                ADDRESS);
        pngsaveBuffer =
                variadic("vips_pngsave_buffer", 3, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        concurrencySet = function("vips_concurrency_set", null, JAVA_INT);
        concurrencyGet = function("vips_concurrency_get", JAVA_INT);
        mmap = libc("mmap", ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
        munmap = libc("munmap", JAVA_INT, ADDRESS, JAVA_LONG);
        madvise = libc("madvise", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);

        Arena global = Arena.global();
        optionInterpretation = global.allocateFrom("interpretation");
        optionEmbedded = global.allocateFrom("embedded");
        optionDepth = global.allocateFrom("depth");
        optionN = global.allocateFrom("n");
        optionBackground = global.allocateFrom("background");
        optionHeight = global.allocateFrom("height");
        optionCrop = global.allocateFrom("crop");
        optionSize = global.allocateFrom("size");
        optionNoRotate = global.allocateFrom("no_rotate");
        optionQ = global.allocateFrom("Q");
        optionOptimizeCoding = global.allocateFrom("optimize_coding");
        optionInterlace = global.allocateFrom("interlace");
        optionStrip = global.allocateFrom("strip");
        profileSrgb = global.allocateFrom("srgb");
        fieldLoader = global.allocateFrom("vips-loader");
        white = global.allocateFrom(JAVA_DOUBLE, 255, 255, 255);

        initialize();
    }

    /**
     * The process-wide binding, loaded on first use.
     *
     * @throws IllegalStateException if libvips is missing or does not start
     */
    static synchronized LibVips instance() {
        if (instance == null) {
            instance = new LibVips();
        }
        return instance;
    }

    /** Opens a session on the calling thread; close it to free everything made in it. */
    Session session() {
        return new Session();
    }

    /**
     * Sets how many worker threads each libvips pipeline started from now on may use. The setting is
     * process-wide; a pipeline already running keeps the count it started with.
     */
    void threads(int count) {
        try {
            concurrencySet.invokeExact(count);
        } catch (Throwable ex) {
            throw rethrow(ex);
        }
    }

    /** The worker threads a libvips pipeline started now would use. */
    int threads() {
        try {
            return (int) concurrencyGet.invokeExact();
        } catch (Throwable ex) {
            throw rethrow(ex);
        }
    }

    private void initialize() {
        try {
            MethodHandle init = function("vips_init", JAVA_INT, ADDRESS);
            if ((int) init.invokeExact(Arena.global().allocateFrom("portrait")) != 0) {
                throw new IllegalStateException("vips_init failed: " + takeError());
            }
            // The cache would keep decoded user images alive between unrelated uploads.
            function("vips_cache_set_max", null, JAVA_INT).invokeExact(0);
            // Until a job says otherwise (VipsThreads), one worker thread per image.
            threads(1);
            // Once, before the first picture: see MMAP_THRESHOLD. Returns 0 where glibc refuses.
            MethodHandle mallopt = libc("mallopt", JAVA_INT, JAVA_INT, JAVA_INT);
            int ignored = (int) mallopt.invokeExact(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            ignored = (int) mallopt.invokeExact(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
            function("vips_block_untrusted_set", null, JAVA_INT).invokeExact(TRUE);
            MethodHandle blockSet = function("vips_operation_block_set", null, ADDRESS, JAVA_INT);
            blockSet.invokeExact(Arena.global().allocateFrom("VipsForeignLoad"), TRUE);
            for (String loader : ALLOWED_LOADERS) {
                blockSet.invokeExact(Arena.global().allocateFrom(loader), FALSE);
            }
        } catch (IllegalStateException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new IllegalStateException("libvips did not start", ex);
        }
    }

    private MethodHandle function(String name, @Nullable MemoryLayout result, MemoryLayout... arguments) {
        return linker.downcallHandle(symbol(name), descriptor(result, arguments));
    }

    private MethodHandle libc(String name, @Nullable MemoryLayout result, MemoryLayout... arguments) {
        MemorySegment address = linker.defaultLookup()
                .find(name)
                .orElseThrow(() -> new IllegalStateException("The C library has no " + name));
        return linker.downcallHandle(address, descriptor(result, arguments));
    }

    /** A C function's descriptor; a null result is a void function. TurboJpeg's bindings use it too. */
    static FunctionDescriptor descriptor(@Nullable MemoryLayout result, MemoryLayout... arguments) {
        return result == null ? FunctionDescriptor.ofVoid(arguments) : FunctionDescriptor.of(result, arguments);
    }

    /** Option lists need their own handle per shape; the fixed arguments come first. */
    private MethodHandle variadic(String name, int fixed, MemoryLayout result, MemoryLayout... arguments) {
        return linker.downcallHandle(
                symbol(name), FunctionDescriptor.of(result, arguments), Linker.Option.firstVariadicArg(fixed));
    }

    private MemorySegment symbol(String name) {
        return lookup.find(name)
                .orElseThrow(() -> new IllegalStateException(
                        "libvips (" + LIBRARY + ") has no " + name + "; install the Debian package libvips42 8.14+"));
    }

    private String takeError() {
        synchronized (ERROR_LOCK) {
            try {
                MemorySegment text = (MemorySegment) errorBuffer.invokeExact();
                String message = text.reinterpret(Long.MAX_VALUE).getString(0).strip();
                errorClear.invokeExact();
                return message;
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }
    }

    private static RuntimeException rethrow(Throwable ex) {
        if (ex instanceof RuntimeException runtime) {
            return runtime;
        }
        if (ex instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(ex);
    }

    /** A libvips call failed; the message is libvips' own text, for the log only. */
    static final class LibVipsException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LibVipsException(String operation, String detail) {
            super(operation + " failed: " + detail);
        }
    }

    /** A VipsImage reference, valid until its session closes. */
    final class Image {

        private final MemorySegment pointer;

        private Image(MemorySegment pointer) {
            this.pointer = pointer;
        }

        int width() {
            return intHeader(getWidth);
        }

        int height() {
            return intHeader(getHeight);
        }

        int bands() {
            return intHeader(getBands);
        }

        int format() {
            return intHeader(getFormat);
        }

        int interpretation() {
            return intHeader(getInterpretation);
        }

        boolean hasAlpha() {
            return intHeader(LibVips.this.hasAlpha) != 0;
        }

        /** Computed on demand by libvips, as opposed to pixels held in memory. */
        boolean isPartial() {
            return intHeader(LibVips.this.isPartial) != 0;
        }

        /** The metadata field as an int, or {@code fallback} when the image has no such field. */
        int intField(String name, int fallback) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(JAVA_INT);
                if ((int) getInt.invokeExact(pointer, arena.allocateFrom(name), out) != 0) {
                    // A missing field is an answer, not an error to leave in the shared buffer.
                    takeError();
                    return fallback;
                }
                return out.get(JAVA_INT, 0);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        boolean hasField(String name) {
            try (Arena arena = Arena.ofConfined()) {
                return (long) getTypeof.invokeExact(pointer, arena.allocateFrom(name)) != 0;
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        List<String> fieldNames() {
            try {
                MemorySegment names = ((MemorySegment) getFields.invokeExact(pointer)).reinterpret(Long.MAX_VALUE);
                try {
                    List<String> result = new ArrayList<>();
                    for (long offset = 0; ; offset += ADDRESS.byteSize()) {
                        MemorySegment name = names.get(ADDRESS, offset);
                        if (name.equals(MemorySegment.NULL)) {
                            return result;
                        }
                        result.add(name.reinterpret(Long.MAX_VALUE).getString(0));
                    }
                } finally {
                    gStrfreev.invokeExact(names);
                }
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** The nickname of the libvips loader that read this image, empty if none did. */
        String loader() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ADDRESS);
                if ((int) getString.invokeExact(pointer, fieldLoader, out) != 0) {
                    takeError();
                    return "";
                }
                return out.get(ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        private int intHeader(MethodHandle getter) {
            try {
                return (int) getter.invokeExact(pointer);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }
    }

    /** One unit of image work: owns its input memory and every image made from it. */
    final class Session implements AutoCloseable {

        private final Arena arena = Arena.ofConfined();

        private final List<MemorySegment> images = new ArrayList<>();

        private byte @Nullable [] copiedFrom;

        private MemorySegment offHeap = MemorySegment.NULL;

        private Session() {}

        /**
         * {@code vips_image_new_from_buffer}: reads only the header; pixels are decoded when first
         * needed. The bytes are copied off the heap once per session, however often they are opened.
         *
         * @param options a libvips option string such as {@code "fail_on=error,shrink=2"}
         */
        Image newFromBuffer(byte[] bytes, String options) {
            MemorySegment buffer = input(bytes);
            try {
                return track("new_from_buffer", (MemorySegment) newFromBuffer.invokeExact(
                        buffer, (long) bytes.length, arena.allocateFrom(options), MemorySegment.NULL));
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /**
         * {@code vips_image_new_from_memory} for interleaved 8-bit sRGB pixels, then {@code vips_copy}
         * to say so: libvips takes four bands of unknown meaning for multiband, not RGBA. The pixels
         * are copied once, into this session's memory, which outlives every image of the session;
         * libvips' own copy ({@code new_from_memory_copy}) was one more full-size buffer to fault in.
         */
        Image newFromSrgbPixels(Pixels pixels) {
            byte[] data = pixels.data();
            MemorySegment buffer = copyOffHeap(data);
            return srgbFromMemory(buffer, data.length, pixels.width(), pixels.height(), pixels.bands());
        }

        private Image srgbFromMemory(MemorySegment buffer, long length, int width, int height, int bands) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                Image raw = track("new_from_memory", (MemorySegment)
                        newFromMemory.invokeExact(buffer, length, width, height, bands, FORMAT_UCHAR));
                return track(
                        "copy",
                        (int) copy.invokeExact(
                                raw.pointer, out, optionInterpretation, INTERPRETATION_SRGB, MemorySegment.NULL),
                        out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /**
         * Pixels a native decoder writes straight into memory of this session, as an 8-bit sRGB
         * image of {@code width x height} with {@code bands} interleaved bands. The memory is not
         * cleared first: the decoder writes every byte of it.
         *
         * @return empty when the decoder declines the input
         */
        Optional<Image> newFromDecoded(byte[] bytes, int width, int height, int bands, NativeDecoder decoder) {
            MemorySegment input = input(bytes);
            long length = (long) width * height * bands;
            MemorySegment pixels = allocateUncleared(length);
            if (!decoder.decode(input.asSlice(0, bytes.length), pixels.asSlice(0, length))) {
                return Optional.empty();
            }
            return Optional.of(srgbFromMemory(pixels, length, width, height, bands));
        }

        /**
         * As {@link #newFromDecoded(byte[], int, int, int, NativeDecoder)}, but the decoder writes
         * into memory that lives only until {@code rearrange} has copied it into the image's own (a
         * JPEG turned upright): the two are held at once only while it copies.
         */
        Optional<Image> newFromDecoded(
                byte[] bytes, int width, int height, int bands, NativeDecoder decoder, PixelCopy rearrange) {
            MemorySegment input = input(bytes).asSlice(0, bytes.length);
            long length = (long) width * height * bands;
            return withScratch(length, decoded -> {
                if (!decoder.decode(input, decoded)) {
                    return Optional.empty();
                }
                MemorySegment pixels = allocateUncleared(length);
                rearrange.copy(decoded, pixels.asSlice(0, length));
                return Optional.of(srgbFromMemory(pixels, length, width, height, bands));
            });
        }

        Image autorot(Image in) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track("autorot", (int) autorot.invokeExact(in.pointer, out, MemorySegment.NULL), out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        Image colourspace(Image in, int interpretation) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track(
                        "colourspace",
                        (int) colourspace.invokeExact(in.pointer, out, interpretation, MemorySegment.NULL),
                        out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** {@code vips_icc_transform} from the embedded profile to 8-bit sRGB. */
        Image iccTransformToSrgb(Image in) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track(
                        "icc_transform",
                        (int) iccTransform.invokeExact(
                                in.pointer, out, profileSrgb, optionEmbedded, TRUE, optionDepth, 8, MemorySegment.NULL),
                        out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        Image extractBand(Image in, int band, int count) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track(
                        "extract_band",
                        (int) extractBand.invokeExact(in.pointer, out, band, optionN, count, MemorySegment.NULL),
                        out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** {@code vips_flatten} onto a white background. */
        Image flattenOnWhite(Image in) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                MemorySegment background = (MemorySegment) arrayDoubleNew.invokeExact(white, 3);
                try {
                    return track(
                            "flatten",
                            (int) flatten.invokeExact(
                                    in.pointer, out, optionBackground, background, MemorySegment.NULL),
                            out);
                } finally {
                    areaUnref.invokeExact(background);
                }
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /**
         * {@code vips_thumbnail_image}: fits the image into {@code width x height}, or fills it exactly
         * with a centre crop.
         *
         * @param downOnly never enlarge
         */
        Image thumbnail(Image in, int width, int height, boolean crop, boolean downOnly) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track(
                        "thumbnail_image",
                        (int) thumbnailImage.invokeExact(
                                in.pointer,
                                out,
                                width,
                                optionHeight,
                                height,
                                optionCrop,
                                crop ? INTERESTING_CENTRE : INTERESTING_NONE,
                                optionSize,
                                downOnly ? SIZE_DOWN : SIZE_BOTH,
                                optionNoRotate,
                                TRUE,
                                MemorySegment.NULL),
                        out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** {@code vips_extract_area}: the rectangle at {@code left, top}, without copying pixels. */
        Image extractArea(Image in, int left, int top, int width, int height) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track(
                        "extract_area",
                        (int) extractArea.invokeExact(in.pointer, out, left, top, width, height, MemorySegment.NULL),
                        out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** {@code vips_resize} by {@code scale} (lanczos3), for an image without alpha. */
        Image resize(Image in, double scale) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track("resize", (int) resize.invokeExact(in.pointer, out, scale, MemorySegment.NULL), out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** {@code vips_premultiply}: colour bands times alpha, as float. */
        Image premultiply(Image in) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track("premultiply", (int) premultiply.invokeExact(in.pointer, out, MemorySegment.NULL), out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** {@code vips_unpremultiply}: colour bands divided by alpha again, as float. */
        Image unpremultiply(Image in) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track(
                        "unpremultiply", (int) unpremultiply.invokeExact(in.pointer, out, MemorySegment.NULL), out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** {@code vips_cast} to 8 bits per band. */
        Image castToUchar(Image in) {
            MemorySegment out = arena.allocate(ADDRESS);
            try {
                return track("cast", (int) cast.invokeExact(in.pointer, out, FORMAT_UCHAR, MemorySegment.NULL), out);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /**
         * Computes every pixel now into memory, so decode errors surface here and nothing after this
         * step computes them again. An image already in memory is returned as it is.
         *
         * <p>With one worker thread (each job's share under load, and the benchmark's setting) the
         * pixels are pulled strip by strip on the calling thread, top to bottom as a sequential
         * loader needs: {@code vips_image_copy_memory} hands every 16-row strip to its worker and
         * wakes the waiting caller for each, about a hundred context switches to decode a 12 MP
         * photo at half size, and the decode took 49 ms instead of 46 ms (interleaved, 60 runs). With
         * more threads libvips' own copy computes strips in parallel, which a lone upload gains from.
         */
        Image copyMemory(Image in) {
            if (!in.isPartial()) {
                return in;
            }
            if (threads() > 1) {
                try {
                    return track("copy_memory", (MemorySegment) copyMemory.invokeExact(in.pointer));
                } catch (Throwable ex) {
                    throw rethrow(ex);
                }
            }
            return pull(in);
        }

        private Image pull(Image in) {
            try {
                Image out = track("new_memory", (MemorySegment) newMemory.invokeExact());
                MemorySegment inputs = arena.allocate(ADDRESS, 2);
                inputs.setAtIndex(ADDRESS, 0, in.pointer);
                check("pipeline_array", (int) pipelineArray.invokeExact(out.pointer, DEMAND_STYLE_THINSTRIP, inputs));
                check("write_prepare", (int) writePrepare.invokeExact(out.pointer));
                int width = in.width();
                int height = in.height();
                MemorySegment source = region(in);
                try {
                    MemorySegment target = region(out);
                    try {
                        MemorySegment strip = arena.allocate(JAVA_INT, 4);
                        for (int top = 0; top < height; top += PULL_ROWS) {
                            // A VipsRect: left, top, width, height.
                            strip.setAtIndex(JAVA_INT, 1, top);
                            strip.setAtIndex(JAVA_INT, 2, width);
                            strip.setAtIndex(JAVA_INT, 3, Math.min(PULL_ROWS, height - top));
                            check("region_image", (int) regionImage.invokeExact(target, strip));
                            check("prepare_to", (int) regionPrepareTo.invokeExact(source, target, strip, 0, top));
                        }
                    } finally {
                        gObjectUnref.invokeExact(target);
                    }
                } finally {
                    gObjectUnref.invokeExact(source);
                }
                return out;
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        private MemorySegment region(Image image) throws Throwable {
            MemorySegment region = (MemorySegment) regionNew.invokeExact(image.pointer);
            if (region.equals(MemorySegment.NULL)) {
                throw new LibVipsException("region_new", takeError());
            }
            return region;
        }

        private void check(String operation, int status) {
            if (status != 0) {
                throw new LibVipsException(operation, takeError());
            }
        }

        double min(Image in) {
            return statistic("min", min, in);
        }

        /**
         * Every pixel of an 8-bit image, interleaved, top row first, computed into memory as {@link
         * #copyMemory} does. For a small image only.
         */
        byte[] pixels(Image in) {
            return inMemory(in).toArray(JAVA_BYTE);
        }

        /**
         * Encodes an 8-bit image with {@code encoder} on the calling thread, from its pixels computed
         * into memory as {@link #copyMemory} does.
         */
        byte[] encodeInMemory(Image in, PixelEncoder encoder) {
            MemorySegment pixels = inMemory(in);
            return encoder.encode(pixels, in.width(), in.height(), in.bands());
        }

        /** The pixels of an 8-bit image, interleaved, top row first, in memory this session holds. */
        private MemorySegment inMemory(Image in) {
            if (in.format() != FORMAT_UCHAR) {
                throw new IllegalArgumentException("Not an 8-bit image: format " + in.format());
            }
            Image memory = copyMemory(in);
            long length = (long) memory.width() * memory.height() * memory.bands();
            try {
                MemorySegment data = (MemorySegment) getData.invokeExact(memory.pointer);
                if (data.equals(MemorySegment.NULL)) {
                    throw new LibVipsException("get_data", takeError());
                }
                return data.reinterpret(length);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** {@code vips_jpegsave_buffer} without metadata, Huffman optimisation or progressive scans. */
        byte[] jpegsave(Image in, int quality) {
            return save("jpegsave_buffer", (buffer, length) -> (int) jpegsaveBuffer.invokeExact(
                    in.pointer,
                    buffer,
                    length,
                    optionQ,
                    quality,
                    optionOptimizeCoding,
                    FALSE,
                    optionInterlace,
                    FALSE,
                    optionStrip,
                    TRUE,
                    MemorySegment.NULL));
        }

        /** {@code vips_pngsave_buffer} without metadata. */
        byte[] pngsave(Image in) {
            return save("pngsave_buffer", (buffer, length) ->
                    (int) pngsaveBuffer.invokeExact(in.pointer, buffer, length, optionStrip, TRUE, MemorySegment.NULL));
        }

        /**
         * Unrefs every image made so far except {@code survivor}, newest first, so that the memory of
         * finished steps (a decoder's buffers, an intermediate copy) is freed before the next steps
         * allocate theirs. libvips keeps whatever the survivor still depends on. The other images
         * of this session must not be used afterwards.
         */
        void releaseAllBut(Image survivor) {
            List<MemorySegment> released = new ArrayList<>(images);
            // A step that returned its input (copying an image already in memory) tracked the same
            // pointer twice, once per reference: every one of them stays with the survivor.
            released.removeIf(survivor.pointer::equals);
            images.retainAll(List.of(survivor.pointer));
            unref(released);
        }

        /** Unrefs every image of this session, newest first, then frees the input memory. */
        @Override
        public void close() {
            try {
                unref(images);
            } finally {
                images.clear();
                arena.close();
            }
        }

        private void unref(List<MemorySegment> references) {
            try {
                for (int i = references.size() - 1; i >= 0; i--) {
                    gObjectUnref.invokeExact(references.get(i));
                }
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** The upload off the Java heap, copied once per session however often it is opened. */
        private MemorySegment input(byte[] bytes) {
            if (bytes != copiedFrom) {
                offHeap = copyOffHeap(bytes);
                copiedFrom = bytes;
            }
            return offHeap;
        }

        /** A copy of {@code bytes} in memory that lives as long as this session. */
        private MemorySegment copyOffHeap(byte[] bytes) {
            MemorySegment buffer = allocateUncleared(bytes.length);
            MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, 0, bytes.length);
            return buffer;
        }

        /**
         * Memory for this session that its caller writes whole, so it is not zeroed first: mapped
         * from MAPPED_FROM up, malloc'd below, freed when the session closes.
         */
        private MemorySegment allocateUncleared(long size) {
            return allocateUncleared(size, arena);
        }

        /** Memory that {@code work} writes whole before it reads it, freed as soon as it returns. */
        private <T> T withScratch(long size, Function<MemorySegment, T> work) {
            try (Arena scratch = Arena.ofConfined()) {
                return work.apply(allocateUncleared(size, scratch).asSlice(0, size));
            }
        }

        private MemorySegment allocateUncleared(long size, Arena owner) {
            if (size >= MAPPED_FROM) {
                return map(size, owner);
            }
            try {
                MemorySegment memory = (MemorySegment) malloc.invokeExact(Math.max(1L, size));
                if (memory.equals(MemorySegment.NULL)) {
                    throw new OutOfMemoryError("malloc of " + size + " bytes failed");
                }
                return memory.reinterpret(size, owner, LibVips.this::release);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** Whole huge pages, so the kernel places the mapping on a huge-page boundary. */
        private MemorySegment map(long size, Arena owner) {
            long length = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
            try {
                MemorySegment mapped = (MemorySegment)
                        mmap.invokeExact(MemorySegment.NULL, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
                if (mapped.address() == -1L) {
                    return owner.allocate(size);
                }
                // Refused where huge pages are off or unknown: the mapping then works in small pages.
                int ignored = (int) madvise.invokeExact(mapped, length, MADV_HUGEPAGE);
                return mapped.reinterpret(length, owner, unused -> unmap(mapped, length));
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        private void unmap(MemorySegment mapped, long length) {
            try {
                int ignored = (int) munmap.invokeExact(mapped, length);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        private double statistic(String operation, MethodHandle handle, Image in) {
            MemorySegment out = arena.allocate(JAVA_DOUBLE);
            try {
                if ((int) handle.invokeExact(in.pointer, out, MemorySegment.NULL) != 0) {
                    throw new LibVipsException(operation, takeError());
                }
                return out.get(JAVA_DOUBLE, 0);
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        private byte[] save(String operation, Saver saver) {
            MemorySegment buffer = arena.allocate(ADDRESS);
            MemorySegment length = arena.allocate(JAVA_LONG);
            try {
                if (saver.save(buffer, length) != 0) {
                    throw new LibVipsException(operation, takeError());
                }
                return takeBytes(buffer.get(ADDRESS, 0), length.get(JAVA_LONG, 0));
            } catch (Throwable ex) {
                throw rethrow(ex);
            }
        }

        /** Copies a buffer libvips allocated for us onto the Java heap, and frees it. */
        private byte[] takeBytes(MemorySegment data, long length) throws Throwable {
            try {
                return data.reinterpret(length).toArray(JAVA_BYTE);
            } finally {
                gFree.invokeExact(data);
            }
        }

        private Image track(String operation, int status, MemorySegment out) {
            if (status != 0) {
                throw new LibVipsException(operation, takeError());
            }
            return track(operation, out.get(ADDRESS, 0));
        }

        private Image track(String operation, MemorySegment image) {
            if (image.equals(MemorySegment.NULL)) {
                throw new LibVipsException(operation, takeError());
            }
            images.add(image);
            return new Image(image);
        }
    }

    private void release(MemorySegment memory) {
        try {
            free.invokeExact(memory);
        } catch (Throwable ex) {
            throw rethrow(ex);
        }
    }

    /** An encoder outside libvips that reads pixels from memory a session holds. */
    @FunctionalInterface
    interface PixelEncoder {
        /**
         * @param pixels interleaved 8-bit bands, top row first, valid during the call only
         */
        byte[] encode(MemorySegment pixels, int width, int height, int bands);
    }

    /** Copies pixels from one block of memory into another of the same size, in another order. */
    @FunctionalInterface
    interface PixelCopy {
        void copy(MemorySegment from, MemorySegment to);
    }

    /** A decoder outside libvips that writes pixels into memory a session provides. */
    @FunctionalInterface
    interface NativeDecoder {
        /**
         * @param input the upload, off the Java heap
         * @param pixels where the pixels go, exactly as large as they are
         * @return false to decline the input
         */
        boolean decode(MemorySegment input, MemorySegment pixels);
    }

    @FunctionalInterface
    private interface Saver {
        int save(MemorySegment buffer, MemorySegment length) throws Throwable;
    }
}
