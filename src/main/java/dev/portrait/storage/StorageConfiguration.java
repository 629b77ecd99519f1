package dev.portrait.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Creates the {@link BlobStore} chosen by {@code portrait.storage.type}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    // Long enough that no put still in progress, even in another instance sharing the directory,
    // owns a temporary file this old.
    static final Duration STALE_TEMP_FILE_AGE = Duration.ofHours(1);

    @Bean
    @ConditionalOnProperty(
            prefix = "portrait.storage",
            name = "type",
            havingValue = "filesystem",
            matchIfMissing = true)
    FileSystemBlobStore fileSystemBlobStore(StorageProperties properties, Environment environment) {
        Path directory = properties.directory() != null
                ? properties.directory()
                : Path.of(environment.getProperty("portrait.data-dir", "./data"), "media");
        FileSystemBlobStore store = new FileSystemBlobStore(directory);
        int deleted = store.deleteStaleTempFiles(Instant.now().minus(STALE_TEMP_FILE_AGE));
        if (deleted > 0) {
            log.info("Deleted {} temporary files left by interrupted uploads in {}", deleted, directory);
        }
        return store;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "portrait.storage", name = "type", havingValue = "s3")
    static class S3StorageConfiguration {

        @Bean
        S3Client portraitS3Client(StorageProperties properties) {
            return s3Client(properties.s3());
        }

        @Bean
        S3BlobStore s3BlobStore(S3Client portraitS3Client, StorageProperties properties) {
            StorageProperties.S3 s3 = properties.s3();
            // StorageProperties refuses to bind type s3 without a bucket.
            String bucket = Objects.requireNonNull(s3.bucket());
            return new S3BlobStore(portraitS3Client, bucket, s3.prefix());
        }
    }

    static S3Client s3Client(StorageProperties.S3 s3) {
        S3ClientBuilder builder = S3Client.builder()
                // The lightest blocking transport; pictures are small and requests are few.
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                .credentialsProvider(credentials(s3));
        if (s3.endpoint() != null) {
            // Many S3-compatible servers reject the streaming checksums AWS S3 accepts by default.
            builder.endpointOverride(s3.endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StorageProperties.S3 s3) {
        String accessKey = s3.accessKey();
        String secretKey = s3.secretKey();
        if (accessKey != null && secretKey != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
