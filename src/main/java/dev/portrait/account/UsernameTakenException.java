package dev.portrait.account;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

final class UsernameTakenException extends ProblemException {

    UsernameTakenException() {
        super(HttpStatus.CONFLICT, "username_taken", "Username taken", "This username is already taken.");
    }
}
