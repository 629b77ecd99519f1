package dev.portrait.account;

import dev.portrait.PortraitProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the HS256 key: configured, or generated once and kept (mode 0600) in the data directory. */
final class SigningKeys {

    static final int MIN_KEY_BYTES = 32;
    private static final String FILE_NAME = "jwt-signing.key";
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {}

    static SecretKey load(AuthProperties auth, PortraitProperties portrait) {
        String configured = auth.jwtSecret();
        byte[] key = configured != null && !configured.isBlank()
                ? decode(configured.strip(), "portrait.auth.jwt-secret")
                : loadOrCreate(portrait.dataDir().resolve(FILE_NAME));
        return new SecretKeySpec(key, "HmacSHA256");
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the signing key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[MIN_KEY_BYTES * 2];
        new SecureRandom().nextBytes(key);
        try {
            // Created with its final permissions, so the key is never readable by others, not even briefly.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            log.info("Generated a new token signing key in {}", file.toAbsolutePath());
        } catch (FileAlreadyExistsException raced) {
            // Another instance sharing the data directory created it first: use theirs.
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The signing key in " + source + " is not valid base64", e);
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("The signing key in %s has %d bytes; HS256 needs at least %d"
                    .formatted(source, key.length, MIN_KEY_BYTES));
        }
        return key;
    }
}
