package dev.portrait.profile;

import dev.portrait.media.MediaService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Creating, reading and changing profiles; each write is one transaction. */
@Service
public class ProfileService {

    private final ProfileRepository profiles;
    private final MediaService media;
    private final Clock clock;

    ProfileService(ProfileRepository profiles, MediaService media, Clock clock) {
        this.profiles = profiles;
        this.media = media;
        this.clock = clock;
    }

    /**
     * Creates the caller's profile.
     *
     * @throws ProfileExistsException when the account has one already (decided by the database)
     */
    @Transactional
    public Profile createProfile(UUID userId, String bio) {
        try {
            profiles.insert(userId, bio, now());
        } catch (DuplicateKeyException exists) {
            throw new ProfileExistsException();
        }
        return profile(userId);
    }

    /** @throws ProfileNotFoundException when the user has no profile */
    @Transactional(readOnly = true)
    public Profile profile(UUID userId) {
        return findProfile(userId).orElseThrow(ProfileNotFoundException::new);
    }

    /** The user's profile, or empty when the user has none. */
    @Transactional(readOnly = true)
    public Optional<Profile> findProfile(UUID userId) {
        return profiles.find(userId).map(row -> {
            UUID pictureId = row.pictureMediaId();
            return Profile.of(
                    row, pictureId == null ? null : media.picture(pictureId).orElse(null));
        });
    }

    /**
     * Replaces the bio.
     *
     * @throws ProfileNotFoundException when the user has no profile
     */
    @Transactional
    public Profile changeBio(UUID userId, String bio) {
        if (!profiles.updateBio(userId, bio, now())) {
            throw new ProfileNotFoundException();
        }
        return profile(userId);
    }

    /**
     * Makes the caller's transaction the only one changing this user's profile until it ends. Take
     * it before any other write that involves the user: an insert that refers to the user takes a
     * weaker lock on the same row, and upgrading from it later deadlocks on PostgreSQL.
     *
     * @throws ProfileNotFoundException when there is no such user
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockForChange(UUID userId) {
        if (!profiles.lockUser(userId)) {
            throw new ProfileNotFoundException();
        }
    }

    /**
     * Points the profile at another picture, or at none, one change per user at a time; part of the
     * caller's transaction, which retires the previous picture.
     *
     * @param createIfMissing whether a user without a profile gets one with an empty bio
     * @return the previous picture's id, or null when there was none
     * @throws ProfileNotFoundException when the user has no profile and none is to be created
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public @Nullable UUID replacePicture(UUID userId, @Nullable UUID mediaId, boolean createIfMissing) {
        lockForChange(userId);
        Optional<ProfileRow> current = profiles.find(userId);
        if (current.isEmpty()) {
            if (!createIfMissing) {
                throw new ProfileNotFoundException();
            }
            profiles.insert(userId, "", now());
        }
        profiles.updatePicture(userId, mediaId, now());
        return current.map(ProfileRow::pictureMediaId).orElse(null);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
