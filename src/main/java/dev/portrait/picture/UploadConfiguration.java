package dev.portrait.picture;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartResolver;

/**
 * An oversized upload costs no more than the limit, and usually nothing: the servlet container
 * refuses a multipart body whose Content-Length is over the limit without reading it and stops
 * reading as soon as a file passes {@link UploadProperties#maxBytes()}, and a multipart body
 * without a length is refused unread ({@link DeclaredLengthMultipartResolver}).
 */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

    /** Room for the form's other fields (the bio) and the part headers. */
    private static final DataSize FORM_OVERHEAD = DataSize.ofKilobytes(64);

    @Bean
    MultipartConfigElement multipartConfigElement(UploadProperties uploads) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(uploads.maxBytes());
        factory.setMaxRequestSize(DataSize.ofBytes(uploads.maxBytes().toBytes() + FORM_OVERHEAD.toBytes()));
        // Keep parts in memory: they are read whole right away, and no temporary file can be left over.
        factory.setFileSizeThreshold(DataSize.ofBytes(uploads.maxBytes().toBytes() + 1));
        return factory.createMultipartConfig();
    }

    /** Replaces Boot's resolver (same defaults); the name is the one the DispatcherServlet looks up. */
    @Bean
    MultipartResolver multipartResolver() {
        return new DeclaredLengthMultipartResolver();
    }
}
