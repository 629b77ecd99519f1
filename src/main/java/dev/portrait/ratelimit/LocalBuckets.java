package dev.portrait.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Optional;

/**
 * Buckets in this instance's memory, bounded in number so a flood of distinct keys cannot exhaust
 * it; an idle bucket is forgotten once it would be full again.
 */
final class LocalBuckets implements BucketStore {

    private static final long MAX_KEYS = 100_000;

    private final Cache<String, Bucket> buckets;

    LocalBuckets(Duration period) {
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterAccess(period)
                .build();
    }

    @Override
    public Bucket bucket(String key, Bandwidth limit) {
        return buckets.get(key, k -> Bucket.builder().addLimit(limit).build());
    }

    @Override
    public Optional<Bucket> existing(String key, Bandwidth limit) {
        return Optional.ofNullable(buckets.getIfPresent(key));
    }
}
