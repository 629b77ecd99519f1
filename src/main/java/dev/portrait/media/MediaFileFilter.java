package dev.portrait.media;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * Answers the common picture-file requests ({@code GET} or {@code HEAD} of a live rendition, with
 * no query, {@code size=64|150|512} or {@code thumbnail=true}) ahead of Spring Security and Spring
 * MVC: a page full of avatars is most of a service's traffic, and that stack cost about four
 * fifths of the time of each one. Anything else (an unknown or deleted picture, another query, a
 * cross-origin request that needs CORS headers, another method) goes down the chain unchanged,
 * where the controller, the problem responses and the security rules deal with it. Registered
 * for the picture paths only, in {@link MediaFileFilterConfiguration}.
 *
 * <p>A plain filter, not a {@code OncePerRequestFilter}: it runs on the original request only
 * (never on an error or async dispatch), so that class's request attributes, set and removed on
 * every request, would guard against nothing.
 */
class MediaFileFilter implements Filter {

    private static final String[] PREFIXES = {"/api/media/", "/api/users/media/"};

    private static final int UUID_LENGTH = 36;

    private final PictureFiles files;

    MediaFileFilter(PictureFiles files) {
        this.files = files;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
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
