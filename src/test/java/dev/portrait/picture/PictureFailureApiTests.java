package dev.portrait.picture;

import static dev.portrait.imaging.TestImages.encode;
import static dev.portrait.imaging.TestImages.scene;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.reset;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import dev.portrait.media.MediaTestSupport;
import dev.portrait.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/** A failure at any step of an upload leaves the database and the blob store as they were. */
@ApiTest
@TestPropertySource(properties = "portrait.rate.uploads-per-minute=1000")
class PictureFailureApiTests {

    private static final String UPLOAD = "/api/users/me/profile/picture";

    @Autowired
    ApiClient api;

    @MockitoSpyBean
    BlobStore blobs;

    @MockitoSpyBean
    JdbcClient jdbc;

    @Autowired
    MediaTestSupport media;

    TestUser user;
    JsonNode before;

    @BeforeEach
    void setUp() {
        user = api.newUser();
        Response first = api.upload(UPLOAD, encode(scene(300, 200), "jpeg"), user.auth());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        before = first.json().get("profile");
    }

    @AfterEach
    void resetSpies() {
        reset(blobs, jdbc);
    }

    @Test
    void uploadWhenBlobStoreFailsMidwayThen500AndNothingChanges() {
        Set<String> blobsBefore = blobKeys();
        AtomicInteger puts = new AtomicInteger();
        doAnswer(invocation -> {
                    if (puts.incrementAndGet() == 3) {
                        throw new UncheckedIOException(new IOException("disk full"));
                    }
                    return invocation.callRealMethod();
                })
                .when(blobs)
                .put(any(), anyString());

        Response response = api.upload(UPLOAD, encode(scene(200, 300), "jpeg"), user.auth());

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.code()).isEqualTo("internal_error");
        assertThat(response.text()).doesNotContain("disk full");
        assertThat(blobKeys())
                .as("the blobs written besides the failed one are gone")
                .isEqualTo(blobsBefore);
        assertUnchanged();
    }

    /** Each write waits on a flush or an S3 round trip; four in a row would cost four times one. */
    @Test
    void uploadThenTheRenditionsAreWrittenAtOnce() {
        CountDownLatch allStarted = new CountDownLatch(4);
        doAnswer(invocation -> {
                    allStarted.countDown();
                    // Written one after another, the first write would wait here for ever: a guard, not a timing.
                    if (!allStarted.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the other renditions were not being written");
                    }
                    return invocation.callRealMethod();
                })
                .when(blobs)
                .put(any(), anyString());

        Response response = api.upload(UPLOAD, encode(scene(200, 300), "jpeg"), user.auth());

        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    @Test
    void uploadWhenDatabaseFailsAfterTheBlobsThen500AndTheNewBlobsAreDeleted() {
        Set<String> blobsBefore = blobKeys();
        doAnswer(invocation -> {
                    String sql = invocation.getArgument(0);
                    if (sql.contains("update profiles set picture_media_id")) {
                        throw new DataAccessResourceFailureException("connection lost");
                    }
                    return invocation.callRealMethod();
                })
                .when(jdbc)
                .sql(anyString());

        Response response = api.upload(UPLOAD, encode(scene(200, 300), "jpeg"), user.auth());

        assertThat(response.status()).isEqualTo(500);
        assertThat(blobKeys()).isEqualTo(blobsBefore);
        assertUnchanged();
    }

    @Test
    void uploadWhen8ConcurrentReplacementsThenOneLivePictureAndEveryOtherUrl404() throws Exception {
        int uploads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Response>> tasks = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            byte[] image = encode(scene(100 + i, 100), "jpeg");
            tasks.add(() -> {
                start.await();
                return api.upload(UPLOAD, image, user.auth());
            });
        }
        List<Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> futures = tasks.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.status()).as(response.text()).isEqualTo(200));
        String live = api.get("/api/profiles/me", user.auth())
                .json()
                .get("picture")
                .get("mediaId")
                .asString();
        Set<String> uploaded = responses.stream()
                .map(response -> response.json()
                        .get("profile")
                        .get("picture")
                        .get("mediaId")
                        .asString())
                .collect(Collectors.toSet());
        assertThat(uploaded).hasSize(uploads).contains(live);
        for (String mediaId : uploaded) {
            assertThat(api.get("/api/media/" + mediaId).status())
                    .as(mediaId)
                    .isEqualTo(mediaId.equals(live) ? 200 : 404);
        }
        assertThat(api.get("/api/media/" + before.get("picture").get("mediaId").asString())
                        .status())
                .isEqualTo(404);
        assertThat(media.liveMedia(user.id())).isEqualTo(1);
    }

    private void assertUnchanged() {
        JsonNode now = api.get("/api/profiles/me", user.auth()).json();
        assertThat(now.get("picture").get("mediaId").asString())
                .isEqualTo(before.get("picture").get("mediaId").asString());
        assertThat(now.get("updatedAt").asString())
                .isEqualTo(before.get("updatedAt").asString());
        assertThat(api.get(before.get("picture").get("url").asString()).status())
                .isEqualTo(200);
        assertThat(media.liveMedia(user.id())).isEqualTo(1);
    }

    private Set<String> blobKeys() {
        try (var keys = blobs.list()) {
            return keys.map(key -> key.key()).collect(Collectors.toSet());
        }
    }
}
