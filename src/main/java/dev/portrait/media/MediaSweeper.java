package dev.portrait.media;

import dev.portrait.storage.BlobStore;
import dev.portrait.storage.StoredKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes what no live picture needs: the blobs of pictures retired longer ago than the retention
 * period, and blobs that no row names at all (an upload that crashed between writing its blobs and
 * committing its row). Safe to run on several instances at once: every step is idempotent.
 */
@Component
public class MediaSweeper {

    private static final Logger log = LoggerFactory.getLogger(MediaSweeper.class);

    private static final int BATCH = 500;

    private final MediaRepository media;
    private final BlobStore blobs;
    private final MediaProperties properties;
    private final Clock clock;

    MediaSweeper(MediaRepository media, BlobStore blobs, MediaProperties properties, Clock clock) {
        this.media = media;
        this.blobs = blobs;
        this.properties = properties;
        this.clock = clock;
    }

    /** What one sweep deleted. */
    public record Sweep(int purgedMedia, int orphanBlobs) {}

    public Sweep sweep() {
        Sweep sweep = new Sweep(purgeRetired(), deleteOrphans());
        if (sweep.purgedMedia() > 0 || sweep.orphanBlobs() > 0) {
            log.info("Swept {} retired pictures and {} orphan blobs", sweep.purgedMedia(), sweep.orphanBlobs());
        }
        return sweep;
    }

    private int purgeRetired() {
        Instant cutoff = clock.instant().minus(properties.retention());
        int purged = 0;
        List<UUID> batch;
        do {
            batch = media.findPurgeable(cutoff, BATCH);
            for (UUID id : batch) {
                // Blobs first: if a delete fails, the row stays unpurged and the next sweep retries.
                media.renditions(id).forEach(rendition -> blobs.delete(rendition.blobKey()));
                media.markPurged(id, clock.instant());
                purged++;
            }
        } while (batch.size() == BATCH);
        return purged;
    }

    private int deleteOrphans() {
        Instant cutoff = clock.instant().minus(properties.orphanGrace());
        int deleted = 0;
        try (Stream<StoredKey> stored = blobs.list()) {
            List<String> candidates = new ArrayList<>(BATCH);
            for (StoredKey key : (Iterable<StoredKey>) stored::iterator) {
                if (key.lastModified().isBefore(cutoff)) {
                    candidates.add(key.key());
                }
                if (candidates.size() == BATCH) {
                    deleted += deleteUnreferenced(candidates);
                    candidates.clear();
                }
            }
            deleted += deleteUnreferenced(candidates);
        }
        return deleted;
    }

    private int deleteUnreferenced(List<String> keys) {
        Set<String> referenced = media.findReferenced(keys);
        int deleted = 0;
        for (String key : keys) {
            if (!referenced.contains(key) && blobs.delete(key)) {
                deleted++;
            }
        }
        return deleted;
    }
}
