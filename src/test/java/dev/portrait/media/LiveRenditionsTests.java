package dev.portrait.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache of live renditions against a stand-in for the database whose answers a test changes
 * the way a committed retirement changes the real one.
 */
class LiveRenditionsTests {

    private static final UUID MEDIA = UUID.randomUUID();

    private static final RenditionRow THUMBNAIL =
            new RenditionRow(MEDIA, "150", "ab".repeat(20), "image/jpeg", 1234, 150, 150, "0".repeat(64));

    private final Database database = new Database();

    private LiveRenditions renditions;

    @BeforeEach
    void setUp() {
        renditions = new LiveRenditions(100, database);
        renditions.trust();
    }

    @Test
    void findWhenFoundBeforeThenAnsweredWithoutTheDatabase() {
        renditions.find(MEDIA, RenditionSize.THUMBNAIL);

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).contains(THUMBNAIL);
        assertThat(database.queries).hasValue(1);
    }

    /** A just-uploaded picture must be served at once, so a miss is never remembered. */
    @Test
    void findWhenNotFoundThenAskedAgainNextTime() {
        database.live = false;
        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).isEmpty();

        database.live = true;

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).contains(THUMBNAIL);
    }

    @Test
    void findWhenEvictedThenEverySizeIsAskedAgain() {
        for (RenditionSize size : RenditionSize.values()) {
            renditions.find(MEDIA, size);
        }

        renditions.evict(MEDIA);
        database.live = false;

        for (RenditionSize size : RenditionSize.values()) {
            assertThat(renditions.find(MEDIA, size)).as(size.name()).isEmpty();
        }
    }

    /**
     * The race: a lookup reads the row while the picture is still live, the retirement commits and
     * evicts, and only then would the lookup put the row in. It must stay out.
     */
    @Test
    void findWhenEvictedWhileItsQueryRunsThenTheRowIsNotKept() {
        database.afterRead = () -> {
            database.live = false;
            renditions.evict(MEDIA);
        };

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL))
                .as("read before the retirement")
                .contains(THUMBNAIL);
        database.afterRead = () -> {};

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).isEmpty();
    }

    /**
     * The retirement's transaction commits a moment before its after-commit eviction runs; a lookup
     * in that moment must already see the picture retired.
     */
    @Test
    void findWhenRetirementCommittedButNotYetEvictedThenRetired() {
        renditions.find(MEDIA, RenditionSize.THUMBNAIL);

        renditions.beginRetiring(MEDIA);
        database.live = false;

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).isEmpty();
    }

    @Test
    void findWhileRetiringThenRowsReadAreNotKeptPastTheEnd() {
        renditions.beginRetiring(MEDIA);
        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL))
                .as("not committed yet")
                .contains(THUMBNAIL);

        database.live = false;
        renditions.endRetiring(MEDIA);

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).isEmpty();
    }

    @Test
    void findWhenTwoTransactionsRetireAndOneEndsThenStillAskedUntilTheOtherEnds() {
        renditions.beginRetiring(MEDIA);
        renditions.beginRetiring(MEDIA);
        renditions.endRetiring(MEDIA);
        renditions.find(MEDIA, RenditionSize.THUMBNAIL);

        database.live = false;

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).isEmpty();
    }

    @Test
    void findWhenRetirementRolledBackThenCachedAgain() {
        renditions.beginRetiring(MEDIA);
        renditions.endRetiring(MEDIA);

        renditions.find(MEDIA, RenditionSize.THUMBNAIL);
        renditions.find(MEDIA, RenditionSize.THUMBNAIL);

        assertThat(database.queries).hasValue(1);
    }

    @Test
    void findWhenDistrustedThenEveryLookupAsksTheDatabase() {
        renditions.find(MEDIA, RenditionSize.THUMBNAIL);

        renditions.distrust();
        database.live = false;

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).isEmpty();
    }

    /** Retirements may have been missed while distrusted: what was kept before must go. */
    @Test
    void trustWhenTrustedAgainThenStartsEmpty() {
        renditions.find(MEDIA, RenditionSize.THUMBNAIL);
        renditions.distrust();
        database.live = false;

        renditions.trust();

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).isEmpty();
    }

    @Test
    void trustWhenAQueryBeganBeforeThenItsRowIsNotKept() {
        database.afterRead = () -> {
            database.live = false;
            renditions.trust();
        };

        renditions.find(MEDIA, RenditionSize.THUMBNAIL);
        database.afterRead = () -> {};

        assertThat(renditions.find(MEDIA, RenditionSize.THUMBNAIL)).isEmpty();
    }

    @Test
    void findWhenNoEntriesAllowedThenEveryLookupAsksTheDatabase() {
        LiveRenditions none = new LiveRenditions(0, database);
        none.trust();

        none.find(MEDIA, RenditionSize.THUMBNAIL);
        none.find(MEDIA, RenditionSize.THUMBNAIL);

        assertThat(database.queries).hasValue(2);
        assertThat(none.trusted()).isFalse();
    }

    /** One live picture with one rendition, until a test retires it. */
    private static final class Database implements LiveRenditions.Loader {

        volatile boolean live = true;
        final AtomicInteger queries = new AtomicInteger();

        /** What happens between a query's read and its answer reaching the cache. */
        Runnable afterRead = () -> {};

        @Override
        public Optional<RenditionRow> load(UUID mediaId, RenditionSize size) {
            queries.incrementAndGet();
            Optional<RenditionRow> read = live && mediaId.equals(MEDIA) ? Optional.of(THUMBNAIL) : Optional.empty();
            afterRead.run();
            return read;
        }
    }
}
