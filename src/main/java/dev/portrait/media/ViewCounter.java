package dev.portrait.media;

import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counts picture views in memory and writes them in one batch now and then, so serving a picture
 * never waits for a database write. A crash loses at most one interval's counts.
 */
@Component
class ViewCounter {

    private final MediaRepository media;
    private final Map<UUID, LongAdder> pending = new ConcurrentHashMap<>();

    ViewCounter(MediaRepository media) {
        this.media = media;
    }

    void count(UUID mediaId) {
        pending.computeIfAbsent(mediaId, id -> new LongAdder()).increment();
    }

    /** Writes the views counted so far and starts counting from zero. */
    @PreDestroy
    void flush() {
        Map<UUID, Long> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            LongAdder adder = pending.remove(id);
            if (adder != null) {
                batch.put(id, adder.sum());
            }
        }
        if (!batch.isEmpty()) {
            media.addViews(batch);
        }
    }
}
