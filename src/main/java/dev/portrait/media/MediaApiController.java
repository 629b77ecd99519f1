package dev.portrait.media;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Media", description = "Picture files, served with immutable URLs")
class MediaApiController {

    /** A media id's bytes never change, so every cache may keep them for a year. */
    private static final CacheControl IMMUTABLE =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final MediaService media;
    private final ViewCounter views;

    MediaApiController(MediaService media, ViewCounter views) {
        this.media = media;
        this.views = views;
    }

    @GetMapping({"/api/media/{mediaId}", "/api/users/media/{mediaId}"})
    @Operation(
            summary = "A picture's bytes",
            description = "No parameter: the original (at most 2048 pixels on its long side). "
                    + "`size`: a square of 64, 150 or 512 pixels; `thumbnail=true`: the 150 square. "
                    + "Answers with a strong ETag and `Cache-Control: public, max-age=31536000, immutable`; "
                    + "304 on a matching If-None-Match. HEAD works too.")
    @ApiResponse(responseCode = "200", description = "The image (image/jpeg or image/png)")
    @ApiResponse(responseCode = "304", description = "Not modified")
    @ApiResponse(responseCode = "400", description = "`invalid_size`, `invalid_parameter`")
    @ApiResponse(responseCode = "404", description = "`media_not_found`: unknown, replaced or removed")
    ResponseEntity<byte[]> media(
            @PathVariable UUID mediaId,
            @Parameter(description = "64, 150 or 512") @RequestParam(required = false) @Nullable String size,
            @RequestParam(defaultValue = "false") boolean thumbnail,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch,
            HttpServletRequest request) {
        RenditionRow rendition =
                media.rendition(mediaId, size(size, thumbnail)).orElseThrow(MediaNotFoundException::new);
        if (!HttpMethod.HEAD.matches(request.getMethod())) {
            views.count(mediaId);
        }
        String etag = "\"" + rendition.sha256() + "\"";
        if (matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(etag)
                    .cacheControl(IMMUTABLE)
                    .build();
        }
        byte[] content = media.content(rendition)
                .orElseThrow(MediaNotFoundException::new)
                .content();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(rendition.mimeType()))
                .eTag(etag)
                .cacheControl(IMMUTABLE)
                // An image has nothing to run; should it ever be opened as a page, nothing may load.
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .body(content);
    }

    private static RenditionSize size(@Nullable String size, boolean thumbnail) {
        if (size == null) {
            return thumbnail ? RenditionSize.THUMBNAIL : RenditionSize.ORIGINAL;
        }
        return RenditionSize.square(size);
    }

    private static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .anyMatch(
                        candidate -> candidate.equals("*") || candidate.equals(etag) || candidate.equals("W/" + etag));
    }
}
