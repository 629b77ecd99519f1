package dev.portrait.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Runs one of the JDK's own image readers over bytes in memory, for the formats libvips does not read. */
final class JdkImageReader {

    /** What to do with the reader once its input is set. */
    @FunctionalInterface
    interface Read<T> {
        T read(ImageReader reader) throws IOException;
    }

    private JdkImageReader() {}

    /**
     * @param format the ImageIO format name, e.g. {@code "bmp"}
     * @throws IOException if there is no reader for the format or it cannot read the input
     */
    static <T> T read(String format, InputStream in, Read<T> read) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IOException("This Java runtime has no " + format + " reader");
        }
        ImageReader reader = readers.next();
        // MemoryCacheImageInputStream keeps ImageIO from spilling the upload into a temporary file.
        try (MemoryCacheImageInputStream input = new MemoryCacheImageInputStream(in)) {
            reader.setInput(input, true, true);
            return read.read(reader);
        } catch (RuntimeException ex) {
            // The JDK readers fail on some damaged files with unchecked exceptions.
            throw new IOException(format + " could not be decoded", ex);
        } finally {
            reader.dispose();
        }
    }
}
