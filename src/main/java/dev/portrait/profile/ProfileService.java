package dev.portrait.profile;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, reading and changing profiles; each write is one transaction. */
@Service
public class ProfileService {

    private final ProfileRepository profiles;
    private final Clock clock;

    ProfileService(ProfileRepository profiles, Clock clock) {
        this.profiles = profiles;
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
        return profiles.find(userId).map(Profile::of).orElseThrow(ProfileNotFoundException::new);
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
