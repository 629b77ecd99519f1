package dev.portrait.account;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

final class EmailTakenException extends ProblemException {

    EmailTakenException() {
        super(
                HttpStatus.CONFLICT,
                "email_taken",
                "Email already registered",
                "An account with this email already exists.");
    }
}
