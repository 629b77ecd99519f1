package dev.portrait.media;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class MediaFileFilterConfiguration {

    /** First of all filters, and only on the picture paths, so other requests never see it. */
    @Bean
    FilterRegistrationBean<MediaFileFilter> mediaFileFilter(PictureFiles files) {
        FilterRegistrationBean<MediaFileFilter> registration = new FilterRegistrationBean<>(new MediaFileFilter(files));
        registration.addUrlPatterns("/api/media/*", "/api/users/media/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
