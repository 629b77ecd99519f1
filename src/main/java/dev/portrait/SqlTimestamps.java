package dev.portrait;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Binds an {@link Instant} to a {@code timestamp with time zone} parameter. PostgreSQL's JDBC driver
 * refuses an {@code Instant} in {@code setObject}, while both it and H2 take an {@code OffsetDateTime}.
 */
public final class SqlTimestamps {

    private SqlTimestamps() {}

    public static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
