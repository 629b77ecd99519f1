package dev.portrait.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.util.Optional;

/**
 * Buckets in the database every instance shares, one row per key under the limiter's name: each
 * take locks the row for one short transaction of its own ({@code select ... for update}).
 */
final class SharedBuckets implements BucketStore {

    private final ProxyManager<String> rows;
    private final String prefix;

    SharedBuckets(ProxyManager<String> rows, String name) {
        this.rows = rows;
        this.prefix = name + ":";
    }

    @Override
    public Bucket bucket(String key, Bandwidth limit) {
        return rows.builder().build(prefix + key, () -> BucketConfiguration.builder()
                .addLimit(limit)
                .build());
    }

    /** Asking makes the row, full: a missing row cannot be told from a full bucket without a query anyway. */
    @Override
    public Optional<Bucket> existing(String key, Bandwidth limit) {
        return Optional.of(bucket(key, limit));
    }
}
