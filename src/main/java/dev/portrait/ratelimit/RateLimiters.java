package dev.portrait.ratelimit;

import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Makes the rate limiters, and decides where their buckets live: in this instance's memory when it
 * is the only instance (H2), or in a table every instance shares (PostgreSQL), so that N instances
 * still let a key take its limit once, not N times.
 */
public final class RateLimiters {

    /** Rows deleted per statement when expired buckets are removed. */
    private static final int REMOVAL_BATCH = 1_000;

    private final @Nullable PostgreSQLSelectForUpdateBasedProxyManager<String> shared;

    private RateLimiters(@Nullable PostgreSQLSelectForUpdateBasedProxyManager<String> shared) {
        this.shared = shared;
    }

    /** Buckets in memory: for a single instance. */
    static RateLimiters inMemory() {
        return new RateLimiters(null);
    }

    /** Buckets in the shared table that {@code rows} reads and writes. */
    static RateLimiters shared(PostgreSQLSelectForUpdateBasedProxyManager<String> rows) {
        return new RateLimiters(rows);
    }

    /**
     * @param name a short name of this limit, the same on every instance and unique among the
     *     limits: it keeps their keys apart in the shared table
     * @param action what is limited, for the client's message (e.g. "picture uploads")
     * @param capacity how many actions a key may take in one period
     * @param period the period over which {@code capacity} tokens come back
     */
    public RateLimiter limiter(String name, String action, long capacity, Duration period) {
        BucketStore buckets = shared == null ? new LocalBuckets(period) : new SharedBuckets(shared, name);
        return new RateLimiter(action, capacity, period, buckets);
    }

    /**
     * Deletes the shared buckets that would be full again by now (a full bucket and no bucket are
     * the same); memory buckets expire by themselves.
     *
     * @return how many were deleted
     */
    int removeExpired() {
        if (shared == null) {
            return 0;
        }
        int total = 0;
        int removed;
        do {
            removed = shared.removeExpired(REMOVAL_BATCH);
            total += removed;
        } while (removed == REMOVAL_BATCH);
        return total;
    }
}
