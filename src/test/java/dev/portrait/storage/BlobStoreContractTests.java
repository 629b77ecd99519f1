package dev.portrait.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour every {@link BlobStore} adapter shares; each adapter's tests extend this class. */
abstract class BlobStoreContractTests {

    static final String KEY_FORMAT = "([0-9a-f]{2})/\\1[0-9a-f]{30}";

    static final BlobKey FIRST_KEY = new BlobKey("ab/ab" + "0".repeat(30));

    static final BlobKey SECOND_KEY = new BlobKey("cd/cd" + "1".repeat(30));

    BlobStore store;

    /** A fresh, empty store drawing its keys from {@code keys}. */
    abstract BlobStore newStore(Supplier<BlobKey> keys);

    @BeforeEach
    void createStore() {
        store = newStore(BlobKey::random);
    }

    static byte[] picture(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void putThenGetReturnsContentAndContentType() {
        byte[] content = picture(10_000);

        String key = store.put(content, "image/webp");

        assertThat(store.get(key)).hasValueSatisfying(blob -> {
            assertThat(blob.content()).isEqualTo(content);
            assertThat(blob.contentType()).isEqualTo("image/webp");
            assertThat(blob.size()).isEqualTo(10_000);
        });
    }

    @Test
    void putWhenContentStartsWithNewlinesThenRoundTripsExactly() {
        byte[] content = {'\n', '\n', 0, '\r', '\n', 'x'};

        String key = store.put(content, "application/octet-stream");

        assertThat(store.get(key)).get().extracting(Blob::content).isEqualTo(content);
    }

    @Test
    void putWhenContentEmptyThenRoundTrips() {
        String key = store.put(new byte[0], "image/png");

        assertThat(store.get(key)).hasValue(new Blob(new byte[0], "image/png"));
    }

    @Test
    void putWhenCallerChangesArrayAfterwardsThenStoredContentUnchanged() {
        byte[] content = picture(100);
        byte[] original = content.clone();

        String key = store.put(content, "image/jpeg");
        content[0]++;

        assertThat(store.get(key)).get().extracting(Blob::content).isEqualTo(original);
    }

    @Test
    void putWhenCalledTwiceThenDistinctKeys() {
        byte[] content = picture(100);

        String first = store.put(content, "image/jpeg");
        String second = store.put(content, "image/jpeg");

        assertThat(first).isNotEqualTo(second).matches(KEY_FORMAT);
        assertThat(second).matches(KEY_FORMAT);
    }

    @Test
    void putWhenRandomKeyAlreadyTakenThenUsesAnotherAndKeepsExisting() {
        BlobStore colliding = newStore(keys(FIRST_KEY, FIRST_KEY, SECOND_KEY));
        byte[] first = picture(100);
        byte[] second = picture(200);

        String firstKey = colliding.put(first, "image/jpeg");
        String secondKey = colliding.put(second, "image/png");

        assertThat(firstKey).isEqualTo(FIRST_KEY.value());
        assertThat(secondKey).isEqualTo(SECOND_KEY.value());
        assertThat(colliding.get(firstKey)).hasValue(new Blob(first, "image/jpeg"));
        assertThat(colliding.get(secondKey)).hasValue(new Blob(second, "image/png"));
    }

    @Test
    void putWhenRandomKeysKeepCollidingThenFailsAndKeepsExisting() {
        BlobStore colliding = newStore(() -> FIRST_KEY);
        byte[] first = picture(100);
        String key = colliding.put(first, "image/jpeg");

        assertThatExceptionOfType(BlobStoreException.class)
                .isThrownBy(() -> colliding.put(picture(200), "image/png"))
                .withMessageContaining("colliding");

        assertThat(colliding.get(key)).hasValue(new Blob(first, "image/jpeg"));
        try (Stream<StoredKey> keys = colliding.list()) {
            assertThat(keys).extracting(StoredKey::key).containsExactly(key);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "jpeg",
                "image/",
                "/jpeg",
                "image/jpeg; charset=utf-8",
                "image/jpeg\r\nX-Evil: 1",
                "image/jpeg\n",
                "image/../../x",
                "image/jpe g",
                "ímage/jpeg"
            })
    void putWhenContentTypeIsNotABareMediaTypeThenRefusedAndNothingStored(String contentType) {
        assertThatIllegalArgumentException().isThrownBy(() -> store.put(picture(10), contentType));

        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys).isEmpty();
        }
    }

    @Test
    void getWhenUnknownKeyThenEmpty() {
        assertThat(store.get(BlobKey.random().value())).isEmpty();
    }

    @Test
    void deleteWhenPresentThenTrueAndGone() {
        String key = store.put(picture(100), "image/jpeg");

        assertThat(store.delete(key)).isTrue();

        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void deleteWhenCalledTwiceThenSecondReturnsFalse() {
        String key = store.put(picture(100), "image/jpeg");
        store.delete(key);

        assertThat(store.delete(key)).isFalse();
    }

    @Test
    void deleteWhenUnknownKeyThenFalse() {
        assertThat(store.delete(BlobKey.random().value())).isFalse();
    }

    @Test
    void deleteWhenOtherBlobsPresentThenOnlyThatOneGone() {
        String kept = store.put(picture(100), "image/jpeg");
        String deleted = store.put(picture(100), "image/jpeg");

        store.delete(deleted);

        assertThat(store.get(kept)).isPresent();
    }

    @Test
    void listWhenEmptyThenEmpty() {
        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys).isEmpty();
        }
    }

    @Test
    void listReturnsEveryStoredBlobWithLastModified() {
        // S3 reports whole seconds, and file times may be coarser than the clock.
        Instant before = Instant.now().minus(Duration.ofSeconds(2));
        List<String> put =
                Stream.of(1, 2, 3).map(i -> store.put(picture(i), "image/jpeg")).toList();
        Instant after = Instant.now().plus(Duration.ofSeconds(2));

        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys.toList()).hasSize(3).allSatisfy(stored -> {
                assertThat(stored.key()).isIn(put);
                assertThat(stored.lastModified()).isBetween(before, after);
            });
        }
    }

    @Test
    void listWhenBlobDeletedThenAbsent() {
        String kept = store.put(picture(100), "image/jpeg");
        String deleted = store.put(picture(100), "image/jpeg");
        store.delete(deleted);

        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys).extracting(StoredKey::key).containsExactly(kept);
        }
    }

    static Stream<String> hostileKeys() {
        String valid = "ab/ab" + "0".repeat(30);
        return Stream.of(
                "",
                ".",
                "..",
                "../../etc/passwd",
                "/abs",
                "/etc/passwd",
                "a\\b",
                "ab\\ab" + "0".repeat(30),
                "ab/" + "..".repeat(16),
                "../ab" + "0".repeat(30),
                "ab/ab" + "0".repeat(29) + "\0",
                valid + "\0",
                valid + "\n",
                "\n" + valid,
                valid + "/",
                valid + "/../../x",
                "./" + valid,
                "/" + valid,
                " " + valid,
                valid.toUpperCase(java.util.Locale.ROOT),
                "cd/ab" + "0".repeat(30),
                "ab/ab" + "0".repeat(29),
                "ab/ab" + "0".repeat(31),
                "ab/ab" + "g".repeat(30),
                "ab/ab" + "\u0660".repeat(30),
                "ab/" + "a".repeat(10_000),
                "a".repeat(1 << 20));
    }

    @ParameterizedTest
    @MethodSource("hostileKeys")
    void getWhenKeyHostileThenRefused(String key) {
        assertThatExceptionOfType(InvalidBlobKeyException.class)
                .isThrownBy(() -> store.get(key))
                .withMessageStartingWith("Not a blob key: \"");
    }

    @ParameterizedTest
    @MethodSource("hostileKeys")
    void deleteWhenKeyHostileThenRefusedAndStoreUntouched(String key) {
        String existing = store.put(picture(100), "image/jpeg");

        assertThatExceptionOfType(InvalidBlobKeyException.class).isThrownBy(() -> store.delete(key));

        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys).extracting(StoredKey::key).containsExactly(existing);
        }
        assertThat(store.get(existing)).isPresent();
    }

    static Supplier<BlobKey> keys(BlobKey... keys) {
        Deque<BlobKey> queue = new ArrayDeque<>(List.of(keys));
        return queue::removeFirst;
    }
}
