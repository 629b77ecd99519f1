package dev.portrait.picture;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on picture uploads.
 *
 * @param maxBytes the largest file accepted; the request body is not read past it
 */
@ConfigurationProperties("portrait.upload")
@Validated
public record UploadProperties(@DefaultValue("5MB") @NotNull DataSize maxBytes) {

    public UploadProperties {
        if (maxBytes.toBytes() < 1 || maxBytes.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "portrait.upload.max-bytes must be between 1 byte and 2 GB: " + maxBytes);
        }
    }

    /** The limit as people read it, e.g. "5 MB". */
    String humanLimit() {
        long bytes = maxBytes.toBytes();
        if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return maxBytes.toMegabytes() + " MB";
        }
        if (bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
            return maxBytes.toKilobytes() + " KB";
        }
        return bytes + " bytes";
    }
}
