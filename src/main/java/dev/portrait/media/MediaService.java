package dev.portrait.media;

import dev.portrait.imaging.ProcessedImage;
import dev.portrait.imaging.Rendition;
import dev.portrait.storage.BlobStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores processed pictures and finds them again. Writing a picture is two steps so the caller can
 * keep its database work in one transaction: {@link #stage} writes the blobs (outside any
 * transaction, they are slow), then {@link #record} inserts the rows inside the caller's transaction;
 * if that transaction fails, {@link #discard} deletes the blobs again.
 */
@Service
public class MediaService {

    private static final Logger log = LoggerFactory.getLogger(MediaService.class);

    private final MediaRepository media;
    private final Retirements retirements;
    private final BlobStore blobs;
    private final MediaProperties properties;
    private final Clock clock;

    MediaService(
            MediaRepository media, Retirements retirements, BlobStore blobs, MediaProperties properties, Clock clock) {
        this.media = media;
        this.retirements = retirements;
        this.blobs = blobs;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Writes every rendition to the blob store under new keys, all at once: each write waits on a
     * disk flush or, with S3, a round trip, and four in a row cost four times one. When a write
     * fails, the others are waited for and every blob written is deleted before the failure is
     * passed on.
     *
     * @param uploadBytes the size of the file as uploaded
     * @param originalFilename the client's file name, kept as metadata only
     */
    public StagedMedia stage(
            ProcessedImage image, long uploadBytes, UUID uploaderId, @Nullable String originalFilename) {
        UUID id = UUID.randomUUID();
        List<Future<RenditionRow>> writes = new ArrayList<>();
        // Closing the executor waits for every write, so none can finish after the clean-up.
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Rendition rendition : image.renditions()) {
                writes.add(writers.submit(() -> new RenditionRow(
                        id,
                        rendition.name(),
                        blobs.put(rendition.bytes(), rendition.mimeType()),
                        rendition.mimeType(),
                        rendition.size(),
                        rendition.width(),
                        rendition.height(),
                        rendition.sha256Hex())));
            }
        }
        List<RenditionRow> written = new ArrayList<>();
        @Nullable RuntimeException failure = null;
        for (Future<RenditionRow> write : writes) {
            if (write.state() == Future.State.SUCCESS) {
                written.add(write.resultNow());
            } else if (failure == null) {
                // Not started at all: the waiting thread was interrupted and the executor gave up on it.
                failure = write.state() == Future.State.FAILED
                        ? asRuntime(write.exceptionNow())
                        : new IllegalStateException("Interrupted while writing the renditions");
            }
        }
        if (failure != null) {
            deleteBlobs(written);
            throw failure;
        }
        MediaRow row = new MediaRow(
                id,
                uploaderId,
                originalFilename,
                image.sourceFormat().name(),
                uploadBytes,
                image.width(),
                image.height(),
                image.placeholderColor(),
                PictureReceipt.encode(image.receipt()),
                0,
                now(),
                null,
                null);
        return new StagedMedia(row, written);
    }

    /** Inserts the rows of a staged picture; part of the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(StagedMedia staged) {
        media.insert(staged.media(), staged.renditions());
    }

    /** Deletes the blobs of a staged picture whose rows were never committed. */
    public void discard(StagedMedia staged) {
        deleteBlobs(staged.renditions());
    }

    /**
     * Retires a picture: its URLs answer 404 from now on, and its blobs are purged once the retention
     * period is over. Part of the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void retire(UUID mediaId) {
        media.softDelete(mediaId, now());
        retirements.announce(mediaId);
    }

    /** The live picture with this id as the API shows it, or empty when it is gone or unknown. */
    @Transactional(readOnly = true)
    public Optional<Picture> picture(UUID mediaId) {
        return media.findLive(mediaId).map(row -> picture(row, media.renditions(mediaId)));
    }

    /** The URL of one rendition of a picture. */
    public String url(UUID mediaId, RenditionSize size) {
        String base = properties.baseUrl() + "/api/media/" + mediaId;
        return size == RenditionSize.ORIGINAL ? base : base + "?size=" + size.renditionName();
    }

    private Picture picture(MediaRow row, List<RenditionRow> renditions) {
        RenditionRow original = renditions.stream()
                .filter(rendition -> rendition.name().equals(RenditionSize.ORIGINAL.renditionName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Media " + row.id() + " has no original rendition"));
        Map<String, String> sizes = new LinkedHashMap<>();
        for (RenditionSize size : RenditionSize.SQUARES) {
            sizes.put(size.renditionName(), url(row.id(), size));
        }
        return new Picture(
                row.id(),
                url(row.id(), RenditionSize.ORIGINAL),
                url(row.id(), RenditionSize.THUMBNAIL),
                sizes,
                original.width(),
                original.height(),
                row.placeholderColor(),
                row.createdAt(),
                PictureReceipt.of(PictureReceipt.decode(row.receipt())));
    }

    private static RuntimeException asRuntime(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("A blob write failed", failure);
    }

    private void deleteBlobs(List<RenditionRow> renditions) {
        for (RenditionRow rendition : renditions) {
            try {
                blobs.delete(rendition.blobKey());
            } catch (RuntimeException ex) {
                // The sweeper deletes blobs that no row references, so this one is not lost for good.
                log.warn("Could not delete blob {} of an abandoned upload; the sweeper will", rendition.blobKey(), ex);
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
