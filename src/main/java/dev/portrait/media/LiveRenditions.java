package dev.portrait.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The renditions of live pictures this instance has served, so that serving one again needs no
 * database query. Only a row read from the database is kept, and a picture that is not found is
 * never remembered: an upload is served as soon as it commits. A retired picture leaves the cache
 * through {@link #beginRetiring}/{@link #endRetiring} (on this instance) or {@link #evict} (a
 * retirement on another instance). The cache answers only while {@link #trust trusted}, that is
 * while every retirement is known to reach it.
 */
@Component
class LiveRenditions {

    /** Reads one rendition of a live picture from the database. */
    @FunctionalInterface
    interface Loader {
        Optional<RenditionRow> load(UUID mediaId, RenditionSize size);
    }

    private record Key(UUID mediaId, RenditionSize size) {}

    private final int maximumEntries;
    private final Loader loader;
    private final Cache<Key, RenditionRow> cache;

    /**
     * Counts the evictions. A row read before an eviction may be one the eviction was meant to
     * remove, read just before the retirement committed and put in just after the eviction; so a
     * reader notes the count before its query and puts the row in only if the count has not moved.
     */
    private final AtomicLong evictions = new AtomicLong();

    /** Pictures whose retirement is being committed on this instance, with how many such transactions. */
    private final Map<UUID, Integer> retiring = new ConcurrentHashMap<>();

    private volatile boolean trusted;

    @Autowired
    LiveRenditions(MediaProperties properties, MediaRepository media) {
        this(properties.liveCacheEntries(), (mediaId, size) -> media.findLiveRendition(mediaId, size.renditionName()));
    }

    /**
     * @param maximumEntries how many renditions are kept at most; 0 means none, every lookup is a query
     * @param loader the database query
     */
    LiveRenditions(int maximumEntries, Loader loader) {
        this.maximumEntries = maximumEntries;
        this.loader = loader;
        this.cache = Caffeine.newBuilder().maximumSize(maximumEntries).build();
    }

    /** One rendition of a live picture, from the cache if it may answer, else from the database. */
    Optional<RenditionRow> find(UUID mediaId, RenditionSize size) {
        if (!trusted || retiring.containsKey(mediaId)) {
            return loader.load(mediaId, size);
        }
        Key key = new Key(mediaId, size);
        RenditionRow cached = cache.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        long seen = evictions.get();
        Optional<RenditionRow> loaded = loader.load(mediaId, size);
        // Atomic with an eviction of the same key: either the eviction runs after this and removes
        // the row, or it has counted before this looks and the row stays out.
        loaded.ifPresent(row -> cache.asMap().compute(key, (k, present) -> evictions.get() == seen ? row : present));
        return loaded;
    }

    /**
     * Called inside the transaction that retires the picture, before it commits. Until {@link
     * #endRetiring}, the picture is looked up in the database on every request: evicting it only
     * after the commit would leave a moment in which the database says "retired" and the cache
     * still "live", and evicting it before the commit would not last, since any request until the
     * commit reads it live again.
     */
    void beginRetiring(UUID mediaId) {
        retiring.merge(mediaId, 1, Integer::sum);
    }

    /** Called once the retiring transaction has committed or rolled back. */
    void endRetiring(UUID mediaId) {
        evict(mediaId);
        retiring.computeIfPresent(mediaId, (id, count) -> count == 1 ? null : count - 1);
    }

    /** Forgets every rendition of a picture; a query that began before this cannot put it back. */
    void evict(UUID mediaId) {
        evictions.incrementAndGet();
        for (RenditionSize size : RenditionSize.values()) {
            cache.invalidate(new Key(mediaId, size));
        }
    }

    /**
     * Lets the cache answer, starting empty: call it once every retirement from now on is sure to
     * reach {@link #evict} or {@link #endRetiring}. Whatever was kept before may have missed one.
     */
    void trust() {
        evictions.incrementAndGet();
        cache.invalidateAll();
        trusted = maximumEntries > 0;
    }

    /** Sends every lookup to the database: a retirement might no longer reach this instance. */
    void distrust() {
        trusted = false;
    }

    /** Whether lookups may be answered from the cache. */
    boolean trusted() {
        return trusted;
    }
}
