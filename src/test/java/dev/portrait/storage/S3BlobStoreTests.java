package dev.portrait.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith(S3ProxyExtension.class)
class S3BlobStoreTests extends BlobStoreContractTests {

    static S3ProxyServer server;

    static S3Client client;

    String prefix;

    @BeforeAll
    static void connect(S3ProxyServer s3proxy) {
        server = s3proxy;
        client = server.client();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    // Each test gets its own prefix in the shared bucket, so list() sees only its own blobs.
    @Override
    BlobStore newStore(Supplier<BlobKey> keys) {
        prefix = "test-" + UUID.randomUUID() + "/";
        return new S3BlobStore(client, S3ProxyServer.BUCKET, prefix, keys);
    }

    @Test
    void putStoresContentTypeAsObjectMetadataUnderPrefix() {
        String key = store.put(picture(100), "image/avif");

        assertThat(client.headObject(
                                request -> request.bucket(S3ProxyServer.BUCKET).key(prefix + key))
                        .contentType())
                .isEqualTo("image/avif");
    }

    @Test
    void putWhenTheKeyAlreadyHoldsTheseBytesThenItIsARetryOfOurOwnPutAndNothingIsAdded() {
        BlobKey fixed = BlobKey.random();
        BlobStore retrying = newStore(() -> fixed);
        byte[] content = picture(100);
        String first = retrying.put(content, "image/jpeg");

        String again = retrying.put(content, "image/jpeg");

        assertThat(again).isEqualTo(first);
        try (Stream<StoredKey> keys = retrying.list()) {
            assertThat(keys).extracting(StoredKey::key).containsExactly(first);
        }
    }

    @Test
    void listWhenForeignObjectsPresentThenOnlyBlobsUnderPrefix() {
        String key = store.put(picture(100), "image/jpeg");
        putRaw(prefix + "notes.txt");
        putRaw(prefix + "ab/not-a-key");
        putRaw(prefix + key + ".bak");
        putRaw("elsewhere/" + BlobKey.random().value());

        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys).extracting(StoredKey::key).containsExactly(key);
        }
    }

    @Test
    void listWhenMoreThanOnePageThenReturnsAll() {
        // ListObjectsV2 returns at most 1000 keys per page.
        S3BlobStore paged = new S3BlobStore(client, S3ProxyServer.BUCKET, prefix, BlobKey::random);
        for (int i = 0; i < 1001; i++) {
            putRaw(prefix + BlobKey.random().value());
        }

        try (Stream<StoredKey> keys = paged.list()) {
            assertThat(keys).hasSize(1001);
        }
    }

    @Test
    void putWhenWrongSecretKeyThenFailsWithForbidden() {
        try (S3Client wrong = StorageConfiguration.s3Client(server.settings(server.accessKey(), "wrong", ""))) {
            BlobStore wrongStore = new S3BlobStore(wrong, S3ProxyServer.BUCKET, prefix);

            assertThatExceptionOfType(BlobStoreException.class)
                    .isThrownBy(() -> wrongStore.put(picture(100), "image/jpeg"))
                    .havingCause()
                    .isInstanceOfSatisfying(S3Exception.class, cause -> assertThat(cause.statusCode())
                            .isEqualTo(403));
        }
        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys).isEmpty();
        }
    }

    @Test
    void getDeleteAndListWhenWrongCredentialsThenFailRatherThanReportNothing() {
        String key = store.put(picture(100), "image/jpeg");
        try (S3Client wrong = StorageConfiguration.s3Client(server.settings("someone-else", "wrong", ""))) {
            BlobStore wrongStore = new S3BlobStore(wrong, S3ProxyServer.BUCKET, prefix);

            assertThatExceptionOfType(BlobStoreException.class).isThrownBy(() -> wrongStore.get(key));
            assertThatExceptionOfType(BlobStoreException.class).isThrownBy(() -> wrongStore.delete(key));
            assertThatExceptionOfType(BlobStoreException.class).isThrownBy(() -> {
                try (Stream<StoredKey> keys = wrongStore.list()) {
                    keys.count();
                }
            });
        }
        assertThat(store.get(key)).isPresent();
    }

    private void putRaw(String objectKey) {
        client.putObject(
                request -> request.bucket(S3ProxyServer.BUCKET).key(objectKey).contentType("text/plain"),
                RequestBody.fromString("not a blob"));
    }
}
