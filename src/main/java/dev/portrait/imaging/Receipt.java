package dev.portrait.imaging;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline did to an upload, as stable flags for machines and {@link #sentences()} for
 * people. Every rendition is stripped of all metadata whether or not a flag below is set; the flags
 * say what the upload carried.
 *
 * @param rotatedUpright the pixels were turned by the EXIF orientation, which was then dropped
 * @param convertedFrom the upload's format when the renditions are in another one, else null
 * @param convertedToSrgb the colours were converted to sRGB (from an embedded ICC profile, CMYK,
 *     greyscale or more than 8 bits per channel)
 * @param gpsRemoved the upload carried a GPS location
 * @param cameraDataRemoved the upload carried EXIF data (camera, settings, dates)
 * @param otherMetadataRemoved the upload carried XMP, IPTC, an ICC profile or text comments
 * @param transparencyKept the upload is partly transparent, so the renditions are PNG with alpha
 */
public record Receipt(
        boolean rotatedUpright,
        @Nullable ImageFormat convertedFrom,
        boolean convertedToSrgb,
        boolean gpsRemoved,
        boolean cameraDataRemoved,
        boolean otherMetadataRemoved,
        boolean transparencyKept) {

    /** One plain English sentence per flag that is set. */
    public List<String> sentences() {
        List<String> sentences = new ArrayList<>();
        if (rotatedUpright) {
            sentences.add("Turned the picture upright as the camera recorded.");
        }
        if (convertedFrom != null) {
            sentences.add("Converted the picture from " + convertedFrom + ".");
        }
        if (convertedToSrgb) {
            sentences.add("Converted the colours to standard sRGB.");
        }
        if (gpsRemoved) {
            sentences.add("Removed the location (GPS) where the picture was taken.");
        }
        if (cameraDataRemoved) {
            sentences.add("Removed camera details such as model, settings and date (EXIF).");
        }
        if (otherMetadataRemoved) {
            sentences.add("Removed other embedded data such as comments, XMP, IPTC and colour profiles.");
        }
        if (transparencyKept) {
            sentences.add("Kept the transparent areas of the picture.");
        }
        return List.copyOf(sentences);
    }
}
