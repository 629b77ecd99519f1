package dev.portrait.profile;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

final class ProfileExistsException extends ProblemException {

    ProfileExistsException() {
        super(
                HttpStatus.CONFLICT,
                "profile_exists",
                "Profile exists",
                "This account already has a profile; change it with PATCH /api/profiles/me.");
    }
}
