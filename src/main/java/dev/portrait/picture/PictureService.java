package dev.portrait.picture;

import dev.portrait.imaging.ImagePipeline;
import dev.portrait.imaging.ImageRejectedException;
import dev.portrait.imaging.ProcessedImage;
import dev.portrait.media.MediaService;
import dev.portrait.media.StagedMedia;
import dev.portrait.profile.Profile;
import dev.portrait.profile.ProfileService;
import dev.portrait.ratelimit.RateLimiter;
import dev.portrait.ratelimit.RateLimiters;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change to a profile picture, all or nothing. The slow work happens outside the
 * transaction: process the upload, then write its blobs. Then one short transaction records the
 * picture, points the profile at it and retires the previous one. If that transaction fails, the new
 * blobs are deleted again; if the process dies in between, the sweeper finds them.
 */
@Service
public class PictureService {

    private final ImagePipeline pipeline;
    private final MediaService media;
    private final ProfileService profiles;
    private final UploadProperties uploads;
    private final RateLimiter uploadRate;
    private final TransactionTemplate transaction;

    PictureService(
            ImagePipeline pipeline,
            MediaService media,
            ProfileService profiles,
            UploadProperties uploads,
            UploadRateProperties rates,
            RateLimiters limiters,
            PlatformTransactionManager transactionManager) {
        this.pipeline = pipeline;
        this.media = media;
        this.profiles = profiles;
        this.uploads = uploads;
        this.uploadRate =
                limiters.limiter("picture-uploads", "picture uploads", rates.uploadsPerMinute(), Duration.ofMinutes(1));
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** Makes the upload the user's picture, creating a profile with an empty bio if there is none. */
    public Profile replacePicture(UUID userId, Upload upload) {
        return write(userId, upload, staged -> retire(profiles.replacePicture(userId, staged.id(), true)));
    }

    /**
     * Removes the user's picture.
     *
     * @throws PictureNotFoundException when the profile has no picture
     */
    public Profile removePicture(UUID userId) {
        return write(userId, null, none -> {
            UUID previous = profiles.replacePicture(userId, null, false);
            if (previous == null) {
                throw new PictureNotFoundException();
            }
            media.retire(previous);
        });
    }

    /** Creates the user's profile with a bio and, if given, a picture; nothing is kept on failure. */
    public Profile createProfile(UUID userId, String bio, @Nullable Upload upload) {
        return write(userId, upload, staged -> {
            profiles.createProfile(userId, bio);
            if (staged != null) {
                profiles.replacePicture(userId, staged.id(), false);
            }
        });
    }

    /** Changes the bio, the picture or both; nothing is kept on failure. */
    public Profile updateProfile(UUID userId, @Nullable String bio, @Nullable Upload upload) {
        return write(userId, upload, staged -> {
            if (bio != null) {
                profiles.changeBio(userId, bio);
            }
            if (staged != null) {
                retire(profiles.replacePicture(userId, staged.id(), false));
            }
        });
    }

    /**
     * Processes and stages the upload, if any, then runs {@code changes} and records the staged
     * picture in one transaction, and answers with the profile as committed.
     */
    private Profile write(UUID userId, @Nullable Upload upload, Consumer<@Nullable StagedMedia> changes) {
        StagedMedia staged = upload == null ? null : stage(userId, upload);
        try {
            Profile profile = transaction.execute(status -> {
                profiles.lockForChange(userId);
                if (staged != null) {
                    media.record(staged);
                }
                changes.accept(staged);
                return profiles.profile(userId);
            });
            if (profile == null) {
                throw new IllegalStateException("The transaction returned no profile");
            }
            return profile;
        } catch (RuntimeException ex) {
            if (staged != null) {
                media.discard(staged);
            }
            throw ex;
        }
    }

    private StagedMedia stage(UUID userId, Upload upload) {
        uploadRate.consume(userId.toString());
        if (upload.bytes().length == 0) {
            throw new MissingFileException();
        }
        if (upload.bytes().length > uploads.maxBytes().toBytes()) {
            throw new FileTooLargeException(uploads.humanLimit());
        }
        ProcessedImage image;
        try {
            image = pipeline.process(upload.bytes());
        } catch (ImageRejectedException rejected) {
            throw new PictureRejectedException(rejected);
        }
        return media.stage(image, upload.bytes().length, userId, upload.filename());
    }

    private void retire(@Nullable UUID previous) {
        if (previous != null) {
            media.retire(previous);
        }
    }
}
