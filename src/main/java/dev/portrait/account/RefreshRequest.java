package dev.portrait.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {

    // Spring MVC traces request bodies with toString(); a refresh token must not reach a log.
    @Override
    public String toString() {
        return "RefreshRequest[refreshToken=(hidden)]";
    }
}
