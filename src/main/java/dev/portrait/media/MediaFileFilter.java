package dev.portrait.media;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the common picture-file requests ({@code GET} or {@code HEAD} of a live rendition, with
 * no query, {@code size=64|150|512} or {@code thumbnail=true}) ahead of Spring Security and Spring
 * MVC: a page full of avatars is most of a service's traffic, and that stack cost about four
 * fifths of the time of each one. Anything else (an unknown or deleted picture, another query, a
 * cross-origin request that needs CORS headers, another method) goes down the chain unchanged,
 * where the controller, the problem responses and the security rules deal with it. Registered
 * for the picture paths only, in {@link MediaFileFilterConfiguration}.
 */
class MediaFileFilter extends OncePerRequestFilter {

    private static final String[] PREFIXES = {"/api/media/", "/api/users/media/"};

    private static final int UUID_LENGTH = 36;

    private final PictureFiles files;

    MediaFileFilter(PictureFiles files) {
        this.files = files;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        RenditionSize size = size(request.getQueryString());
        UUID mediaId = (method.equals("GET") || method.equals("HEAD"))
                        && size != null
                        && request.getHeader(HttpHeaders.ORIGIN) == null
                ? mediaId(request.getRequestURI())
                : null;
        if (mediaId == null || !files.write(mediaId, size, request, response)) {
            chain.doFilter(request, response);
        }
    }

    /** The rendition a plain query asks for; null for any other query. */
    private static @Nullable RenditionSize size(@Nullable String query) {
        if (query == null) {
            return RenditionSize.ORIGINAL;
        }
        return switch (query) {
            case "size=64" -> RenditionSize.SQUARE_64;
            case "size=150", "thumbnail=true" -> RenditionSize.THUMBNAIL;
            case "size=512" -> RenditionSize.SQUARE_512;
            case "thumbnail=false" -> RenditionSize.ORIGINAL;
            default -> null;
        };
    }

    private static @Nullable UUID mediaId(String uri) {
        for (String prefix : PREFIXES) {
            if (uri.length() == prefix.length() + UUID_LENGTH && uri.startsWith(prefix)) {
                try {
                    return UUID.fromString(uri.substring(prefix.length()));
                } catch (IllegalArgumentException ex) {
                    return null;
                }
            }
        }
        return null;
    }
}
