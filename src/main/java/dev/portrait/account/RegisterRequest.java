package dev.portrait.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record RegisterRequest(
        @NotBlank
        @Size(max = 254)
        @Email(regexp = "[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+", message = "must be a valid email address")
        String email,

        @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{3,30}", message = "must be 3 to 30 letters, digits, '_', '.' or '-'")
        String username,

        @NotNull @AcceptablePassword String password) {

    // Spring MVC traces request bodies with toString(); the password must not reach a log.
    @Override
    public String toString() {
        return "RegisterRequest[email=" + email + ", username=" + username + ", password=(hidden)]";
    }
}
