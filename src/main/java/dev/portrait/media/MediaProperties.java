package dev.portrait.media;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How long replaced pictures are kept, and how the sweeper and the view counter run.
 *
 * @param retention how long the files of a replaced or removed picture are kept before they are
 *     purged (its URLs answer 404 at once either way)
 * @param orphanGrace how old a blob that no media row references must be before the sweeper
 *     deletes it; longer than any upload takes between writing its blobs and committing its row
 * @param sweepInterval how often the sweeper runs
 * @param viewFlushInterval how often counted views are written to the database in one batch
 * @param cacheSize how much memory the most viewed renditions may take, so popular pictures are served
 *     without reading storage; 0 turns the cache off. Safe because a rendition's bytes never change
 * @param liveCacheEntries how many renditions of live pictures each instance remembers, so serving
 *     one needs no database query (about 400 bytes each); 0 turns this off. A retired
 *     picture is forgotten as its retirement commits, and on PostgreSQL other instances hear of it
 *     by LISTEN/NOTIFY
 * @param baseUrl prefix of every picture URL in API answers, e.g. a CDN's
 *     {@code https://cdn.example.com}; empty for URLs relative to this service
 */
@ConfigurationProperties("portrait.media")
@Validated
public record MediaProperties(
        @DefaultValue("24h") @NotNull Duration retention,
        @DefaultValue("1h") @NotNull Duration orphanGrace,
        @DefaultValue("10m") @NotNull Duration sweepInterval,
        @DefaultValue("30s") @NotNull Duration viewFlushInterval,
        @DefaultValue("64MB") @NotNull DataSize cacheSize,
        @DefaultValue("100000") @PositiveOrZero int liveCacheEntries,
        @DefaultValue("") String baseUrl) {

    public MediaProperties {
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }
}
