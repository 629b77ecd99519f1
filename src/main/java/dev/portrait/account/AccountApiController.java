package dev.portrait.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
@Tag(name = "Accounts", description = "Register, log in, rotate and revoke tokens")
class AccountApiController {

    private final AccountService accounts;

    AccountApiController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/auth/register")
    @Operation(summary = "Create an account")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "`validation_failed`: field errors in `errors`")
    @ApiResponse(responseCode = "409", description = "`email_taken` or `username_taken`")
    ResponseEntity<UserAccount> register(@Valid @RequestBody RegisterRequest request) {
        UserAccount account = accounts.register(request.email(), request.username(), request.password());
        return ResponseEntity.created(URI.create("/api/users/" + account.id() + "/profile"))
                .body(account);
    }

    @PostMapping("/auth/login")
    @Operation(summary = "Exchange email and password for an access token and a refresh token")
    @ApiResponse(responseCode = "200", description = "Logged in")
    @ApiResponse(
            responseCode = "401",
            description = "`invalid_credentials`, for an unknown email and a wrong password alike")
    @ApiResponse(responseCode = "429", description = "`rate_limited`: too many failed logins; see `Retry-After`")
    TokenResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        return TokenResponse.of(accounts.login(request.email(), request.password(), http.getRemoteAddr()));
    }

    @PostMapping("/auth/refresh")
    @Operation(summary = "Swap a refresh token for a new pair; the old refresh token stops working")
    @ApiResponse(responseCode = "200", description = "New pair")
    @ApiResponse(responseCode = "401", description = "`invalid_token` (unknown, used or revoked) or `token_expired`")
    TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
        return TokenResponse.of(accounts.refresh(request.refreshToken()));
    }

    @PostMapping("/auth/logout")
    @Operation(summary = "Revoke a refresh token and every token rotated from the same login")
    @ApiResponse(responseCode = "204", description = "Logged out")
    ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
        accounts.logout(request.refreshToken());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/users/me")
    @Operation(summary = "The account the access token belongs to")
    @SecurityRequirement(name = "bearer")
    @ApiResponse(responseCode = "200", description = "The account")
    UserAccount me(AuthenticatedUser user) {
        return accounts.find(user.id()).orElseThrow(() -> new IllegalStateException("Token of a user that vanished"));
    }
}
