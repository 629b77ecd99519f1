package dev.portrait.storage;

import java.io.Serial;

/** Thrown when a string given as a blob key is not one a {@link BlobStore} could have issued. */
public class InvalidBlobKeyException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int MAX_QUOTED_LENGTH = 80;

    InvalidBlobKeyException(String key) {
        super("Not a blob key: " + quote(key));
    }

    // The rejected string is hostile by assumption: keep it short and printable in logs.
    private static String quote(String key) {
        StringBuilder quoted = new StringBuilder("\"");
        key.codePoints().limit(MAX_QUOTED_LENGTH).forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                quoted.append((char) c);
            } else {
                quoted.append(String.format("\\u%04x", c));
            }
        });
        quoted.append('"');
        if (key.length() > MAX_QUOTED_LENGTH) {
            quoted.append(" (").append(key.length()).append(" chars)");
        }
        return quoted.toString();
    }
}
