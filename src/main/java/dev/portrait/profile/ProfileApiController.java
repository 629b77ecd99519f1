package dev.portrait.profile;

import dev.portrait.account.AuthenticatedUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Profiles", description = "One profile per account: bio and picture")
class ProfileApiController {

    private final ProfileService profiles;

    ProfileApiController(ProfileService profiles) {
        this.profiles = profiles;
    }

    @PostMapping("/api/profiles")
    @Operation(summary = "Create the caller's profile")
    @SecurityRequirement(name = "bearer")
    @ApiResponse(responseCode = "201", description = "Created; Location names the public profile")
    @ApiResponse(responseCode = "400", description = "`validation_failed`")
    @ApiResponse(responseCode = "409", description = "`profile_exists`")
    ResponseEntity<Profile> create(AuthenticatedUser user, @Valid @RequestBody ProfileRequest request) {
        Profile profile = profiles.createProfile(user.id(), request.bio() == null ? "" : request.bio());
        return ResponseEntity.created(URI.create("/api/users/" + profile.userId() + "/profile"))
                .body(profile);
    }

    @GetMapping("/api/profiles/me")
    @Operation(summary = "The caller's profile")
    @SecurityRequirement(name = "bearer")
    @ApiResponse(responseCode = "200", description = "The profile")
    @ApiResponse(responseCode = "404", description = "`profile_not_found`")
    Profile mine(AuthenticatedUser user) {
        return profiles.profile(user.id());
    }

    @PatchMapping("/api/profiles/me")
    @Operation(summary = "Change the caller's profile; fields left out stay as they are")
    @SecurityRequirement(name = "bearer")
    @ApiResponse(responseCode = "200", description = "The changed profile")
    @ApiResponse(responseCode = "400", description = "`validation_failed`")
    @ApiResponse(responseCode = "404", description = "`profile_not_found`")
    Profile update(AuthenticatedUser user, @Valid @RequestBody ProfileRequest request) {
        String bio = request.bio();
        return bio == null ? profiles.profile(user.id()) : profiles.changeBio(user.id(), bio);
    }

    @GetMapping("/api/users/{userId}/profile")
    @Operation(summary = "Anyone's public profile (no email)")
    @ApiResponse(responseCode = "200", description = "The profile")
    @ApiResponse(responseCode = "404", description = "`profile_not_found`")
    Profile ofUser(@PathVariable UUID userId) {
        return profiles.profile(userId);
    }
}
