package dev.portrait.storage;

import java.util.regex.Pattern;

/**
 * A bare media type ({@code type/subtype}, no parameters) as stored next to a blob. Restricted to
 * RFC 6838 name characters, so it can sit in a file header line or an S3 header unescaped.
 */
record ContentType(String value) {

    private static final Pattern FORMAT = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}", Pattern.CASE_INSENSITIVE);

    ContentType {
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("Not a bare media type: \"%s\"".formatted(value));
        }
    }
}
