package dev.portrait.media;

import java.util.List;
import java.util.UUID;

/**
 * A picture whose blobs are written but whose rows are not committed yet: {@link
 * MediaService#record} makes it real inside the caller's transaction, {@link MediaService#discard}
 * takes the blobs back when that transaction fails.
 */
public record StagedMedia(MediaRow media, List<RenditionRow> renditions) {

    public StagedMedia {
        renditions = List.copyOf(renditions);
    }

    public UUID id() {
        return media.id();
    }
}
