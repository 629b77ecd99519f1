package dev.portrait.picture;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * Parses a multipart body only when the request declares its length. With a Content-Length over the
 * limit the servlet container refuses the body without reading it; without one (a chunked upload)
 * it could only find out by reading up to the limit. So a multipart request without a length is
 * refused with {@code 411 length_required} before a byte of its body is read, whatever its route.
 * Spring Security has already run by then, so an unauthenticated upload is still a 401.
 */
class DeclaredLengthMultipartResolver extends StandardServletMultipartResolver {

    @Override
    public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) {
        if (request.getContentLengthLong() < 0) {
            throw new LengthRequiredException();
        }
        return super.resolveMultipart(request);
    }
}
