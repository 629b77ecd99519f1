package dev.portrait.profile;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

final class ProfileNotFoundException extends ProblemException {

    ProfileNotFoundException() {
        super(HttpStatus.NOT_FOUND, "profile_not_found", "Profile not found", "There is no profile for this user.");
    }
}
