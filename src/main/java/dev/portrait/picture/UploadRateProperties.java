package dev.portrait.picture;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits on picture work.
 *
 * @param uploadsPerMinute how many picture uploads one user may make in a minute
 */
@ConfigurationProperties("portrait.rate")
@Validated
public record UploadRateProperties(
        @DefaultValue("5") @Min(1) int uploadsPerMinute) {}
