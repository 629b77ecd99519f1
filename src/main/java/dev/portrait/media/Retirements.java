package dev.portrait.media;

import dev.portrait.Databases;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Takes a retired picture out of {@link LiveRenditions}, on this instance as the retirement commits
 * and on every other instance a moment later.
 *
 * <p>On H2 the database is a file that one process holds locked, so there is no other instance and
 * the local eviction is the whole story. On PostgreSQL, instances share the database: the retiring
 * transaction also sends a notification, which PostgreSQL delivers only when it commits, and every
 * instance listens for them on a connection of its own. A notification sent while that connection is
 * down is lost for good, so the cache is used only while it is up (and answers round trips, since a
 * connection can die without a word), and starts empty each time it comes back.
 */
@Component
class Retirements implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Retirements.class);

    static final String CHANNEL = "portrait_media_retired";

    static final String APPLICATION_NAME = "portrait-media-listener";

    /** How often the listener makes a round trip to prove its connection alive. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    /**
     * How long a round trip may take before the connection counts as dead: with the heartbeat, a
     * connection that died without a word is noticed within about four seconds.
     */
    private static final Duration ROUND_TRIP_TIMEOUT = Duration.ofSeconds(3);

    /**
     * The listener sleeps this long between attempts, so a database that refuses connections is not
     * asked again in a tight loop. Meanwhile every lookup asks the database, so waiting costs speed,
     * never correctness.
     */
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    /** How long start-up waits for the first connection, so that a fresh instance serves from memory. */
    private static final Duration FIRST_CONNECTION = Duration.ofSeconds(10);

    private final LiveRenditions renditions;
    private final MediaRepository media;
    private final @Nullable DataSource listenerConnections;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private volatile boolean running;
    private @Nullable Thread listener;
    private volatile @Nullable Connection listening;

    Retirements(DataSource dataSource, LiveRenditions renditions, MediaRepository media, MeterRegistry meters) {
        this.renditions = renditions;
        this.media = media;
        this.listenerConnections = Databases.isH2(dataSource)
                ? null
                : DataSourceBuilder.derivedFrom(dataSource)
                        .type(SimpleDriverDataSource.class)
                        .build();
        Gauge.builder("portrait.media.live.cache.in.use", renditions, cache -> cache.trusted() ? 1 : 0)
                .description("1 while picture lookups may be answered from memory, 0 while each one asks the database")
                .register(meters);
    }

    /**
     * Retires a picture from every instance's cache once the caller's transaction commits; it must be
     * the transaction that marks the picture deleted.
     */
    void announce(UUID mediaId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                renditions.endRetiring(mediaId);
            }
        });
        renditions.beginRetiring(mediaId);
        if (listenerConnections != null) {
            media.notify(CHANNEL, mediaId.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        if (listenerConnections == null) {
            renditions.trust();
            return;
        }
        listener = Thread.ofPlatform().daemon().name(APPLICATION_NAME).start(() -> listen(listenerConnections));
        try {
            firstAttempt.await(FIRST_CONNECTION.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        renditions.distrust();
        Thread thread = listener;
        if (thread == null) {
            return;
        }
        // Closing the socket under the listener wakes it at once; shutting down should not wait
        // for its next heartbeat.
        Connection connection = listening;
        if (connection != null) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ex) {
                log.debug("Could not abort the listener's connection", ex);
            }
        }
        thread.interrupt();
        try {
            thread.join(ROUND_TRIP_TIMEOUT);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen(DataSource connections) {
        try {
            listenUntilStopped(connections);
        } finally {
            // Whatever ends the listener, no eviction reaches the cache any more.
            renditions.distrust();
        }
    }

    private void listenUntilStopped(DataSource connections) {
        boolean lost = false;
        while (running) {
            try (Connection connection = connections.getConnection();
                    Statement statement = connection.createStatement()) {
                listening = connection;
                connection.setNetworkTimeout(Runnable::run, (int) ROUND_TRIP_TIMEOUT.toMillis());
                statement.execute("set application_name = '" + APPLICATION_NAME + "'");
                statement.execute("listen " + CHANNEL);
                // Every retirement that commits from now on is delivered; the ones before are in the
                // database, which the emptied cache reads again.
                renditions.trust();
                firstAttempt.countDown();
                if (lost) {
                    log.info("Listening for retired pictures again; serving picture lookups from memory");
                    lost = false;
                }
                receive(connection.unwrap(PGConnection.class), statement);
            } catch (SQLException | RuntimeException ex) {
                renditions.distrust();
                firstAttempt.countDown();
                if (!lost && running) {
                    log.warn(
                            "Not listening for retired pictures; every picture lookup asks the database until"
                                    + " the listener reconnects",
                            ex);
                }
                lost = true;
            }
            listening = null;
            if (running && !pause(RECONNECT_DELAY)) {
                return;
            }
        }
    }

    private void receive(PGConnection connection, Statement statement) throws SQLException {
        long lastRoundTrip = System.nanoTime();
        while (running) {
            PGNotification[] notifications = connection.getNotifications((int) HEARTBEAT.toMillis());
            for (PGNotification notification : notifications) {
                // A payload that is no media id was not sent by Portrait: it throws, and the cache
                // starts again empty, which is safe whatever it meant.
                renditions.evict(UUID.fromString(notification.getParameter()));
            }
            if (System.nanoTime() - lastRoundTrip >= HEARTBEAT.toNanos()) {
                // Waiting for notifications reads a socket and cannot tell a dead connection from a
                // quiet one; a query must be answered within the network timeout.
                statement.execute("select 1");
                lastRoundTrip = System.nanoTime();
            }
        }
    }

    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException ex) {
            return false;
        }
    }
}
