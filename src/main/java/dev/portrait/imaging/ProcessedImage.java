package dev.portrait.imaging;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The result of a successful upload: every rendition and what was done to get there.
 *
 * @param sourceFormat the format the upload was in
 * @param width width of the upload in pixels, once turned upright
 * @param height height of the upload in pixels, once turned upright
 * @param renditions {@code original} first, then the squares from largest to smallest
 * @param receipt what the pipeline changed, for the client to see
 * @param placeholderColor the average colour of the picture as {@code #rrggbb}, to show while it
 *     loads
 */
public record ProcessedImage(
        ImageFormat sourceFormat,
        int width,
        int height,
        List<Rendition> renditions,
        Receipt receipt,
        String placeholderColor) {

    public ProcessedImage {
        renditions = List.copyOf(renditions);
    }

    /**
     * The rendition with this name.
     *
     * @throws NoSuchElementException if there is none
     */
    public Rendition rendition(String name) {
        return renditions.stream()
                .filter(rendition -> rendition.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("No rendition named " + name));
    }
}
