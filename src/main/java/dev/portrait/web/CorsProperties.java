package dev.portrait.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser front ends on other origins.
 *
 * @param allowedOrigins origins (scheme://host[:port]) allowed to call the API from a browser
 *     ({@code PORTRAIT_CORS_ALLOWED_ORIGINS}, comma-separated); none by default
 */
@ConfigurationProperties("portrait.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {

    public CorsProperties {
        for (String origin : allowedOrigins) {
            if (origin.equals("*")) {
                throw new IllegalArgumentException(
                        "portrait.cors.allowed-origins must list origins; '*' would let any site use a user's token");
            }
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
