package dev.portrait.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where blobs (profile pictures) are kept.
 *
 * @param type Which store keeps blobs: "filesystem" (the default) or "s3".
 * @param directory Root directory of the filesystem store. Defaults to "media" inside
 *     portrait.data-dir.
 * @param s3 Settings of the S3 store, used when the type is "s3".
 */
@ConfigurationProperties("portrait.storage")
@Validated
record StorageProperties(
        @DefaultValue("filesystem") @NotNull Type type,
        @Nullable Path directory,
        @DefaultValue @Valid S3 s3) {

    StorageProperties {
        if (type == Type.S3) {
            s3.checkUsable();
        }
    }

    /** The store implementations. */
    enum Type {
        /** Files under a local directory. */
        FILESYSTEM,
        /** Objects in an S3 (or S3-compatible) bucket. */
        S3
    }

    /**
     * Settings of the S3 store.
     *
     * @param bucket Bucket holding the blobs. Required for the S3 store, which does not create
     *     it.
     * @param region Region of the bucket.
     * @param endpoint S3 API endpoint, for S3-compatible servers. Defaults to AWS.
     * @param pathStyle Whether to put the bucket in the URL path instead of the host name, as
     *     most S3-compatible servers need.
     * @param accessKey Access key id. When neither this nor secret-key is set, credentials come
     *     from the AWS default chain (environment, profile, instance role).
     * @param secretKey Secret access key, set together with access-key.
     * @param prefix Key prefix for every blob, such as "portrait/". A missing trailing slash is
     *     added.
     */
    record S3(
            @Nullable String bucket,
            @DefaultValue("us-east-1") @NotBlank String region,
            @Nullable URI endpoint,
            boolean pathStyle,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @DefaultValue("") String prefix) {

        S3 {
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            if (!prefix.matches("([A-Za-z0-9][A-Za-z0-9._-]*/)*")) {
                throw new IllegalArgumentException(
                        "portrait.storage.s3.prefix must be path segments of letters, digits, '.', '_' and '-',"
                                + " not starting with '.': \"%s\"".formatted(prefix));
            }
            if (endpoint != null) {
                String scheme = endpoint.getScheme();
                if (scheme == null
                        || !(scheme.toLowerCase(Locale.ROOT).equals("http")
                                || scheme.toLowerCase(Locale.ROOT).equals("https"))
                        || endpoint.getHost() == null) {
                    throw new IllegalArgumentException(
                            "portrait.storage.s3.endpoint must be an http or https URL: \"%s\"".formatted(endpoint));
                }
            }
            if ((accessKey == null) != (secretKey == null)) {
                throw new IllegalArgumentException(
                        "portrait.storage.s3.access-key and portrait.storage.s3.secret-key must be set together");
            }
        }

        // Records print every component; the secret must not reach a log line this way.
        @Override
        public String toString() {
            return "S3[bucket=%s, region=%s, endpoint=%s, pathStyle=%s, accessKey=%s, secretKey=%s, prefix=%s]"
                    .formatted(
                            bucket,
                            region,
                            endpoint,
                            pathStyle,
                            accessKey,
                            secretKey == null ? null : "******",
                            prefix);
        }

        private void checkUsable() {
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException(
                        "portrait.storage.s3.bucket must be set when portrait.storage.type is s3");
            }
        }
    }
}
