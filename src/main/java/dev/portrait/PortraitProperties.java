package dev.portrait;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every feature.
 *
 * @param dataDir where the embedded database, media files and the generated signing key live
 *     ({@code PORTRAIT_DATA_DIR})
 */
@ConfigurationProperties("portrait")
public record PortraitProperties(@DefaultValue("./data") Path dataDir) {}
