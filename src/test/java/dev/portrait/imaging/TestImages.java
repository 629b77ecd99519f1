package dev.portrait.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Builds test images from code and takes encoded images apart, byte by byte. */
public final class TestImages {

    public static final Color RED = new Color(255, 0, 0);

    public static final Color BLUE = new Color(0, 0, 255);

    private TestImages() {}

    /** A red top-left quarter on blue: shows orientation and cropping at a glance. */
    public static BufferedImage scene(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(BLUE);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(RED);
        graphics.fillRect(0, 0, width / 2, height / 2);
        graphics.dispose();
        return image;
    }

    /** Random colours, the same for every call: compresses badly, so a cut or damage hits pixel data. */
    public static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    public static BufferedImage solid(int width, int height, Color color, int imageType) {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Graphics2D graphics = image.createGraphics();
        graphics.setComposite(java.awt.AlphaComposite.Src);
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("ImageIO cannot write " + format);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("ImageIO cannot read these bytes");
            }
            return image;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static byte[] fixture(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name + "; run make-fixtures.sh");
            }
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The pixels a camera would store for the upright image {@code upright} together with this EXIF
     * orientation, as a JPEG carrying the tag.
     */
    public static byte[] jpegStoredForOrientation(BufferedImage upright, int orientation) {
        int width = upright.getWidth();
        int height = upright.getHeight();
        boolean transposed = orientation >= 5;
        int storedWidth = transposed ? height : width;
        int storedHeight = transposed ? width : height;
        BufferedImage stored = new BufferedImage(storedWidth, storedHeight, BufferedImage.TYPE_INT_RGB);
        for (int ys = 0; ys < storedHeight; ys++) {
            for (int xs = 0; xs < storedWidth; xs++) {
                // Where the viewer shows stored pixel (xs, ys), per the EXIF 2.3 definitions.
                int[] shown =
                        switch (orientation) {
                            case 1 -> new int[] {xs, ys};
                            case 2 -> new int[] {storedWidth - 1 - xs, ys};
                            case 3 -> new int[] {storedWidth - 1 - xs, storedHeight - 1 - ys};
                            case 4 -> new int[] {xs, storedHeight - 1 - ys};
                            case 5 -> new int[] {ys, xs};
                            case 6 -> new int[] {storedHeight - 1 - ys, xs};
                            case 7 -> new int[] {storedHeight - 1 - ys, storedWidth - 1 - xs};
                            case 8 -> new int[] {ys, storedWidth - 1 - xs};
                            default -> throw new IllegalArgumentException("Orientation " + orientation);
                        };
                stored.setRGB(xs, ys, upright.getRGB(shown[0], shown[1]));
            }
        }
        return withJpegSegment(encode(stored, "jpeg"), 0xE1, exifWithOrientation(orientation));
    }

    /** {@code Exif\0\0} and a big-endian TIFF whose IFD0 holds only the Orientation tag. */
    public static byte[] exifWithOrientation(int orientation) {
        ByteBuffer exif = ByteBuffer.allocate(6 + 8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
        exif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        exif.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        exif.putShort((short) 1);
        exif.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        exif.putInt(0);
        return exif.array();
    }

    /** Inserts a marker segment right after SOI. */
    public static byte[] withJpegSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The marker of every segment before the image data, with its leading identifier if it has one. */
    public static List<String> jpegSegments(byte[] jpeg) {
        List<String> segments = new ArrayList<>();
        int offset = 2;
        while (offset + 4 <= jpeg.length && (jpeg[offset] & 0xFF) == 0xFF) {
            int marker = jpeg[offset + 1] & 0xFF;
            int length = (jpeg[offset + 2] & 0xFF) << 8 | (jpeg[offset + 3] & 0xFF);
            String id = new String(jpeg, offset + 4, Math.min(Math.max(0, length - 2), 12), StandardCharsets.ISO_8859_1)
                    .replaceAll("[^\\x20-\\x7e].*", "");
            segments.add("%02X %s".formatted(marker, id).strip());
            if (marker == 0xDA) {
                break;
            }
            offset += 2 + length;
        }
        return segments;
    }

    public static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        chunk.putInt(data.length).put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    /** Inserts chunks right after IHDR. */
    public static byte[] withPngChunks(byte[] png, byte[]... chunks) {
        int afterHeader = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        for (byte[] chunk : chunks) {
            out.write(chunk, 0, chunk.length);
        }
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }

    public static List<String> pngChunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        int offset = 8;
        while (offset + 8 <= png.length) {
            int length = ByteBuffer.wrap(png, offset, 4).getInt();
            types.add(new String(png, offset + 4, 4, StandardCharsets.US_ASCII));
            offset += 12 + length;
        }
        return types;
    }

    /** A PNG whose IHDR declares the size and whose only IDAT holds a few bytes. */
    public static byte[] pngDeclaring(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(13);
        header.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex("89504e470d0a1a0a"));
        out.writeBytes(pngChunk("IHDR", header.array()));
        out.writeBytes(pngChunk("IDAT", deflate(new byte[4096])));
        out.writeBytes(pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /** A real small JPEG whose SOF claims another size; JPEG sides stop at 65535. */
    public static byte[] jpegDeclaring(int width, int height) {
        byte[] jpeg = encode(scene(64, 64), "jpeg");
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("No SOF0 in the JPEG ImageIO wrote");
    }

    /** A BITMAPINFOHEADER declaring the size, followed by a few bytes of pixels. */
    public static byte[] bmpDeclaring(int width, int height) {
        ByteBuffer bmp = ByteBuffer.allocate(54 + 1024).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(54);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24);
        bmp.putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return bmp.array();
    }

    /**
     * A top-down 32-bit bitmap, which ImageIO does not write: with {@code alpha}, a BITMAPV4HEADER with
     * bit fields including an alpha mask; without, a plain BITMAPINFOHEADER whose fourth byte is unused.
     */
    static byte[] bmp32(BufferedImage image, boolean alpha) {
        int width = image.getWidth();
        int height = image.getHeight();
        int header = alpha ? 108 : 40;
        ByteBuffer bmp = ByteBuffer.allocate(14 + header + width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(14 + header);
        bmp.putInt(header).putInt(width).putInt(-height).putShort((short) 1).putShort((short) 32);
        bmp.putInt(alpha ? 3 : 0)
                .putInt(width * height * 4)
                .putInt(2835)
                .putInt(2835)
                .putInt(0)
                .putInt(0);
        if (alpha) {
            bmp.putInt(0x00FF0000).putInt(0x0000FF00).putInt(0x000000FF).putInt(0xFF000000);
            bmp.putInt(0x73524742);
            bmp.put(new byte[36 + 12]);
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                bmp.putInt(alpha ? image.getRGB(x, y) : image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return bmp.array();
    }

    /**
     * An APP2 ICC_PROFILE payload (one chunk) carrying the JDK's linear-light RGB profile: a pixel
     * stored as 128 shows as about 188 in sRGB, so a missed conversion is plain to see.
     */
    static byte[] linearRgbIccSegment() {
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(1);
        out.writeBytes(profile);
        return out.toByteArray();
    }

    public static byte[] iccpChunkData() {
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("sRGB\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(deflate(profile));
        return out.toByteArray();
    }

    /**
     * One frame of a hand-written GIF. {@code indices} are colour indices row by row, top row first;
     * fewer than {@code width x height} make a frame whose data ends early.
     *
     * @param transparentIndex written in a Graphic Control Extension before the frame, -1 for none
     */
    @SuppressWarnings("ArrayRecordComponent")
    public record GifFrame(
            int left, int top, int width, int height, byte[] indices, boolean interlaced, int transparentIndex) {

        /** A frame at the top left, neither interlaced nor transparent, coloured by {@code index}. */
        public static GifFrame of(int width, int height, IntBinaryOperator index) {
            byte[] indices = new byte[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    indices[y * width + x] = (byte) index.applyAsInt(x, y);
                }
            }
            return new GifFrame(0, 0, width, height, indices, false, -1);
        }

        public GifFrame at(int left, int top) {
            return new GifFrame(left, top, width, height, indices, interlaced, transparentIndex);
        }

        public GifFrame interlace() {
            return new GifFrame(left, top, width, height, indices, true, transparentIndex);
        }

        public GifFrame transparent(int index) {
            return new GifFrame(left, top, width, height, indices, interlaced, index);
        }
    }

    /**
     * A GIF89a written field by field, so that a test controls every one ImageIO's writer decides for
     * itself: the logical screen, the global colour table ({@code 0xRRGGBB} each, none when empty),
     * extension blocks before the first frame, then the frames. The LZW data holds literal codes only,
     * with a clear code before the table would need wider codes.
     */
    public static byte[] gif(
            int screenWidth, int screenHeight, int[] palette, List<byte[]> extensions, GifFrame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("GIF89a"));
        out.writeBytes(littleEndianShorts(screenWidth, screenHeight));
        out.write(palette.length == 0 ? 0 : 0x80 | colourTableBits(palette) - 1);
        out.write(0);
        out.write(0);
        out.writeBytes(colourTable(palette));
        extensions.forEach(out::writeBytes);
        for (GifFrame frame : frames) {
            if (frame.transparentIndex() >= 0) {
                out.writeBytes(new byte[] {0x21, (byte) 0xf9, 4, 1, 0, 0, (byte) frame.transparentIndex(), 0});
            }
            out.write(0x2c);
            out.writeBytes(littleEndianShorts(frame.left(), frame.top(), frame.width(), frame.height()));
            out.write(frame.interlaced() ? 0x40 : 0);
            out.write(8);
            out.writeBytes(gifSubBlocks(lzwLiterals(frame.interlaced() ? interlacedRows(frame) : frame.indices())));
        }
        out.write(0x3b);
        return out.toByteArray();
    }

    public static byte[] gifComment(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x21, (byte) 0xfe});
        out.writeBytes(gifSubBlocks(text));
        return out.toByteArray();
    }

    /** An application extension: an 8-character identifier and a 3-character code, then the data. */
    public static byte[] gifApplication(String identifierAndCode, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x21, (byte) 0xff, 11});
        out.writeBytes(ascii(identifierAndCode));
        out.writeBytes(gifSubBlocks(data));
        return out.toByteArray();
    }

    /** Where frame 0's data sub-blocks start: just past its LZW minimum code size. */
    public static int gifFrameDataOffset(byte[] gif) {
        int offset = 13 + ((gif[10] & 0x80) != 0 ? 3 * (2 << (gif[10] & 7)) : 0);
        while (gif[offset] == 0x21) {
            offset += 2;
            while (gif[offset] != 0) {
                offset += 1 + (gif[offset] & 0xff);
            }
            offset++;
        }
        int packed = gif[offset + 9];
        return offset + 10 + ((packed & 0x80) != 0 ? 3 * (2 << (packed & 7)) : 0) + 1;
    }

    public static byte[] gifSubBlocks(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < data.length; offset += 255) {
            int length = Math.min(255, data.length - offset);
            out.write(length);
            out.write(data, offset, length);
        }
        out.write(0);
        return out.toByteArray();
    }

    /** LZW for a minimum code size of 8: a clear code, then every index as a 9-bit literal, then EOI. */
    public static byte[] lzwLiterals(byte[] indices) {
        int clear = 256;
        // The first literal after a clear adds no table entry; each later one does, and at 512 entries
        // the decoder would read 10-bit codes.
        int literalsPerClear = 512 - clear - 3;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long bits = 0;
        int count = 0;
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
            if (i % literalsPerClear == 0) {
                codes.add(clear);
            }
            codes.add(indices[i] & 0xff);
        }
        codes.add(clear + 1);
        for (int code : codes) {
            bits |= (long) code << count;
            count += 9;
            while (count >= 8) {
                out.write((int) bits & 0xff);
                bits >>>= 8;
                count -= 8;
            }
        }
        if (count > 0) {
            out.write((int) bits);
        }
        return out.toByteArray();
    }

    private static byte[] interlacedRows(GifFrame frame) {
        byte[] stored = new byte[frame.indices().length];
        int offset = 0;
        int[][] passes = {{0, 8}, {4, 8}, {2, 4}, {1, 2}};
        for (int[] pass : passes) {
            for (int y = pass[0]; y < frame.height(); y += pass[1]) {
                System.arraycopy(frame.indices(), y * frame.width(), stored, offset, frame.width());
                offset += frame.width();
            }
        }
        return stored;
    }

    private static int colourTableBits(int[] palette) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(palette.length - 1));
    }

    private static byte[] colourTable(int[] palette) {
        if (palette.length == 0) {
            return new byte[0];
        }
        byte[] table = new byte[3 << colourTableBits(palette)];
        for (int i = 0; i < palette.length; i++) {
            table[3 * i] = (byte) (palette[i] >> 16);
            table[3 * i + 1] = (byte) (palette[i] >> 8);
            table[3 * i + 2] = (byte) palette[i];
        }
        return table;
    }

    private static byte[] littleEndianShorts(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putShort((short) value);
        }
        return buffer.array();
    }

    public static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(9))) {
            deflater.write(data);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether two colours differ by at most {@code tolerance} in every channel. */
    public static boolean near(int rgb, Color expected, int tolerance) {
        Color actual = new Color(rgb, true);
        return Math.abs(actual.getRed() - expected.getRed()) <= tolerance
                && Math.abs(actual.getGreen() - expected.getGreen()) <= tolerance
                && Math.abs(actual.getBlue() - expected.getBlue()) <= tolerance;
    }
}
