package dev.portrait.media;

import dev.portrait.imaging.ImageFormat;
import dev.portrait.imaging.Receipt;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What Portrait did to an uploaded picture, as the API shows it: stable flags for programs and
 * {@code messages} for people.
 *
 * @param convertedFrom the upload's format when the picture is served in another one, else null
 */
public record PictureReceipt(
        boolean rotatedUpright,
        @Nullable String convertedFrom,
        boolean convertedToSrgb,
        boolean gpsRemoved,
        boolean cameraDataRemoved,
        boolean otherMetadataRemoved,
        boolean transparencyKept,
        List<String> messages) {

    private static final String CONVERTED_FROM = "converted_from:";

    static PictureReceipt of(Receipt receipt) {
        return new PictureReceipt(
                receipt.rotatedUpright(),
                receipt.convertedFrom() == null ? null : receipt.convertedFrom().name(),
                receipt.convertedToSrgb(),
                receipt.gpsRemoved(),
                receipt.cameraDataRemoved(),
                receipt.otherMetadataRemoved(),
                receipt.transparencyKept(),
                receipt.sentences());
    }

    /** The flags as the media table stores them: names separated by commas. */
    static String encode(Receipt receipt) {
        List<String> flags = new ArrayList<>();
        if (receipt.rotatedUpright()) {
            flags.add("rotated_upright");
        }
        if (receipt.convertedFrom() != null) {
            flags.add(CONVERTED_FROM + receipt.convertedFrom().name());
        }
        if (receipt.convertedToSrgb()) {
            flags.add("converted_to_srgb");
        }
        if (receipt.gpsRemoved()) {
            flags.add("gps_removed");
        }
        if (receipt.cameraDataRemoved()) {
            flags.add("camera_data_removed");
        }
        if (receipt.otherMetadataRemoved()) {
            flags.add("other_metadata_removed");
        }
        if (receipt.transparencyKept()) {
            flags.add("transparency_kept");
        }
        return String.join(",", flags);
    }

    static Receipt decode(String encoded) {
        List<String> flags = encoded.isEmpty() ? List.of() : List.of(encoded.split(","));
        ImageFormat convertedFrom = flags.stream()
                .filter(flag -> flag.startsWith(CONVERTED_FROM))
                .map(flag -> ImageFormat.valueOf(flag.substring(CONVERTED_FROM.length())))
                .findFirst()
                .orElse(null);
        return new Receipt(
                flags.contains("rotated_upright"),
                convertedFrom,
                flags.contains("converted_to_srgb"),
                flags.contains("gps_removed"),
                flags.contains("camera_data_removed"),
                flags.contains("other_metadata_removed"),
                flags.contains("transparency_kept"));
    }
}
