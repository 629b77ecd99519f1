package dev.portrait.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.util.Optional;

/** Where one limiter keeps its token buckets, one per key. */
interface BucketStore {

    /** The key's bucket, made full with {@code limit} if it has none yet. */
    Bucket bucket(String key, Bandwidth limit);

    /** The key's bucket if one is known; a key without one has a full bucket. */
    Optional<Bucket> existing(String key, Bandwidth limit);
}
