package dev.portrait.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTests extends BlobStoreContractTests {

    @TempDir
    Path temp;

    Path root;

    @Override
    BlobStore newStore(Supplier<BlobKey> keys) {
        root = temp.resolve("media");
        return new FileSystemBlobStore(root, keys);
    }

    @Test
    void putStoresOneFileUnderItsShardReadableByOwnerOnly() throws IOException {
        String key = store.put(picture(100), "image/jpeg");

        Path file = root.resolve(key);
        assertThat(file).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
                .isEqualTo("rwx------");
    }

    @Test
    void putLeavesNoTemporaryFiles() throws IOException {
        store.put(picture(100), "image/jpeg");

        try (Stream<Path> files = Files.list(root.resolve(".tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void putWhileReaderPollsTheKeyThenReaderSeesNothingOrTheWholeBlob() throws Exception {
        BlobStore fixedKey = newStore(() -> FIRST_KEY);
        byte[] content = picture(16 * 1024 * 1024);
        Blob expected = new Blob(content, "image/png");
        AtomicBoolean stored = new AtomicBoolean();
        // Reader's verdicts, not blobs: holding every 16 MB read would exhaust the heap.
        CompletableFuture<List<String>> reads = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            boolean last = false;
            while (!last) {
                last = stored.get();
                seen.add(fixedKey.get(FIRST_KEY.value())
                        .map(blob -> blob.equals(expected) ? "whole" : "partial")
                        .orElse("nothing"));
            }
            return seen;
        });

        fixedKey.put(content, "image/png");
        stored.set(true);

        assertThat(reads.get()).doesNotContain("partial").endsWith("whole");
    }

    @Test
    void listAndGetWhenInterruptedPutLeftFilesThenNeitherSeesThem() throws IOException {
        String name = "ab" + "0".repeat(30);
        byte[] half = "image/jpeg\nhalf a pic".getBytes(US_ASCII);
        Files.write(root.resolve(".tmp").resolve("put-123.tmp"), half);
        Files.createDirectories(root.resolve("ab"));
        Files.write(root.resolve("ab").resolve(name + ".tmp"), half);
        Files.write(root.resolve("ab").resolve("." + name), half);
        Files.createDirectories(root.resolve("xy"));
        Files.write(root.resolve("xy").resolve("xy" + "0".repeat(30)), half);

        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys).isEmpty();
        }
        assertThat(store.get("ab/" + name)).isEmpty();
    }

    @Test
    void listWhenShardIsASymlinkThenNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        String name = "ab" + "0".repeat(30);
        Files.write(elsewhere.resolve(name), "image/jpeg\nx".getBytes(US_ASCII));
        Files.createSymbolicLink(root.resolve("ab"), elsewhere);

        try (Stream<StoredKey> keys = store.list()) {
            assertThat(keys).isEmpty();
        }
    }

    @Test
    void deleteStaleTempFilesDeletesOnlyFilesOlderThanCutoff() throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        Path stale = Files.write(root.resolve(".tmp").resolve("put-1.tmp"), new byte[10]);
        Files.setLastModifiedTime(stale, FileTime.from(cutoff.minusSeconds(1)));
        Path fresh = Files.write(root.resolve(".tmp").resolve("put-2.tmp"), new byte[10]);

        int deleted = ((FileSystemBlobStore) store).deleteStaleTempFiles(cutoff);

        assertThat(deleted).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void deleteWhenKeyPointsOutsideRootThenRefusedAndFileKept() throws IOException {
        Path passwd = Files.write(temp.resolve("passwd"), new byte[] {1});

        assertThatExceptionOfType(InvalidBlobKeyException.class).isThrownBy(() -> store.delete("../passwd"));
        assertThatExceptionOfType(InvalidBlobKeyException.class).isThrownBy(() -> store.delete(passwd.toString()));

        assertThat(passwd).exists();
    }

    @Test
    void getWhenFileHasNoContentTypeLineThenFails() throws IOException {
        String key = store.put(picture(100), "image/jpeg");
        Files.write(root.resolve(key), new byte[] {1, 2, 3});

        assertThatExceptionOfType(BlobStoreException.class).isThrownBy(() -> store.get(key));
    }

    @Test
    void newStoreWhenRootMissingThenCreatesIt() {
        Path nested = temp.resolve("a").resolve("b");

        new FileSystemBlobStore(nested);

        assertThat(nested.resolve(".tmp")).isDirectory();
    }
}
