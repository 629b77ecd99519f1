package dev.portrait.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps blobs as files under a root directory: {@code root/ab/ab0123...}.
 *
 * <p>Each file starts with one ASCII line holding the content type, followed by the content, so a
 * blob and its type appear together in one atomic step. A put writes and fsyncs a temporary file
 * in {@code root/.tmp}, then hard-links it under its final name: unlike a rename, a link never
 * replaces an existing file, and readers see either nothing or the whole blob. This needs a
 * filesystem with hard links inside one directory tree (any POSIX filesystem). Temporary files
 * left by a crash are ignored by {@link #list()} and removed by {@link #deleteStaleTempFiles}.
 *
 * <p>Directories the store creates are readable by the owner only.
 */
final class FileSystemBlobStore implements BlobStore {

    private static final String TEMP_DIRECTORY = ".tmp";

    private static final Pattern SHARD = Pattern.compile("[0-9a-f]{2}");

    // Content types are at most 255 characters (see ContentType), plus the newline.
    private static final int MAX_HEADER_LENGTH = 256;

    // A 128-bit random key only repeats if the random source is broken; then failing beats looping.
    private static final int MAX_KEY_ATTEMPTS = 3;

    private final Path root;

    private final Path tempDirectory;

    private final Supplier<BlobKey> keys;

    FileSystemBlobStore(Path root) {
        this(root, BlobKey::random);
    }

    FileSystemBlobStore(Path root, Supplier<BlobKey> keys) {
        this.root = root.toAbsolutePath().normalize();
        this.tempDirectory = this.root.resolve(TEMP_DIRECTORY);
        this.keys = keys;
        try {
            createPrivateDirectories(this.tempDirectory);
        } catch (IOException ex) {
            throw new BlobStoreException("Cannot create blob directory " + this.tempDirectory, ex);
        }
    }

    @Override
    public String put(byte[] content, String contentType) {
        ContentType type = new ContentType(contentType);
        Path tempFile = null;
        try {
            tempFile = Files.createTempFile(tempDirectory, "put-", ".tmp");
            write(tempFile, type, content);
            for (int attempt = 1; ; attempt++) {
                BlobKey key = keys.get();
                Path target = path(key);
                createPrivateDirectories(target.getParent());
                try {
                    Files.createLink(target, tempFile);
                    return key.value();
                } catch (FileAlreadyExistsException ex) {
                    if (attempt == MAX_KEY_ATTEMPTS) {
                        throw new BlobStoreException("Random blob keys keep colliding", ex);
                    }
                }
            }
        } catch (IOException ex) {
            throw new BlobStoreException("Cannot store blob under " + root, ex);
        } finally {
            if (tempFile != null) {
                deleteQuietly(tempFile);
            }
        }
    }

    @Override
    public Optional<Blob> get(String key) {
        Path file = path(new BlobKey(key));
        // The key format already keeps us inside root; refusing symlinks keeps us out of
        // anything linked into the tree by hand.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
            ContentType type = readHeader(in, file);
            return Optional.of(new Blob(in.readAllBytes(), type.value()));
        } catch (NoSuchFileException ex) {
            return Optional.empty();
        } catch (IOException ex) {
            throw new BlobStoreException("Cannot read blob " + key, ex);
        }
    }

    @Override
    public boolean delete(String key) {
        Path file = path(new BlobKey(key));
        try {
            // Shard directories stay: removing one could race with a put linking into it.
            return Files.deleteIfExists(file);
        } catch (IOException ex) {
            throw new BlobStoreException("Cannot delete blob " + key, ex);
        }
    }

    @Override
    @SuppressWarnings("StreamResourceLeak") // closing the returned stream closes the directory
    public Stream<StoredKey> list() {
        try {
            return Files.list(root)
                    .filter(dir -> SHARD.matcher(dir.getFileName().toString()).matches())
                    .filter(dir -> Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
                    .flatMap(FileSystemBlobStore::listShard);
        } catch (IOException ex) {
            throw new BlobStoreException("Cannot list blobs under " + root, ex);
        }
    }

    /**
     * Deletes temporary files that a crashed put left behind. Files newer than {@code cutoff} stay,
     * as another process sharing the directory may still be writing them.
     *
     * @return how many files were deleted
     */
    int deleteStaleTempFiles(Instant cutoff) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tempDirectory)) {
            for (Path file : files) {
                Optional<BasicFileAttributes> attributes = attributes(file);
                if (attributes.isPresent()
                        && attributes.get().isRegularFile()
                        && attributes.get().lastModifiedTime().toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException ex) {
            throw new BlobStoreException("Cannot clean temporary files in " + tempDirectory, ex);
        }
        return deleted;
    }

    private Path path(BlobKey key) {
        return root.resolve(key.shard()).resolve(key.name());
    }

    @SuppressWarnings("StreamResourceLeak") // flatMap closes each shard's stream when done with it
    private static Stream<StoredKey> listShard(Path shard) {
        String prefix = shard.getFileName() + "/";
        try {
            return Files.list(shard).flatMap(file -> {
                String key = prefix + file.getFileName();
                if (!BlobKey.isValid(key)) {
                    return Stream.empty();
                }
                return attributes(file)
                        .filter(BasicFileAttributes::isRegularFile)
                        .map(attributes ->
                                new StoredKey(key, attributes.lastModifiedTime().toInstant()))
                        .stream();
            });
        } catch (NoSuchFileException ex) {
            return Stream.empty();
        } catch (IOException ex) {
            throw new BlobStoreException("Cannot list blobs under " + shard, ex);
        }
    }

    // Empty when the file vanished meanwhile: listing races with deletes by design.
    private static Optional<BasicFileAttributes> attributes(Path file) {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException ex) {
            return Optional.empty();
        } catch (IOException ex) {
            throw new BlobStoreException("Cannot read attributes of " + file, ex);
        }
    }

    private static void write(Path file, ContentType type, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.wrap((type.value() + "\n").getBytes(US_ASCII));
            ByteBuffer body = ByteBuffer.wrap(content);
            while (header.hasRemaining() || body.hasRemaining()) {
                channel.write(new ByteBuffer[] {header, body});
            }
            channel.force(true);
        }
    }

    private static ContentType readHeader(InputStream in, Path file) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1 || header.size() == MAX_HEADER_LENGTH) {
                throw new BlobStoreException("Blob file has no content type line: " + file);
            }
            header.write(b);
        }
        try {
            return new ContentType(header.toString(US_ASCII));
        } catch (IllegalArgumentException ex) {
            throw new BlobStoreException("Blob file has a malformed content type line: " + file, ex);
        }
    }

    private static void createPrivateDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> ownerOnly =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(directory, ownerOnly);
        } else {
            Files.createDirectories(directory);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ex) {
            // The blob itself is stored or the put already failed with a better exception;
            // a leftover temporary file is removed by deleteStaleTempFiles.
        }
    }

    @Override
    public String toString() {
        return "FileSystemBlobStore[" + root + "]";
    }
}
