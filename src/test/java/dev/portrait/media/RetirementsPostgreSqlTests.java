package dev.portrait.media;

import static dev.portrait.media.LiveRenditionsApiTests.cacheInUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import dev.portrait.SecondInstance;
import dev.portrait.TestDatabase;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Two instances on one PostgreSQL database, the way a cluster runs: this test's application and a
 * second one started beside it with the same database and data directory. A picture one of them
 * retires must stop being served by the other, which has it in memory, and the listener that
 * carries the news must be trusted only while it is connected. Runs only in the build's PostgreSQL
 * execution: on H2 there is no second instance.
 */
@ApiTest
@Tag(TestDatabase.POSTGRESQL_ONLY)
@TestPropertySource(properties = {TestDatabase.PROPERTY + "=postgresql", "portrait.rate.uploads-per-minute=1000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetirementsPostgreSqlTests {

    /** Not a timing check: how long the news of a retirement may take before the test gives up. */
    private static final Duration NEWS = Duration.ofSeconds(20);

    @Autowired
    ApiClient api;

    @Autowired
    JdbcClient jdbc;

    private ConfigurableApplicationContext second;
    private ApiClient other;

    @BeforeAll
    void startSecondInstance(@Autowired Environment environment) {
        second = SecondInstance.start(environment, "--portrait.rate.uploads-per-minute=1000");
        other = new ApiClient(second.getEnvironment());
    }

    @AfterAll
    void stopSecondInstance() {
        second.close();
    }

    /** Each test may leave the listeners reconnecting. */
    @BeforeEach
    void bothListening() {
        await().atMost(NEWS).until(() -> cacheInUse(api) && cacheInUse(other));
    }

    @Test
    void replaceOnOneInstanceThenTheOtherAnswers404WithinMoments() {
        assertReplacementReachesTheOtherInstance();
    }

    @Test
    void listenerWhenDisconnectedThenEveryLookupAsksTheDatabaseAndOnReconnectTheCacheStartsEmpty() {
        TestUser user = api.newUser();
        String old = other.uploadPictureUrl(user);
        assertThat(api.get(old).status()).isEqualTo(200);
        String database =
                jdbc.sql("select current_database()").query(String.class).single();
        // The pools keep their connections; only the listeners' new ones are refused.
        TestDatabase.administer("alter database " + database + " allow_connections false");
        try {
            terminateListeners();
            await().atMost(NEWS).until(() -> !cacheInUse(api));

            other.uploadPictureUrl(user);

            assertThat(api.get(old).status())
                    .as("retired while no news could arrive")
                    .isEqualTo(404);
        } finally {
            TestDatabase.administer("alter database " + database + " allow_connections true");
        }
        await().atMost(NEWS).until(() -> cacheInUse(api));
        assertThat(api.get(old).status())
                .as("served from memory before the disconnection")
                .isEqualTo(404);
    }

    /** A stopped server process answers nothing and closes nothing, like a connection cut by a firewall. */
    @Test
    void listenerWhenConnectionHangsThenNoticedAndLookupsAskTheDatabase() throws Exception {
        TestUser user = api.newUser();
        String old = other.uploadPictureUrl(user);
        assertThat(api.get(old).status()).isEqualTo(200);
        List<String> listeners = listenerProcesses();
        signal("STOP", listeners);
        try {
            other.uploadPictureUrl(user);

            await().atMost(NEWS)
                    .untilAsserted(() -> assertThat(api.get(old).status()).isEqualTo(404));
        } finally {
            signal("CONT", listeners);
        }
    }

    @Test
    void listenerWhenNotificationIsNotAMediaIdThenStillHearsRetirements() {
        jdbc.sql("select pg_notify(:channel, 'not a media id')")
                .param("channel", Retirements.CHANNEL)
                .query()
                .listOfRows();

        assertReplacementReachesTheOtherInstance();
    }

    /** A picture the second instance has served is replaced through the first. */
    private void assertReplacementReachesTheOtherInstance() {
        TestUser user = api.newUser();
        String old = api.uploadPictureUrl(user);
        assertThat(other.get(old).status()).isEqualTo(200);

        api.uploadPictureUrl(user);

        await().atMost(NEWS)
                .untilAsserted(() -> assertThat(other.get(old).status()).isEqualTo(404));
    }

    private List<String> listenerProcesses() {
        List<String> pids =
                jdbc.sql("""
                        select pid from pg_stat_activity
                        where application_name = :name and datname = current_database()
                        """).param("name", Retirements.APPLICATION_NAME).query(Integer.class).list().stream()
                        .map(String::valueOf)
                        .toList();
        assertThat(pids).as("one listener per instance").hasSize(2);
        return pids;
    }

    private void terminateListeners() {
        for (String pid : listenerProcesses()) {
            assertThat(jdbc.sql("select pg_terminate_backend(:pid, 10000)")
                            .param("pid", Integer.parseInt(pid))
                            .query(Boolean.class)
                            .single())
                    .isTrue();
        }
    }

    private static void signal(String signal, List<String> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor())
                .as(String.join(" ", command))
                .isZero();
    }
}
