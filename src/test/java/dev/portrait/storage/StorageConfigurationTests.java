package dev.portrait.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class StorageConfigurationTests {

    @TempDir
    Path temp;

    final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(StorageConfiguration.class);

    @Test
    void blobStoreWhenTypeNotSetThenFileSystemUnderDataDir() {
        runner.withPropertyValues("portrait.data-dir=" + temp).run(context -> {
            assertThat(context).hasSingleBean(BlobStore.class).hasSingleBean(FileSystemBlobStore.class);
            String key = context.getBean(BlobStore.class).put(new byte[] {1}, "image/png");
            assertThat(temp.resolve("media").resolve(key)).isRegularFile();
        });
    }

    @Test
    void blobStoreWhenTypeFilesystemAndDirectorySetThenUsesDirectory() {
        Path directory = temp.resolve("pictures");
        runner.withPropertyValues("portrait.storage.type=filesystem", "portrait.storage.directory=" + directory)
                .run(context -> {
                    String key = context.getBean(BlobStore.class).put(new byte[] {1}, "image/png");
                    assertThat(directory.resolve(key)).isRegularFile();
                });
    }

    @Test
    void startWhenStaleTemporaryFilesThenDeletesThem() throws IOException {
        Path tmp = Files.createDirectories(temp.resolve("media").resolve(".tmp"));
        Path stale = Files.write(tmp.resolve("put-1.tmp"), "image/png\n".getBytes(US_ASCII));
        Files.setLastModifiedTime(
                stale, FileTime.from(Instant.now().minus(StorageConfiguration.STALE_TEMP_FILE_AGE.multipliedBy(2))));
        Path fresh = Files.write(tmp.resolve("put-2.tmp"), "image/png\n".getBytes(US_ASCII));

        runner.withPropertyValues("portrait.data-dir=" + temp).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(stale).doesNotExist();
            assertThat(fresh).exists();
        });
    }

    @Test
    void blobStoreWhenTypeS3ThenS3BlobStoreWithoutContactingS3() {
        runner.withPropertyValues(
                        "portrait.storage.type=s3",
                        "portrait.storage.s3.bucket=pictures",
                        "portrait.storage.s3.access-key=id",
                        "portrait.storage.s3.secret-key=secret")
                .run(context -> assertThat(context)
                        .hasSingleBean(BlobStore.class)
                        .hasSingleBean(S3BlobStore.class)
                        .doesNotHaveBean(FileSystemBlobStore.class));
    }

    @Test
    @ExtendWith(S3ProxyExtension.class)
    void blobStoreWhenS3SetThroughEnvironmentVariablesThenStoresInBucket(S3ProxyServer server) {
        Map<String, Object> environment = Map.of(
                "PORTRAIT_STORAGE_TYPE",
                "s3",
                "PORTRAIT_STORAGE_S3_BUCKET",
                S3ProxyServer.BUCKET,
                "PORTRAIT_STORAGE_S3_ENDPOINT",
                server.endpoint().toString(),
                "PORTRAIT_STORAGE_S3_PATHSTYLE",
                "true",
                "PORTRAIT_STORAGE_S3_ACCESSKEY",
                server.accessKey(),
                "PORTRAIT_STORAGE_S3_SECRETKEY",
                server.secretKey(),
                "PORTRAIT_STORAGE_S3_PREFIX",
                "from-env");
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                .run(context -> {
                    BlobStore store = context.getBean(BlobStore.class);
                    assertThat(store).isInstanceOf(S3BlobStore.class);
                    String key = store.put(new byte[] {1, 2, 3}, "image/jpeg");
                    assertThat(store.get(key)).hasValue(new Blob(new byte[] {1, 2, 3}, "image/jpeg"));
                    try (var client = server.client()) {
                        assertThat(client.headObject(request -> request.bucket(S3ProxyServer.BUCKET)
                                                .key("from-env/" + key))
                                        .contentLength())
                                .isEqualTo(3);
                    }
                });
    }

    @Nested
    class StartupFailures {

        @Test
        void startWhenS3WithoutBucketThenFails() {
            runner.withPropertyValues("portrait.storage.type=s3").run(context -> assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("portrait.storage.s3.bucket must be set"));
        }

        @Test
        void startWhenTypeUnknownThenFails() {
            runner.withPropertyValues("portrait.storage.type=gcs")
                    .run(context -> assertThat(context).getFailure().hasStackTraceContaining("portrait.storage.type"));
        }

        @Test
        void startWhenAccessKeyWithoutSecretKeyThenFails() {
            runner.withPropertyValues(
                            "portrait.storage.type=s3",
                            "portrait.storage.s3.bucket=pictures",
                            "portrait.storage.s3.access-key=id")
                    .run(context ->
                            assertThat(context).getFailure().rootCause().hasMessageContaining("must be set together"));
        }

        @Test
        void startWhenEndpointNotHttpThenFails() {
            runner.withPropertyValues(
                            "portrait.storage.type=s3",
                            "portrait.storage.s3.bucket=pictures",
                            "portrait.storage.s3.endpoint=file:///etc")
                    .run(context ->
                            assertThat(context).getFailure().rootCause().hasMessageContaining("http or https URL"));
        }

        @Test
        void startWhenPrefixHasDotSegmentThenFails() {
            runner.withPropertyValues(
                            "portrait.storage.type=s3",
                            "portrait.storage.s3.bucket=pictures",
                            "portrait.storage.s3.prefix=media/../other")
                    .run(context -> assertThat(context)
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("portrait.storage.s3.prefix"));
        }

        @Test
        void startWhenRegionBlankThenFails() {
            runner.withPropertyValues(
                            "portrait.storage.type=s3",
                            "portrait.storage.s3.bucket=pictures",
                            "portrait.storage.s3.region= ")
                    .run(context -> assertThat(context).getFailure().hasStackTraceContaining("region"));
        }
    }
}
