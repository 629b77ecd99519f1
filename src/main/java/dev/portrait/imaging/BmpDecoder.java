package dev.portrait.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * BMP through the JDK: libvips reads BMP only with ImageMagick, which stays blocked. The header is
 * read by hand first so a bomb is refused before ImageIO allocates anything.
 */
final class BmpDecoder {

    /** Width and height as the BMP header declares them. */
    record Header(long width, long height) {}

    /** Interleaved 8-bit RGB or RGBA pixels, top row first; handed straight on, never compared. */
    @SuppressWarnings("ArrayRecordComponent")
    record Pixels(byte[] data, int width, int height, int bands) {}

    private BmpDecoder() {}

    /** The declared size, or empty when the header is too short or nonsensical. */
    static Optional<Header> readHeader(byte[] bmp) {
        if (bmp.length < 26) {
            return Optional.empty();
        }
        long width;
        long height;
        if (ImageFormat.littleEndianInt(bmp, 14) == 12) {
            width = littleEndianShort(bmp, 18);
            height = littleEndianShort(bmp, 20);
        } else {
            width = ImageFormat.littleEndianInt(bmp, 18);
            // A negative height marks rows stored top-down.
            height = Math.abs((long) ImageFormat.littleEndianInt(bmp, 22));
        }
        return width > 0 && height > 0 ? Optional.of(new Header(width, height)) : Optional.empty();
    }

    /**
     * Decodes the whole bitmap.
     *
     * @throws IOException if the JDK cannot read it
     */
    static Pixels decode(byte[] bmp) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("bmp");
        if (!readers.hasNext()) {
            throw new IOException("This Java runtime has no BMP reader");
        }
        ImageReader reader = readers.next();
        // MemoryCacheImageInputStream keeps ImageIO from spilling the upload into a temporary file.
        try (MemoryCacheImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bmp))) {
            reader.setInput(input, true, true);
            return pixels(reader.read(0));
        } catch (RuntimeException ex) {
            // The JDK reader fails on some damaged files with unchecked exceptions.
            throw new IOException("BMP could not be decoded", ex);
        } finally {
            reader.dispose();
        }
    }

    private static Pixels pixels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int bands = image.getColorModel().hasAlpha() ? 4 : 3;
        byte[] data = new byte[Math.multiplyExact(Math.multiplyExact(width, height), bands)];
        int[] row = new int[width];
        int index = 0;
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                data[index++] = (byte) (argb >> 16);
                data[index++] = (byte) (argb >> 8);
                data[index++] = (byte) argb;
                if (bands == 4) {
                    data[index++] = (byte) (argb >>> 24);
                }
            }
        }
        return new Pixels(data, width, height, bands);
    }

    private static int littleEndianShort(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }
}
