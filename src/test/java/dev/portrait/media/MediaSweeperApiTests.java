package dev.portrait.media;

import static dev.portrait.imaging.TestImages.encode;
import static dev.portrait.imaging.TestImages.scene;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import dev.portrait.storage.BlobStore;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * With no retention and no grace period, one sweep removes every blob that no live picture needs,
 * and keeps every blob that one does.
 */
@ApiTest
@TestPropertySource(properties = {"portrait.media.retention=0s", "portrait.media.orphan-grace=0s"})
class MediaSweeperApiTests {

    @Autowired
    ApiClient api;

    @Autowired
    MediaSweeper sweeper;

    @Autowired
    BlobStore blobs;

    @Autowired
    MediaRepository media;

    @Autowired
    JdbcClient jdbc;

    @Test
    void sweepDeletesOrphanBlobsAndPurgesRetiredPicturesButKeepsLiveOnes() {
        TestUser user = api.newUser();
        UUID retired = upload(api, user);
        UUID live = upload(api, user);
        String orphan = blobs.put(new byte[] {1, 2, 3}, "image/jpeg");

        MediaSweeper.Sweep sweep = sweeper.sweep();

        assertThat(sweep.orphanBlobs()).isGreaterThanOrEqualTo(1);
        assertThat(sweep.purgedMedia()).isGreaterThanOrEqualTo(1);
        Set<String> stored = storedKeys();
        assertThat(stored).doesNotContain(orphan);
        assertThat(stored).doesNotContainAnyElementsOf(keys(retired));
        assertThat(stored).containsAll(keys(live));
        assertThat(jdbc.sql("select purged_at from media where id = :id")
                        .param("id", retired)
                        .query(java.time.Instant.class)
                        .single())
                .isNotNull();
        assertThat(api.get("/api/media/" + live + "?size=64").status()).isEqualTo(200);
    }

    @Test
    void sweepWhenRunTwiceThenTheSecondFindsNothing() {
        sweeper.sweep();

        assertThat(sweeper.sweep()).isEqualTo(new MediaSweeper.Sweep(0, 0));
    }

    private UUID upload(ApiClient api, TestUser user) {
        Response response = api.upload("/api/users/me/profile/picture", encode(scene(120, 80), "jpeg"), user.auth());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return UUID.fromString(
                response.json().get("profile").get("picture").get("mediaId").asString());
    }

    private List<String> keys(UUID mediaId) {
        return media.renditions(mediaId).stream().map(RenditionRow::blobKey).toList();
    }

    private Set<String> storedKeys() {
        try (var keys = blobs.list()) {
            return keys.map(key -> key.key()).collect(Collectors.toSet());
        }
    }
}
