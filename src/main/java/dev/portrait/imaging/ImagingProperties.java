package dev.portrait.imaging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and output settings of the image pipeline.
 *
 * @param maxPixels the largest source image, in pixels (width x height), that is decoded at all;
 *     larger uploads are refused from their header
 * @param maxOriginalSide the long side, in pixels, of the largest rendition; smaller sources are never
 *     enlarged. The square renditions are cut from this one, so it is at least 512
 * @param jpegQuality the JPEG quality (1-100) of every JPEG rendition
 * @param maxConcurrentJobs how many uploads are decoded and encoded at once; 0 means one per
 *     processor core. Further uploads wait their turn
 * @param threads the libvips worker threads the running jobs share; 0 means one per processor core.
 *     A lone job uses them all, so a single upload finishes sooner; jobs running together get an
 *     equal share, at least one each
 */
@ConfigurationProperties("portrait.imaging")
@Validated
public record ImagingProperties(
        @DefaultValue("40000000") @Min(1) long maxPixels,
        @DefaultValue("2048") @Min(512) @Max(16384) int maxOriginalSide,
        @DefaultValue("82") @Min(1) @Max(100) int jpegQuality,
        @DefaultValue("0") @PositiveOrZero int maxConcurrentJobs,
        @DefaultValue("0") @PositiveOrZero int threads) {

    /** The defaults, as they apply when nothing is configured. */
    public static ImagingProperties defaults() {
        return new ImagingProperties(40_000_000, 2048, 82, 0, 0);
    }
}
