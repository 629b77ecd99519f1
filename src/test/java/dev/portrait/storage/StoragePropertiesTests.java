package dev.portrait.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoragePropertiesTests {

    @Test
    void s3ToStringWhenSecretKeySetThenMasksIt() {
        StorageProperties.S3 s3 = s3("id", "very-secret", "");

        assertThat(s3.toString()).doesNotContain("very-secret").contains("accessKey=id", "secretKey=******");
    }

    @Test
    void s3WhenPrefixLacksTrailingSlashThenAddsIt() {
        assertThat(s3(null, null, "portrait/media").prefix()).isEqualTo("portrait/media/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/abs", "a//b", "../x", "a/./b", ".hidden", "a b", "a\\b"})
    void s3WhenPrefixNotPlainSegmentsThenRefused(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> s3(null, null, prefix));
    }

    @Test
    void storagePropertiesWhenFilesystemThenS3BucketNotRequired() {
        StorageProperties properties =
                new StorageProperties(StorageProperties.Type.FILESYSTEM, null, s3(null, null, ""));

        assertThat(properties.s3().bucket()).isNull();
    }

    private static StorageProperties.S3 s3(String accessKey, String secretKey, String prefix) {
        return new StorageProperties.S3(
                null, "us-east-1", URI.create("http://127.0.0.1:9000"), true, accessKey, secretKey, prefix);
    }
}
