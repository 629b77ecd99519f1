package dev.portrait.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Token buckets keyed by caller (a user id, an account, an address): {@code capacity} actions per
 * {@code period}, refilled gradually. Made by {@link RateLimiters}, which decides where the buckets
 * live.
 */
public final class RateLimiter {

    private final String action;
    private final long capacity;
    private final Duration period;
    private final Bandwidth limit;
    private final BucketStore buckets;

    /**
     * @param action what is limited, for the client's message (e.g. "picture uploads")
     * @param capacity how many actions a key may take in one period
     * @param period the period over which {@code capacity} tokens come back
     */
    RateLimiter(String action, long capacity, Duration period, BucketStore buckets) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Rate limit capacity must be at least 1: " + capacity);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("Rate limit period must be positive: " + period);
        }
        this.action = action;
        this.capacity = capacity;
        this.period = period;
        this.limit = Bandwidth.builder()
                .capacity(capacity)
                .refillGreedy(capacity, period)
                .build();
        this.buckets = buckets;
    }

    /**
     * Takes one token for {@code key}.
     *
     * @throws RateLimitedException when the key has none left
     */
    public void consume(String key) {
        ConsumptionProbe probe = buckets.bucket(key, limit).tryConsumeAndReturnRemaining(1);
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
        var estimate = buckets.existing(key, limit).map(bucket -> bucket.estimateAbilityToConsume(1));
        if (estimate.isPresent() && !estimate.get().canBeConsumed()) {
            throw limited(estimate.get().getNanosToWaitForRefill());
        }
    }

    /** Takes one token for {@code key} if there is one; never fails. */
    public void charge(String key) {
        buckets.bucket(key, limit).tryConsume(1);
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
