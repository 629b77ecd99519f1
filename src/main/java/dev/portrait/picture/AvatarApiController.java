package dev.portrait.picture;

import dev.portrait.ProblemException;
import dev.portrait.account.AccountService;
import dev.portrait.account.UserAccount;
import dev.portrait.media.MediaService;
import dev.portrait.media.Picture;
import dev.portrait.media.RenditionSize;
import dev.portrait.profile.Profile;
import dev.portrait.profile.ProfileService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Pictures")
class AvatarApiController {

    private static final String SVG = "image/svg+xml";

    private final AccountService accounts;
    private final ProfileService profiles;
    private final MediaService media;

    AvatarApiController(AccountService accounts, ProfileService profiles, MediaService media) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.media = media;
    }

    @GetMapping("/api/users/{userId}/avatar")
    @Operation(
            summary = "Anyone's avatar, for an <img> tag",
            description = "302 to the current picture's square of that size, or, with no picture, an SVG of the "
                    + "user's initial on a colour of their own. Not cached, so a new picture shows at once; the "
                    + "picture it redirects to is cached for ever.")
    @ApiResponse(responseCode = "302", description = "Location: the square rendition")
    @ApiResponse(responseCode = "200", description = "image/svg+xml initial, when there is no picture")
    @ApiResponse(responseCode = "400", description = "`invalid_size`")
    @ApiResponse(responseCode = "404", description = "`user_not_found`")
    ResponseEntity<String> avatar(
            @PathVariable UUID userId,
            @Parameter(description = "64, 150 (default) or 512") @RequestParam(defaultValue = "150") String size) {
        RenditionSize square = RenditionSize.square(size);
        UserAccount account = accounts.find(userId).orElseThrow(UserNotFoundException::new);
        Picture picture = profiles.findProfile(userId).map(Profile::picture).orElse(null);
        if (picture != null) {
            return ResponseEntity.status(HttpStatus.FOUND)
                    .location(URI.create(media.url(picture.mediaId(), square)))
                    .cacheControl(CacheControl.noCache())
                    .build();
        }
        return ResponseEntity.ok()
                .header("Content-Type", SVG)
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .body(InitialsAvatar.svg(userId, account.username(), Integer.parseInt(square.renditionName())));
    }

    static final class UserNotFoundException extends ProblemException {

        private static final long serialVersionUID = 1L;

        UserNotFoundException() {
            super(HttpStatus.NOT_FOUND, "user_not_found", "User not found", "There is no user with this id.");
        }
    }
}
