package dev.portrait.account;

import dev.portrait.ProblemException;
import org.springframework.http.HttpStatus;

/** A refresh token that is unknown, used, revoked or expired: the client must log in again. */
final class RefreshTokenRejectedException extends ProblemException {

    private RefreshTokenRejectedException(String code, String detail) {
        super(HttpStatus.UNAUTHORIZED, code, "Invalid refresh token", detail);
    }

    static RefreshTokenRejectedException invalid() {
        return new RefreshTokenRejectedException(
                "invalid_token", "The refresh token is not valid (unknown, already used or revoked). Log in again.");
    }

    static RefreshTokenRejectedException expired() {
        return new RefreshTokenRejectedException("token_expired", "The refresh token has expired. Log in again.");
    }
}
