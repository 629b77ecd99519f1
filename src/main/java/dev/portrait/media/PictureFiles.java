package dev.portrait.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portrait.storage.Blob;
import dev.portrait.storage.BlobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Writes a live rendition as a picture file: the one place for its status, headers and body,
 * whether the request came through {@link MediaFileFilter} or the controller. It finds the
 * rendition and its bytes itself, from memory when it can: going through {@link MediaService},
 * whose transactions make it a proxy, cost more per request than both lookups.
 */
@Component
class PictureFiles {

    /** A media id's bytes never change, so every cache may keep them for a year. */
    private static final String IMMUTABLE =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable().getHeaderValue();

    private final LiveRenditions live;
    private final BlobStore blobs;
    private final Cache<String, Blob> hot;
    private final ViewCounter views;
    private final Counter served;
    private final Counter notModified;

    PictureFiles(
            LiveRenditions live, BlobStore blobs, MediaProperties properties, ViewCounter views, MeterRegistry meters) {
        this.live = live;
        this.blobs = blobs;
        // Keyed by blob key, whose bytes never change, so an entry can never be stale. Whether the
        // picture is still live is for LiveRenditions to say.
        this.hot = Caffeine.newBuilder()
                .maximumWeight(properties.cacheSize().toBytes())
                .weigher((String key, Blob blob) -> blob.content().length)
                .build();
        this.views = views;
        this.served = filesAnswered(meters, "200");
        this.notModified = filesAnswered(meters, "304");
    }

    /** The fast path skips http.server.requests; these keep picture traffic visible. */
    private static Counter filesAnswered(MeterRegistry meters, String status) {
        return Counter.builder("portrait.media.files")
                .description("Picture files answered")
                .tag("status", status)
                .register(meters);
    }

    /**
     * Answers 200 with the bytes (headers only for HEAD), or 304 when If-None-Match names the
     * rendition's strong ETag.
     *
     * @return false, with nothing written, when the picture is unknown, replaced or deleted
     */
    boolean write(UUID mediaId, RenditionSize size, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<RenditionRow> found = live.find(mediaId, size);
        if (found.isEmpty()) {
            return false;
        }
        RenditionRow rendition = found.get();
        String etag = "\"" + rendition.sha256() + "\"";
        if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            countView(mediaId, request);
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader(HttpHeaders.ETAG, etag);
            response.setHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
            notModified.increment();
            return true;
        }
        // Purged between the lookup and now: as gone as a deleted picture.
        Optional<byte[]> content = content(rendition).map(blob -> blob.content());
        if (content.isEmpty()) {
            return false;
        }
        countView(mediaId, request);
        byte[] bytes = content.get();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(rendition.mimeType());
        response.setContentLength(bytes.length);
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // An image has nothing to run; should it ever be opened as a page, nothing may load.
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        if (!HttpMethod.HEAD.matches(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
        served.increment();
        return true;
    }

    /** The bytes of a rendition; empty if its blob has gone (purged while the request ran). */
    private Optional<Blob> content(RenditionRow rendition) {
        Blob cached = hot.getIfPresent(rendition.blobKey());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Blob> blob = blobs.get(rendition.blobKey());
        blob.ifPresent(found -> hot.put(rendition.blobKey(), found));
        return blob;
    }

    private void countView(UUID mediaId, HttpServletRequest request) {
        if (!HttpMethod.HEAD.matches(request.getMethod())) {
            views.count(mediaId);
        }
    }

    private static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
