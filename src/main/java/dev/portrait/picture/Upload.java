package dev.portrait.picture;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An uploaded file as the client sent it.
 *
 * @param bytes the whole file; untrusted
 * @param filename the client's name for it, untrusted and kept as metadata only
 */
// The bytes are handed over, not copied: an upload is megabytes and read once.
@SuppressWarnings("ArrayRecordComponent")
public record Upload(byte[] bytes, @Nullable String filename) {

    private static final int MAX_FILENAME = 255;

    public Upload {
        filename = cleanFilename(filename);
    }

    /**
     * Keeps the last path segment, without control characters, at most 255 characters: a name
     * worth showing, never a path.
     */
    private static @Nullable String cleanFilename(@Nullable String filename) {
        if (filename == null) {
            return null;
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
                .codePoints()
                .filter(codePoint -> !Character.isISOControl(codePoint))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (name.isEmpty()) {
            return null;
        }
        if (name.length() <= MAX_FILENAME) {
            return name;
        }
        // Never cut a surrogate pair in half.
        int end = Character.isHighSurrogate(name.charAt(MAX_FILENAME - 1)) ? MAX_FILENAME - 1 : MAX_FILENAME;
        return name.substring(0, end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Upload that
                && Arrays.equals(bytes, that.bytes)
                && Objects.equals(filename, that.filename);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + Objects.hashCode(filename);
    }

    @Override
    public String toString() {
        return "Upload[" + bytes.length + " bytes, filename=" + filename + "]";
    }
}
