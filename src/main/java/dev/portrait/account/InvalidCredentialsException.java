package dev.portrait.account;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

final class InvalidCredentialsException extends ProblemException {

    InvalidCredentialsException() {
        super(HttpStatus.UNAUTHORIZED, "invalid_credentials", "Invalid credentials", "The email or password is wrong.");
    }
}
