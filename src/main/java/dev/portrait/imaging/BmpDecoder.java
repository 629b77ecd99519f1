package dev.portrait.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * BMP in Java: libvips reads BMP only with ImageMagick, which stays blocked. Uncompressed 24-bit
 * rows are read here, every other layout through the JDK's reader. The header is read by hand
 * first so a bomb is refused before anything is allocated.
 */
final class BmpDecoder {

    /** Width and height as the BMP header declares them. */
    record Header(long width, long height) {}

    private static final int BI_RGB = 0;

    /** BITMAPINFOHEADER and its Windows successors; not the OS/2 headers (12 and 64 bytes). */
    private static final Set<Integer> WINDOWS_HEADER_SIZES = Set.of(40, 52, 56, 108, 124);

    private BmpDecoder() {}

    /** The declared size, or empty when the header is too short or nonsensical. */
    static Optional<Header> readHeader(byte[] bmp) {
        if (bmp.length < 26) {
            return Optional.empty();
        }
        long width;
        long height;
        if (ImageFormat.littleEndianInt(bmp, 14) == 12) {
            width = ImageFormat.littleEndianShort(bmp, 18);
            height = ImageFormat.littleEndianShort(bmp, 20);
        } else {
            width = ImageFormat.littleEndianInt(bmp, 18);
            // A negative height marks rows stored top-down.
            height = Math.abs((long) ImageFormat.littleEndianInt(bmp, 22));
        }
        return width > 0 && height > 0 ? Optional.of(new Header(width, height)) : Optional.empty();
    }

    /**
     * Decodes the whole bitmap: uncompressed 24-bit rows here, every other layout through the JDK.
     *
     * @throws IOException if the JDK cannot read it
     */
    static Pixels decode(byte[] bmp) throws IOException {
        Optional<Pixels> plain = decodeUncompressed24(bmp);
        return plain.isPresent()
                ? plain.get()
                : JdkImageReader.read("bmp", new ByteArrayInputStream(bmp), reader -> pixels(reader.read(0)));
    }

    /**
     * The layout Windows and most tools write (BI_RGB, 24 bits, rows padded to 4 bytes, bottom-up or
     * top-down), read straight from the file into RGB: 13 ms for a 12 MP bitmap, where the JDK
     * reader took 31-40 ms and left a second 36 MB array to collect. Empty for any other layout, and
     * when the rows are cut short, so the JDK reader decides those as before.
     */
    static Optional<Pixels> decodeUncompressed24(byte[] bmp) {
        if (bmp.length < 54
                || !WINDOWS_HEADER_SIZES.contains(ImageFormat.littleEndianInt(bmp, 14))
                || ImageFormat.littleEndianShort(bmp, 26) != 1
                || ImageFormat.littleEndianShort(bmp, 28) != 24
                || ImageFormat.littleEndianInt(bmp, 30) != BI_RGB) {
            return Optional.empty();
        }
        long offset = Integer.toUnsignedLong(ImageFormat.littleEndianInt(bmp, 10));
        long width = ImageFormat.littleEndianInt(bmp, 18);
        long declaredHeight = ImageFormat.littleEndianInt(bmp, 22);
        long height = Math.abs(declaredHeight);
        long stride = (width * 3 + 3) & ~3L;
        long headerEnd = 14L + ImageFormat.littleEndianInt(bmp, 14);
        // Divided, not multiplied: a declared 2^31 x 2^31 would overflow a long.
        if (width <= 0
                || height == 0
                || offset < headerEnd
                || offset > bmp.length
                || height > (bmp.length - offset) / stride) {
            return Optional.empty();
        }
        boolean topDown = declaredHeight < 0;
        byte[] rgb = new byte[Math.toIntExact(width * height * 3)];
        int rowBytes = (int) width * 3;
        int out = 0;
        for (int row = 0; row < height; row++) {
            int in = (int) (offset + (topDown ? row : height - 1 - row) * stride);
            for (int end = in + rowBytes; in < end; in += 3, out += 3) {
                rgb[out] = bmp[in + 2];
                rgb[out + 1] = bmp[in + 1];
                rgb[out + 2] = bmp[in];
            }
        }
        return Optional.of(new Pixels(rgb, (int) width, (int) height, 3));
    }

    /**
     * Copies the decoded pixels straight out of the raster for the layouts the JDK reader produces for
     * 24- and 32-bit bitmaps; {@link BufferedImage#getRGB} converts one pixel at a time through the
     * colour model and takes about 20 times as long on a 12 MP bitmap. Other layouts (palettes, 16
     * bits) still go through it.
     */
    private static Pixels pixels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int bands = image.getColorModel().hasAlpha() ? 4 : 3;
        byte[] data = new byte[Math.multiplyExact(Math.multiplyExact(width, height), bands)];
        Raster raster = image.getRaster();
        if (!copyInterleavedBytes(raster, bands, data) && !copyPackedInts(image, bands, data)) {
            copyThroughColourModel(image, bands, data);
        }
        return new Pixels(data, width, height, bands);
    }

    /** One byte per band, bands side by side in any order: 24-bit and 32-bit ABGR bitmaps. */
    private static boolean copyInterleavedBytes(Raster raster, int bands, byte[] out) {
        if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || model.getNumBands() != bands
                || buffer.getNumBanks() != 1
                || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        byte[] in = buffer.getData();
        int[] offsets = model.getBandOffsets();
        int red = offsets[0];
        int green = offsets[1];
        int blue = offsets[2];
        int alpha = bands == 4 ? offsets[3] : 0;
        int pixelStride = model.getPixelStride();
        int index = 0;
        for (int y = 0; y < raster.getHeight(); y++) {
            int pixel = buffer.getOffset() + y * model.getScanlineStride();
            for (int x = 0; x < raster.getWidth(); x++, pixel += pixelStride) {
                out[index++] = in[pixel + red];
                out[index++] = in[pixel + green];
                out[index++] = in[pixel + blue];
                if (bands == 4) {
                    out[index++] = in[pixel + alpha];
                }
            }
        }
        return true;
    }

    /** One int per pixel with an 8-bit mask per band: 32-bit bitmaps with or without bit fields. */
    private static boolean copyPackedInts(BufferedImage image, int bands, byte[] out) {
        Raster raster = image.getRaster();
        if (!(image.getColorModel() instanceof DirectColorModel colours)
                || colours.isAlphaPremultiplied()
                || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel model)
                || !(raster.getDataBuffer() instanceof DataBufferInt buffer)
                || buffer.getNumBanks() != 1
                || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        int[] masks = bands == 4
                ? new int[] {colours.getRedMask(), colours.getGreenMask(), colours.getBlueMask(), colours.getAlphaMask()
                }
                : new int[] {colours.getRedMask(), colours.getGreenMask(), colours.getBlueMask()};
        int[] shifts = new int[bands];
        for (int band = 0; band < bands; band++) {
            shifts[band] = Integer.numberOfTrailingZeros(masks[band]);
            if (masks[band] >>> shifts[band] != 0xff) {
                return false;
            }
        }
        int[] in = buffer.getData();
        int index = 0;
        for (int y = 0; y < raster.getHeight(); y++) {
            int pixel = buffer.getOffset() + y * model.getScanlineStride();
            for (int x = 0; x < raster.getWidth(); x++, pixel++) {
                int value = in[pixel];
                out[index++] = (byte) (value >>> shifts[0]);
                out[index++] = (byte) (value >>> shifts[1]);
                out[index++] = (byte) (value >>> shifts[2]);
                if (bands == 4) {
                    out[index++] = (byte) (value >>> shifts[3]);
                }
            }
        }
        return true;
    }

    private static void copyThroughColourModel(BufferedImage image, int bands, byte[] out) {
        int width = image.getWidth();
        int[] row = new int[width];
        int index = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                out[index++] = (byte) (argb >> 16);
                out[index++] = (byte) (argb >> 8);
                out[index++] = (byte) argb;
                if (bands == 4) {
                    out[index++] = (byte) (argb >>> 24);
                }
            }
        }
    }
}
