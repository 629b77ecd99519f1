package dev.portrait.imaging;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One encoded output image.
 *
 * @param name {@code "original"} or the side of a square: {@code "512"}, {@code "150"}, {@code "64"}
 * @param mimeType {@code image/jpeg} or {@code image/png}
 * @param bytes the encoded image, free of any metadata
 * @param width width in pixels
 * @param height height in pixels
 * @param sha256Hex the SHA-256 of {@code bytes}, lower-case hex; a stable content hash for ETags
 */
// equals, hashCode and toString below look into the array, and the bytes are copied in and out.
@SuppressWarnings("ArrayRecordComponent")
public record Rendition(String name, String mimeType, byte[] bytes, int width, int height, String sha256Hex) {

    public Rendition {
        bytes = bytes.clone();
    }

    static Rendition of(String name, ImageFormat format, byte[] bytes, int width, int height) {
        return new Rendition(name, format.mimeType(), bytes, width, height, sha256Hex(bytes));
    }

    /** A copy of the encoded image. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rendition that
                && name.equals(that.name)
                && mimeType.equals(that.mimeType)
                && Arrays.equals(bytes, that.bytes)
                && width == that.width
                && height == that.height
                && sha256Hex.equals(that.sha256Hex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mimeType, Arrays.hashCode(bytes), width, height, sha256Hex);
    }

    @Override
    public String toString() {
        return "Rendition[%s, %s, %dx%d, %d bytes, sha256=%s]"
                .formatted(name, mimeType, width, height, bytes.length, sha256Hex);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java runtime has SHA-256", ex);
        }
    }
}
