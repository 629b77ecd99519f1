package dev.portrait.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The upload formats we accept, recognised by their magic bytes alone. */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    BMP("image/bmp"),
    WEBP("image/webp"),
    HEIC("image/heic");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** BITMAPCOREHEADER, BITMAPINFOHEADER and its V2 to V5 successors. */
    private static final Set<Integer> BMP_HEADER_SIZES = Set.of(12, 40, 52, 56, 64, 108, 124);

    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis");

    /** Generic HEIF brands that AVIF files carry as well. */
    private static final Set<String> HEIF_BRANDS = Set.of("mif1", "msf1");

    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");

    private final String mimeType;

    ImageFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }

    /**
     * Recognises an accepted format from the first bytes of a file. A file name or a declared content
     * type is no evidence, so nothing else is consulted.
     *
     * @param head the start of the file; 32 bytes are enough, more does no harm
     * @return the format, or empty for anything outside the allow-list (SVG, PDF, TIFF, AVIF, ...)
     */
    public static Optional<ImageFormat> sniff(byte[] head) {
        // SOI, then the first marker of a real file (APPn, DQT, SOFn, COM...).
        if (startsWith(head, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff) && head.length > 3 && (head[3] & 0xff) >= 0xc0) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, ascii("GIF87a")) || startsWith(head, 0, ascii("GIF89a"))) {
            return Optional.of(GIF);
        }
        if (startsWith(head, 0, ascii("BM"))
                && head.length >= 18
                && BMP_HEADER_SIZES.contains(littleEndianInt(head, 14))) {
            return Optional.of(BMP);
        }
        if (startsWith(head, 0, ascii("RIFF")) && startsWith(head, 8, ascii("WEBP"))) {
            return Optional.of(WEBP);
        }
        if (isHeic(head)) {
            return Optional.of(HEIC);
        }
        return Optional.empty();
    }

    /** An ISO-BMFF file whose leading {@code ftyp} box names a HEVC-coded HEIF brand. */
    private static boolean isHeic(byte[] head) {
        if (!startsWith(head, 4, ascii("ftyp")) || head.length < 12) {
            return false;
        }
        String major = brand(head, 8);
        if (HEIC_BRANDS.contains(major)) {
            return true;
        }
        if (!HEIF_BRANDS.contains(major)) {
            return false;
        }
        int boxEnd = (int) Math.min(head.length, Integer.toUnsignedLong(bigEndianInt(head, 0)));
        for (int offset = 16; offset + 4 <= boxEnd; offset += 4) {
            if (AVIF_BRANDS.contains(brand(head, offset))) {
                return false;
            }
        }
        return true;
    }

    private static String brand(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] bytes, int offset, byte... prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static int littleEndianShort(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }

    static int littleEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff)
                | (bytes[offset + 1] & 0xff) << 8
                | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    private static int bigEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24
                | (bytes[offset + 1] & 0xff) << 16
                | (bytes[offset + 2] & 0xff) << 8
                | (bytes[offset + 3] & 0xff);
    }
}
