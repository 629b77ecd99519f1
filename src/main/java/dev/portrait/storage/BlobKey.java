package dev.portrait.storage;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The only key format the stores issue and accept: {@code ab/ab} followed by 30 more lower-case
 * hex characters, 128 random bits in all. The first two characters repeat as a directory so no
 * single directory holds every blob.
 */
record BlobKey(String value) {

    private static final Pattern FORMAT = Pattern.compile("([0-9a-f]{2})/\\1[0-9a-f]{30}");

    private static final int LENGTH = 35;

    private static final SecureRandom RANDOM = new SecureRandom();

    BlobKey {
        if (!isValid(value)) {
            throw new InvalidBlobKeyException(value);
        }
    }

    static boolean isValid(String value) {
        return value.length() == LENGTH && FORMAT.matcher(value).matches();
    }

    static BlobKey random() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        String hex = HexFormat.of().formatHex(bits);
        return new BlobKey(hex.substring(0, 2) + "/" + hex);
    }

    /** The two-character directory. */
    String shard() {
        return value.substring(0, 2);
    }

    /** The 32-character name inside {@link #shard()}. */
    String name() {
        return value.substring(3);
    }

    @Override
    public String toString() {
        return value;
    }
}
