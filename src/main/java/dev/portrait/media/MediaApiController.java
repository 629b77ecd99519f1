package dev.portrait.media;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Media", description = "Picture files, served with immutable URLs")
class MediaApiController {

    private final PictureFiles files;

    MediaApiController(PictureFiles files) {
        this.files = files;
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
    void media(
            @PathVariable UUID mediaId,
            @Parameter(description = "64, 150 or 512") @RequestParam(required = false) @Nullable String size,
            @RequestParam(defaultValue = "false") boolean thumbnail,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        if (!files.write(mediaId, size(size, thumbnail), request, response)) {
            throw new MediaNotFoundException();
        }
    }

    private static RenditionSize size(@Nullable String size, boolean thumbnail) {
        if (size == null) {
            return thumbnail ? RenditionSize.THUMBNAIL : RenditionSize.ORIGINAL;
        }
        return RenditionSize.square(size);
    }
}
