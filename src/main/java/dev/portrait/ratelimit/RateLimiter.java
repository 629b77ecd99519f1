package dev.portrait.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Token buckets keyed by caller (a user id, an account, an address): {@code capacity} actions per
 * {@code period}, refilled gradually. Buckets live in this instance's memory, bounded in number so a
 * flood of distinct keys cannot exhaust it; an idle bucket is forgotten once it would be full again.
 */
public final class RateLimiter {

    private static final long MAX_KEYS = 100_000;

    private final String action;
    private final long capacity;
    private final Duration period;
    private final Cache<String, Bucket> buckets;

    /**
     * @param action what is limited, for the client's message (e.g. "picture uploads")
     * @param capacity how many actions a key may take in one period
     * @param period the period over which {@code capacity} tokens come back
     */
    public RateLimiter(String action, long capacity, Duration period) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Rate limit capacity must be at least 1: " + capacity);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("Rate limit period must be positive: " + period);
        }
        this.action = action;
        this.capacity = capacity;
        this.period = period;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterAccess(period)
                .build();
    }

    /**
     * Takes one token for {@code key}.
     *
     * @throws RateLimitedException when the key has none left
     */
    public void consume(String key) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw limited(probe.getNanosToWaitForRefill());
        }
    }

    /**
     * Fails when {@code key} has no token left, without taking one: for limits that only count
     * failures (a login is checked first, and charged only when it fails).
     *
     * @throws RateLimitedException when the key has none left
     */
    public void checkAvailable(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return;
        }
        var estimate = bucket.estimateAbilityToConsume(1);
        if (!estimate.canBeConsumed()) {
            throw limited(estimate.getNanosToWaitForRefill());
        }
    }

    /** Takes one token for {@code key} if there is one; never fails. */
    public void charge(String key) {
        bucket(key).tryConsume(1);
    }

    private Bucket bucket(String key) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(capacity)
                        .refillGreedy(capacity, period)
                        .build())
                .build());
    }

    private RateLimitedException limited(long nanosToWait) {
        Duration wait = Duration.ofNanos(nanosToWait);
        return new RateLimitedException(
                "Too many %s: at most %d per %s. Try again in %d seconds."
                        .formatted(
                                action,
                                capacity,
                                human(period),
                                Math.max(1, wait.plusMillis(999).toSeconds())),
                wait);
    }

    private static String human(Duration period) {
        if (period.toSeconds() % 3600 == 0) {
            long hours = period.toHours();
            return hours == 1 ? "hour" : hours + " hours";
        }
        if (period.toSeconds() % 60 == 0) {
            long minutes = period.toMinutes();
            return minutes == 1 ? "minute" : minutes + " minutes";
        }
        return period.toSeconds() + " seconds";
    }
}
