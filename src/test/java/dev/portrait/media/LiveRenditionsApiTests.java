package dev.portrait.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiTest;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A picture served once is served again from memory, without asking the database whether it is
 * still live. To see that, these tests mark a picture deleted behind Portrait's back, in SQL: a
 * retirement through Portrait would evict it (PictureUploadApiTests).
 */
@ApiTest
class LiveRenditionsApiTests {

    private static final Pattern IN_USE = Pattern.compile("(?m)^portrait_media_live_cache_in_use(?:\\{.*})? (\\S+)$");

    @Autowired
    ApiClient api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void getWhenServedBeforeThenServedAgainWithoutAQuery() {
        String url = servedThenMarkedDeletedBehindPortraitsBack();

        assertThat(api.get(url).status()).isEqualTo(200);
        assertThat(cacheInUse(api)).isTrue();
    }

    @Nested
    @TestPropertySource(properties = "portrait.media.live-cache-entries=0")
    class TurnedOff {

        @Test
        void getWhenServedBeforeThenEveryRequestAsksTheDatabase() {
            String url = servedThenMarkedDeletedBehindPortraitsBack();

            assertThat(api.get(url).status()).isEqualTo(404);
            assertThat(cacheInUse(api)).isFalse();
        }
    }

    /** A new picture's URL, served once, then marked deleted without Portrait knowing. */
    private String servedThenMarkedDeletedBehindPortraitsBack() {
        String url = api.uploadPictureUrl(api.newUser());
        assertThat(api.get(url).status()).isEqualTo(200);
        UUID mediaId = UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
        assertThat(jdbc.sql("update media set deleted_at = current_timestamp where id = :id")
                        .param("id", mediaId)
                        .update())
                .isEqualTo(1);
        return url;
    }

    /** The gauge {@code portrait.media.live.cache.in.use}, as Prometheus reads it. */
    static boolean cacheInUse(ApiClient api) {
        Matcher gauge = IN_USE.matcher(api.get("/actuator/prometheus").text());
        assertThat(gauge.find())
                .as("portrait_media_live_cache_in_use is exported")
                .isTrue();
        return Double.parseDouble(gauge.group(1)) == 1;
    }
}
