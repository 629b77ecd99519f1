package dev.portrait.media;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A profile's current picture as the API shows it. Every URL names this picture's bytes for ever,
 * so clients and CDNs may cache them without asking again.
 *
 * @param url the original, at most 2048 pixels on its long side
 * @param thumbnailUrl the 150 pixel square
 * @param sizes the squares by side: {@code "64"}, {@code "150"}, {@code "512"}
 * @param width width of the original rendition
 * @param height height of the original rendition
 * @param placeholderColor the average colour, {@code #rrggbb}, to show while the picture loads
 * @param updatedAt when this picture was uploaded
 */
public record Picture(
        UUID mediaId,
        String url,
        String thumbnailUrl,
        Map<String, String> sizes,
        int width,
        int height,
        String placeholderColor,
        Instant updatedAt,
        PictureReceipt receipt) {}
