package dev.portrait.storage;

import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps blobs as objects in one S3 bucket, under an optional key prefix, with the content type as
 * the object's {@code Content-Type}.
 *
 * <p>Puts are conditional ({@code If-None-Match: *}), so an existing object is never replaced.
 * Objects under the prefix whose keys are not blob keys are ignored by {@link #list()}.
 */
final class S3BlobStore implements BlobStore {

    private static final int PRECONDITION_FAILED = 412;

    // A 128-bit random key only repeats if the random source is broken; then failing beats looping.
    private static final int MAX_KEY_ATTEMPTS = 3;

    private final S3Client s3;

    private final String bucket;

    private final String prefix;

    private final Supplier<BlobKey> keys;

    /**
     * @param prefix empty, or ending with {@code /}; prepended to every blob key
     */
    S3BlobStore(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, prefix, BlobKey::random);
    }

    S3BlobStore(S3Client s3, String bucket, String prefix, Supplier<BlobKey> keys) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("S3 key prefix must be empty or end with '/': \"%s\"".formatted(prefix));
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.keys = keys;
    }

    @Override
    public String put(byte[] content, String contentType) {
        ContentType type = new ContentType(contentType);
        for (int attempt = 1; ; attempt++) {
            BlobKey key = keys.get();
            try {
                s3.putObject(
                        request -> request.bucket(bucket)
                                .key(objectKey(key))
                                .contentType(type.value())
                                .ifNoneMatch("*"),
                        RequestBody.fromBytes(content));
                return key.value();
            } catch (S3Exception ex) {
                if (ex.statusCode() != PRECONDITION_FAILED) {
                    throw new BlobStoreException("Cannot store blob in bucket " + bucket, ex);
                }
                // The SDK retries a put whose answer was lost; if the first try had landed, the retry
                // meets our own object. Random keys do not collide, so the same bytes mean it is ours.
                if (holds(key, content, type)) {
                    return key.value();
                }
                if (attempt == MAX_KEY_ATTEMPTS) {
                    throw new BlobStoreException("Random blob keys keep colliding", ex);
                }
            } catch (SdkException ex) {
                throw new BlobStoreException("Cannot store blob in bucket " + bucket, ex);
            }
        }
    }

    private boolean holds(BlobKey key, byte[] content, ContentType type) {
        try {
            return get(key.value()).equals(Optional.of(new Blob(content, type.value())));
        } catch (BlobStoreException ex) {
            return false;
        }
    }

    @Override
    public Optional<Blob> get(String key) {
        BlobKey blobKey = new BlobKey(key);
        try {
            ResponseBytes<GetObjectResponse> object =
                    s3.getObjectAsBytes(request -> request.bucket(bucket).key(objectKey(blobKey)));
            String contentType = object.response().contentType();
            return Optional.of(new Blob(
                    object.asByteArrayUnsafe(), contentType != null ? contentType : "application/octet-stream"));
        } catch (NoSuchKeyException ex) {
            return Optional.empty();
        } catch (SdkException ex) {
            throw new BlobStoreException("Cannot read blob " + key + " from bucket " + bucket, ex);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>S3 deletes do not say whether the object existed, so this asks first; two concurrent
     * deletes of the same blob may therefore both return {@code true}.
     */
    @Override
    public boolean delete(String key) {
        BlobKey blobKey = new BlobKey(key);
        try {
            try {
                s3.headObject(request -> request.bucket(bucket).key(objectKey(blobKey)));
            } catch (NoSuchKeyException ex) {
                return false;
            }
            s3.deleteObject(request -> request.bucket(bucket).key(objectKey(blobKey)));
            return true;
        } catch (SdkException ex) {
            throw new BlobStoreException("Cannot delete blob " + key + " from bucket " + bucket, ex);
        }
    }

    @Override
    public Stream<StoredKey> list() {
        Iterator<S3Object> objects;
        try {
            // Creating the iterator fetches the first page; later pages come from inside it.
            objects = s3.listObjectsV2Paginator(
                            request -> request.bucket(bucket).prefix(prefix))
                    .contents()
                    .iterator();
        } catch (SdkException ex) {
            throw new BlobStoreException("Cannot list blobs in bucket " + bucket, ex);
        }
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(new TranslatingIterator(objects), Spliterator.NONNULL),
                        false)
                .flatMap(object -> {
                    String key = object.key().substring(prefix.length());
                    return BlobKey.isValid(key) ? Stream.of(new StoredKey(key, object.lastModified())) : Stream.empty();
                });
    }

    private String objectKey(BlobKey key) {
        return prefix + key.value();
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + bucket + "/" + prefix + "]";
    }

    // Keeps failures fetching later pages within the BlobStore contract.
    private final class TranslatingIterator implements Iterator<S3Object> {

        private final Iterator<S3Object> delegate;

        TranslatingIterator(Iterator<S3Object> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean hasNext() {
            try {
                return delegate.hasNext();
            } catch (SdkException ex) {
                throw new BlobStoreException("Cannot list blobs in bucket " + bucket, ex);
            }
        }

        @Override
        public S3Object next() {
            try {
                return delegate.next();
            } catch (SdkException ex) {
                throw new BlobStoreException("Cannot list blobs in bucket " + bucket, ex);
            }
        }
    }
}
