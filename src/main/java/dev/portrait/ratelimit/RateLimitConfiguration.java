package dev.portrait.ratelimit;

import dev.portrait.Databases;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** Shares the buckets through the database on PostgreSQL, and removes the ones no longer needed. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    @Bean
    RateLimiters rateLimiters(DataSource dataSource) {
        if (!Databases.isPostgreSql(dataSource)) {
            return RateLimiters.inMemory();
        }
        return RateLimiters.shared(Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .build());
    }

    @Bean
    ExpiredBuckets expiredBuckets(RateLimiters limiters) {
        return new ExpiredBuckets(limiters);
    }

    /** Every instance may run it: a row deleted twice is deleted once. */
    static final class ExpiredBuckets {

        private final RateLimiters limiters;

        ExpiredBuckets(RateLimiters limiters) {
            this.limiters = limiters;
        }

        @Scheduled(initialDelay = 10, fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
        void remove() {
            try {
                int removed = limiters.removeExpired();
                log.debug("Removed {} expired rate-limit buckets", removed);
            } catch (RuntimeException ex) {
                // The next run tries again; a bucket left a while longer only takes room.
                log.warn("Could not remove expired rate-limit buckets", ex);
            }
        }
    }
}
