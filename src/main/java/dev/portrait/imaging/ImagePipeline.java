package dev.portrait.imaging;

import dev.portrait.PlatformThreads;
import dev.portrait.imaging.ImageRejectedException.Reason;
import dev.portrait.imaging.LibVips.Image;
import dev.portrait.imaging.LibVips.LibVipsException;
import dev.portrait.imaging.LibVips.NativeDecoder;
import dev.portrait.imaging.LibVips.Session;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns an untrusted upload into the renditions of a profile picture: upright, 8-bit sRGB, free of
 * every piece of metadata the client sent, and re-encoded so no byte of the upload survives as is.
 *
 * <p>The steps run in this order, each returning early when it does not apply: sniff the format from
 * magic bytes, read the header only and refuse too many pixels, decode with errors as failures,
 * convert to sRGB, bound the original, turn it upright, flatten an alpha channel nobody can see, cut
 * the squares, encode without metadata. At most {@link ImagingProperties#maxConcurrentJobs()} uploads
 * are decoded at once; the others wait. The running jobs share {@link ImagingProperties#threads()}
 * libvips worker threads.
 *
 * <p>Each job runs on a platform thread of its own pool ({@link PlatformThreads}): on the callers'
 * virtual threads, one job per core held every carrier thread and nothing else was served. Two
 * HEIC uploads at once took a 5 KB picture file from 11,900 to 20 requests per second, and its p99
 * from 2 ms to 965 ms.
 */
@Component
public class ImagePipeline {

    /** The sides of the square renditions, largest first. */
    static final List<Integer> SQUARES = List.of(512, 150, 64);

    static final String ORIGINAL = "original";

    /** Shrink-on-load may leave the original this fraction (1/n) under its bound; see jpegEighths. */
    private static final int ORIGINAL_SLACK = 16;

    private static final Logger log = LoggerFactory.getLogger(ImagePipeline.class);

    private static final String EXIF = "exif-data";

    private static final String GPS_PREFIX = "exif-ifd3-";

    private static final Set<String> OTHER_METADATA =
            Set.of("xmp-data", "iptc-data", "icc-profile-data", "photoshop-data", "image-description", "gif-comment");

    private static final String PNG_TEXT_PREFIX = "png-comment-";

    private static final String ICC_PROFILE = "icc-profile-data";

    private static final String ORIENTATION = "orientation";

    private static final long MAX_DECODED_BYTES = 32L << 20;

    private static final String UNSUPPORTED_MESSAGE = "The file is not a JPEG, PNG, GIF, BMP, WebP or HEIC image";

    private static final String CORRUPT_MESSAGE = "The image is damaged or incomplete and cannot be read";

    private final ImagingProperties properties;

    private final LibVips vips;

    private final TurboJpeg turboJpeg;

    private final VipsThreads threads;

    private final ExecutorService workers;

    /**
     * Loads libvips at once, so a machine without it fails at start-up rather than at the first
     * upload.
     */
    public ImagePipeline(ImagingProperties properties) {
        this.properties = properties;
        this.vips = LibVips.instance();
        this.turboJpeg = TurboJpeg.instance();
        int cores = Runtime.getRuntime().availableProcessors();
        // One thread per job slot: further uploads queue for one, in the order they came.
        this.workers = PlatformThreads.pool(
                "image-job", properties.maxConcurrentJobs() > 0 ? properties.maxConcurrentJobs() : cores);
        this.threads = new VipsThreads(properties.threads() > 0 ? properties.threads() : cores, vips::threads);
    }

    /**
     * Processes one upload into the renditions {@code original} (long side at most {@link
     * ImagingProperties#maxOriginalSide()}, never enlarged) and the squares {@code 512}, {@code 150}
     * and {@code 64} (centre crop). Renditions are JPEG, or PNG with alpha when the upload is partly
     * transparent.
     *
     * @param upload the complete file as the client sent it
     * @throws ImageRejectedException if the upload is not an accepted format, is damaged, or has more
     *     pixels than allowed
     */
    public ProcessedImage process(byte[] upload) {
        ImageFormat format = ImageFormat.sniff(upload)
                .orElseThrow(() -> new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, UNSUPPORTED_MESSAGE));
        return PlatformThreads.await(workers.submit(() -> runJob(format, upload)));
    }

    private ProcessedImage runJob(ImageFormat format, byte[] upload) {
        threads.jobStarted();
        try (Session session = vips.session()) {
            return process(session, format, upload);
        } finally {
            // No malloc_trim here: the next job faults every trimmed page in again. Trimming after
            // each job under load cost 60% more CPU per upload at concurrency 8 for the same peak
            // memory (docs/operations.md).
            threads.jobEnded();
        }
    }

    private ProcessedImage process(Session session, ImageFormat format, byte[] upload) {
        Source source = load(session, format, upload);
        int orientation = source.orientation();
        boolean rotate = Upright.turns(orientation);
        boolean turnPixels = rotate && !source.upright();
        boolean convertToSrgb = needsSrgbConversion(source.image());
        boolean profileOnly = convertToSrgb && onlyProfileToApply(source.image());
        Image original;
        try {
            Image decoded = convertToSrgb && !profileOnly ? toSrgb(session, source.image()) : source.image();
            // The box is square, so turning after bounding gives the same size as before, and
            // converting the bounded original touches a quarter of the pixels of a 12 MP photo.
            Image bounded = boundOriginal(session, decoded, source);
            original = profileOnly ? session.copyMemory(session.iccTransformToSrgb(bounded)) : bounded;
        } catch (LibVipsException ex) {
            throw corrupt(format, ex);
        }
        // Nothing below reads the decoder: with two 12 MP jobs at once that is tens of MB back
        // before the squares and the encoders allocate.
        session.releaseAllBut(original);
        boolean transparent = isTransparent(session, original);
        Image base = transparent ? original : flattenInvisibleAlpha(session, original);
        ImageFormat output = transparent ? ImageFormat.PNG : ImageFormat.JPEG;

        SequencedMap<String, Image> sized = sizes(session, base, turnPixels);
        List<Rendition> renditions = new ArrayList<>();
        sized.forEach((name, image) -> renditions.add(encode(session, name, image, output, turnPixels)));
        Image smallest = sized.sequencedValues().getLast();

        boolean quarterTurn = Upright.swapsSides(orientation);
        return new ProcessedImage(
                format,
                quarterTurn ? source.height() : source.width(),
                quarterTurn ? source.width() : source.height(),
                renditions,
                new Receipt(
                        rotate,
                        format == output ? null : format,
                        convertToSrgb,
                        source.fields().stream().anyMatch(field -> field.startsWith(GPS_PREFIX)),
                        source.fields().contains(EXIF),
                        source.fields().stream().anyMatch(ImagePipeline::isOtherMetadata),
                        transparent),
                placeholderColor(session, smallest));
    }

    /**
     * The decodable image, its declared size before any shrink-on-load, its metadata fields, the
     * long side its original is bounded to, whether its pixels are all in memory already, its EXIF
     * orientation, and whether its pixels were turned upright as they were decoded.
     */
    private record Source(
            Image image,
            int width,
            int height,
            List<String> fields,
            int bound,
            boolean inMemory,
            int orientation,
            boolean upright) {

        /** Pixels as the file stores them, to be turned by the orientation libvips reads from them. */
        Source(Image image, int width, int height, List<String> fields, int bound, boolean inMemory) {
            this(image, width, height, fields, bound, inMemory, image.intField(ORIENTATION, 1), false);
        }
    }

    private Source load(Session session, ImageFormat format, byte[] upload) {
        if (format == ImageFormat.BMP) {
            return loadBmp(session, upload);
        }
        if (format == ImageFormat.GIF) {
            return loadGif(session, upload);
        }
        try {
            Image header = session.newFromBuffer(upload, "");
            if (!header.loader().equals(loaderOf(format))) {
                log.info("Refused a {} upload that libvips reads with '{}'", format, header.loader());
                throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, UNSUPPORTED_MESSAGE);
            }
            int width = header.width();
            int height = header.height();
            checkPixels(width, height);
            List<String> fields = header.fieldNames();
            int maxSide = properties.maxOriginalSide();
            if (format != ImageFormat.JPEG) {
                Image image = session.newFromBuffer(upload, loadOptions(format, width, height));
                return new Source(image, width, height, fields, maxSide, false);
            }
            int eighths = jpegEighths(width, height, maxSide);
            int bound = (int) Math.min(maxSide, TurboJpeg.scaled(Math.max(width, height), eighths));
            int orientation = header.intField(ORIENTATION, 1);
            Optional<Image> decoded = isPlainRgb(header) && fitsInMemory(width, height, eighths)
                    ? decodeJpeg(session, upload, width, height, eighths, orientation)
                    : Optional.empty();
            if (decoded.isPresent()) {
                return new Source(decoded.get(), width, height, fields, bound, true, orientation, true);
            }
            String options = "fail_on=error,access=sequential,shrink=" + vipsShrink(eighths);
            return new Source(session.newFromBuffer(upload, options), width, height, fields, bound, false);
        } catch (LibVipsException ex) {
            throw corrupt(format, ex);
        }
    }

    /**
     * Decodes with libjpeg-turbo at {@code eighths}/8 and turns the pixels upright (see {@link
     * Upright}); empty when it declines (a warning, a damaged file), so that libvips decides. The
     * pixels as stored live only until they are turned, so a 12 MP job holds 9 MB of pixels, and
     * 18 MB for the 3 ms of the turn.
     */
    private Optional<Image> decodeJpeg(
            Session session, byte[] upload, int width, int height, int eighths, int orientation) {
        int scaledWidth = (int) TurboJpeg.scaled(width, eighths);
        int scaledHeight = (int) TurboJpeg.scaled(height, eighths);
        boolean swap = Upright.swapsSides(orientation);
        NativeDecoder decoder = (jpeg, pixels) -> turboJpeg.decodeRgb(jpeg, width, height, eighths, pixels);
        Optional<Image> decoded = Upright.turns(orientation)
                ? session.newFromDecoded(
                        upload,
                        swap ? scaledHeight : scaledWidth,
                        swap ? scaledWidth : scaledHeight,
                        3,
                        decoder,
                        (stored, upright) -> Upright.turn(stored, scaledWidth, scaledHeight, orientation, upright))
                : session.newFromDecoded(upload, scaledWidth, scaledHeight, 3, decoder);
        if (decoded.isEmpty()) {
            log.debug("libjpeg-turbo declined a JPEG upload; libvips reads it");
        }
        return decoded;
    }

    /**
     * Whether libjpeg-turbo may decode the whole picture into memory at once: up to 32 MB of RGB,
     * which any picture of ordinary proportions stays well under at its scale (a 12 MP photo at 4/8
     * is 9 MB). A panorama of 65535 x 520 would take 102 MB at 8/8; libvips streams it instead.
     */
    static boolean fitsInMemory(long width, long height, int eighths) {
        return 3 * TurboJpeg.scaled(width, eighths) * TurboJpeg.scaled(height, eighths) <= MAX_DECODED_BYTES;
    }

    /**
     * 8-bit RGB with no profile to apply: what libjpeg-turbo's RGB output gives as it is. Grey, CMYK
     * and profiled JPEGs go to libvips, which converts them.
     */
    private static boolean isPlainRgb(Image header) {
        return header.bands() == 3
                && header.interpretation() == LibVips.INTERPRETATION_SRGB
                && header.format() == LibVips.FORMAT_UCHAR
                && !header.hasField(ICC_PROFILE);
    }

    private Source loadBmp(Session session, byte[] upload) {
        BmpDecoder.Header header = BmpDecoder.readHeader(upload).orElseThrow(ImagePipeline::corruptHeader);
        checkPixels(header.width(), header.height());
        return fromPixels(session, ImageFormat.BMP, () -> BmpDecoder.decode(upload), List.of());
    }

    private Source loadGif(Session session, byte[] upload) {
        GifDecoder.Header header = GifDecoder.readHeader(upload).orElseThrow(ImagePipeline::corruptHeader);
        checkPixels(header.width(), header.height());
        return fromPixels(session, ImageFormat.GIF, () -> GifDecoder.decode(upload, header), header.fields());
    }

    /** Pixels a decoder in Java made, handed to libvips as they are. */
    private Source fromPixels(Session session, ImageFormat format, JavaDecoder decoder, List<String> fields) {
        Pixels pixels;
        try {
            pixels = decoder.decode();
        } catch (IOException ex) {
            log.info("Refused a corrupt {} upload: {}", format, ex.toString());
            throw new ImageRejectedException(Reason.CORRUPT_IMAGE, CORRUPT_MESSAGE);
        }
        Image image = session.newFromSrgbPixels(pixels);
        return new Source(image, pixels.width(), pixels.height(), fields, properties.maxOriginalSide(), true);
    }

    @FunctionalInterface
    private interface JavaDecoder {
        Pixels decode() throws IOException;
    }

    private static ImageRejectedException corruptHeader() {
        return new ImageRejectedException(Reason.CORRUPT_IMAGE, CORRUPT_MESSAGE);
    }

    private void checkPixels(long width, long height) {
        if (width * height > properties.maxPixels()) {
            String limit = BigDecimal.valueOf(properties.maxPixels(), 6)
                    .stripTrailingZeros()
                    .toPlainString();
            throw new ImageRejectedException(
                    Reason.IMAGE_TOO_LARGE,
                    "%d x %d pixels is over the %s megapixel limit".formatted(width, height, limit));
        }
    }

    private static String loaderOf(ImageFormat format) {
        return switch (format) {
            case JPEG -> "jpegload_buffer";
            case PNG -> "pngload_buffer";
            case WEBP -> "webpload_buffer";
            case HEIC -> "heifload_buffer";
            case BMP, GIF -> throw new IllegalArgumentException("libvips does not load " + format + " here");
        };
    }

    /**
     * Decode errors are failures (never a half-grey picture); animations give their first frame. The
     * decoder streams top to bottom: the only step that reads the full-size pixels is the bound of the
     * original, and it reads them in order.
     */
    private String loadOptions(ImageFormat format, int width, int height) {
        String common = "fail_on=error,access=sequential";
        return switch (format) {
            case WEBP -> common + ",n=1,scale=" + webpScale(width, height, properties.maxOriginalSide());
            default -> common;
        };
    }

    /**
     * The JPEG decode scale, in eighths: the smallest that still leaves enough pixels for the
     * original and the largest square. libjpeg-turbo scales by any n/8 as it decodes.
     *
     * <p>The original may come out up to a sixteenth under its bound: a 12 MP phone photo (4032 px)
     * then decodes at 4/8 straight into a 2016 px original, and a 2560 px one at 6/8 into 1920 px,
     * with no resampling pass after the decode, which was more than half of the whole job, for at
     * most 6.25% fewer pixels along each side. The largest square is never short of pixels.
     */
    static int jpegEighths(long width, long height, int maxOriginalSide) {
        long longSide = Math.max(width, height);
        long shortSide = Math.min(width, height);
        long neededLong = Math.min(maxOriginalSide, longSide);
        long neededShort = Math.min(SQUARES.getFirst(), shortSide);
        for (int eighths = 1; eighths < 8; eighths++) {
            if (TurboJpeg.scaled(longSide, eighths) * ORIGINAL_SLACK >= neededLong * (ORIGINAL_SLACK - 1)
                    && TurboJpeg.scaled(shortSide, eighths) >= neededShort) {
                return eighths;
            }
        }
        return 8;
    }

    /**
     * libvips' shrink-on-load for a JPEG it decodes itself (1, 2, 4 or 8): the largest that keeps at
     * least {@code eighths}/8 of each side; the bound of the original then resamples the rest.
     */
    static int vipsShrink(int eighths) {
        int shrink = 8;
        while (shrink * eighths > 8) {
            shrink /= 2;
        }
        return shrink;
    }

    /**
     * The WebP decode scale (libwebp scales while it decodes, to any size) that still leaves enough
     * pixels for the original and the largest square; 1 when the picture is no larger than that.
     */
    static double webpScale(long width, long height, int maxOriginalSide) {
        long longSide = Math.max(width, height);
        long shortSide = Math.min(width, height);
        return Math.max(
                (double) Math.min(maxOriginalSide, longSide) / longSide,
                (double) Math.min(SQUARES.getFirst(), shortSide) / shortSide);
    }

    private static boolean needsSrgbConversion(Image image) {
        return image.hasField(ICC_PROFILE)
                || image.interpretation() != LibVips.INTERPRETATION_SRGB
                || image.format() != LibVips.FORMAT_UCHAR;
    }

    /**
     * An 8-bit RGB picture whose only difference from sRGB is its embedded profile (a phone photo in
     * Display P3, say) is converted after the bound: the transform then runs on a quarter of the
     * pixels of a 12 MP photo. CMYK, grey and 16-bit pictures are converted before it.
     */
    private static boolean onlyProfileToApply(Image image) {
        return image.hasField(ICC_PROFILE)
                && image.interpretation() == LibVips.INTERPRETATION_SRGB
                && image.format() == LibVips.FORMAT_UCHAR
                && image.bands() >= 3;
    }

    /** An embedded profile wins over the declared interpretation; both end as 8-bit sRGB. */
    private static Image toSrgb(Session session, Image image) {
        return image.hasField(ICC_PROFILE)
                ? session.iccTransformToSrgb(image)
                : session.colourspace(image, LibVips.INTERPRETATION_SRGB);
    }

    /**
     * Computes every pixel here, so a damaged file fails now and nothing after decodes again. Pixels
     * already in memory that fit are used as they are, with no copy.
     */
    private static Image boundOriginal(Session session, Image image, Source source) {
        int side = source.bound();
        if (source.inMemory() && Math.max(image.width(), image.height()) <= side) {
            return image;
        }
        return session.copyMemory(session.thumbnail(image, side, side, false, true));
    }

    private static boolean isTransparent(Session session, Image image) {
        return image.hasAlpha() && session.min(session.extractBand(image, image.bands() - 1, 1)) < 255;
    }

    /** An alpha channel that is 255 everywhere changes nothing when flattened, and JPEG is smaller. */
    private static Image flattenInvisibleAlpha(Session session, Image image) {
        return image.hasAlpha() ? session.flattenOnWhite(image) : image;
    }

    /**
     * The original, then each square held in memory and cut from the smallest image made so far that
     * still has enough pixels: a 150 cut from the 512 costs a fraction of one cut from the original,
     * and a square that had to be enlarged is never the source of a smaller one.
     *
     * <p>When the picture still has to be turned upright (a plain JPEG is turned as it is decoded,
     * see decodeJpeg), the original is turned while it is encoded and a square cut from it is turned
     * after it is scaled, so no turned copy of the whole original is ever held: for a 12 MP phone
     * photo, when libvips decoded it, that was a tenth of the job. The centre of the stored picture
     * is the centre of the upright one (off by one pixel at most, when the excess is odd).
     */
    private static SequencedMap<String, Image> sizes(Session session, Image base, boolean rotate) {
        SequencedMap<String, Image> sized = new LinkedHashMap<>();
        sized.put(ORIGINAL, rotate ? session.autorot(base) : base);
        Image source = base;
        boolean sourceUpright = !rotate;
        for (int side : SQUARES) {
            Image square = centreSquare(session, source, side);
            square = session.copyMemory(sourceUpright ? square : session.autorot(square));
            sized.put(String.valueOf(side), square);
            if (Math.min(source.width(), source.height()) >= side) {
                source = square;
                sourceUpright = true;
            }
        }
        return sized;
    }

    /**
     * Crops before scaling, so only the pixels of the square are resampled, by resize below (what
     * vips_thumbnail does inside, minus its set-up); vips_thumbnail is the fallback when rounding
     * misses the side by a pixel.
     */
    private static Image centreSquare(Session session, Image image, int side) {
        int width = image.width();
        int height = image.height();
        int crop = Math.min(width, height);
        Image centre = width == height
                ? image
                : session.extractArea(image, (width - crop) / 2, (height - crop) / 2, crop, crop);
        if (crop == side) {
            return centre;
        }
        Image resized = centre.hasAlpha() ? resizePremultiplied(session, centre, side) : resize(session, centre, side);
        if (resized.width() == side && resized.height() == side) {
            return resized;
        }
        return session.thumbnail(centre, side, side, false, false);
    }

    /**
     * Resamples colour times alpha, so the colour of an invisible pixel does not bleed into its
     * visible neighbours. The premultiplied pixels go back to 8 bits before the resize: vips_thumbnail
     * resizes them as floats, which made a 512 square of a 12 MP PNG take 3 to 4 times as long. The
     * cost is colour precision where a pixel is almost clear (steps of 255 / alpha), which nobody sees.
     */
    private static Image resizePremultiplied(Session session, Image image, int side) {
        Image premultiplied = session.castToUchar(session.premultiply(image));
        return session.castToUchar(session.unpremultiply(resize(session, premultiplied, side)));
    }

    /**
     * Lanczos3 both ways: libvips shrinks, and {@link Enlarger} enlarges in Java, which libvips 8.14
     * does only through a bicubic affine at five times the cost.
     */
    private static Image resize(Session session, Image square, int side) {
        if (side <= square.width()) {
            return session.resize(square, (double) side / square.width());
        }
        // Turned now: the enlarged pixels come back without the orientation field that autorot reads.
        Image upright = session.autorot(square);
        Pixels pixels = new Pixels(session.pixels(upright), upright.width(), upright.height(), upright.bands());
        return session.newFromSrgbPixels(Enlarger.enlarge(pixels, side, side));
    }

    /**
     * JPEGs are encoded by libjpeg-turbo on this thread from pixels in memory (the squares are, and
     * an original that needs no turn is pulled into memory first): libvips' jpegsave hands a small
     * image to a worker and a writer thread, which cost more than the encode. An original still to be
     * turned (only pictures libvips decodes; a plain JPEG arrives upright) goes through jpegsave,
     * whose writer thread encodes while its worker turns, so no turned copy is held.
     */
    private Rendition encode(Session session, String name, Image image, ImageFormat output, boolean rotate) {
        int quality = properties.jpegQuality();
        byte[] bytes;
        if (output == ImageFormat.PNG) {
            bytes = session.pngsave(image);
        } else if ((rotate && name.equals(ORIGINAL)) || image.bands() != 3) {
            bytes = session.jpegsave(image, quality);
        } else {
            bytes = session.encodeInMemory(
                    image, (pixels, width, height, bands) -> turboJpeg.encodeRgb(pixels, width, height, quality));
        }
        return Rendition.of(name, output, bytes, image.width(), image.height());
    }

    /**
     * The mean colour as it shows on a white page, of the smallest square (8-bit sRGB, 3 or 4
     * bands). Summed here from its pixels: a flatten and a mean per band in libvips cost about a
     * millisecond, mostly in starting their thread pool runs.
     */
    private static String placeholderColor(Session session, Image image) {
        byte[] pixels = session.pixels(image);
        int bands = image.bands();
        double[] sums = new double[3];
        for (int pixel = 0; pixel < pixels.length; pixel += bands) {
            double alpha = bands == 4 ? (pixels[pixel + 3] & 0xff) / 255.0 : 1;
            for (int band = 0; band < 3; band++) {
                sums[band] += (pixels[pixel + band] & 0xff) * alpha + 255 * (1 - alpha);
            }
        }
        int count = Math.max(1, pixels.length / bands);
        StringBuilder colour = new StringBuilder("#");
        for (double sum : sums) {
            colour.append("%02x".formatted(Math.clamp(Math.round(sum / count), 0, 255)));
        }
        return colour.toString();
    }

    private static boolean isOtherMetadata(String field) {
        return OTHER_METADATA.contains(field) || field.startsWith(PNG_TEXT_PREFIX);
    }

    private static ImageRejectedException corrupt(ImageFormat format, LibVipsException ex) {
        log.info("Refused a corrupt {} upload: {}", format, ex.getMessage());
        return new ImageRejectedException(Reason.CORRUPT_IMAGE, CORRUPT_MESSAGE);
    }
}
