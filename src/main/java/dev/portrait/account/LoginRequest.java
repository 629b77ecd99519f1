package dev.portrait.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record LoginRequest(
        @NotNull @Size(max = 254) String email,
        @NotNull @Size(max = 1024) String password) {

    // Spring MVC traces request bodies with toString(); the password must not reach a log.
    @Override
    public String toString() {
        return "LoginRequest[email=" + email + ", password=(hidden)]";
    }
}
