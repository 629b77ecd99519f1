package dev.portrait.media;

import java.util.List;

/** The renditions a picture is served in. */
public enum RenditionSize {
    ORIGINAL("original"),
    SQUARE_512("512"),
    THUMBNAIL("150"),
    SQUARE_64("64");

    /** The squares, smallest first. */
    public static final List<RenditionSize> SQUARES = List.of(SQUARE_64, THUMBNAIL, SQUARE_512);

    private final String renditionName;

    RenditionSize(String renditionName) {
        this.renditionName = renditionName;
    }

    /**
     * The square named by a {@code size} parameter.
     *
     * @throws InvalidSizeException unless it is 64, 150 or 512
     */
    public static RenditionSize square(String size) {
        return SQUARES.stream()
                .filter(square -> square.renditionName.equals(size))
                .findFirst()
                .orElseThrow(() -> new InvalidSizeException(size));
    }

    /** The rendition's name in storage and in the {@code size} query parameter. */
    public String renditionName() {
        return renditionName;
    }
}
