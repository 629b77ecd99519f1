package dev.portrait.picture;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The servlet container stops reading a multipart body as soon as a file passes {@link
 * UploadProperties#maxBytes()}, so an oversized upload costs no more than the limit.
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
}
