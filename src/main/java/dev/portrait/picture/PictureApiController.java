package dev.portrait.picture;

import dev.portrait.account.AuthenticatedUser;
import dev.portrait.profile.Bio;
import dev.portrait.profile.Profile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "Pictures", description = "Upload, replace and remove the caller's profile picture")
@SecurityRequirement(name = "bearer")
class PictureApiController {

    private static final String ACCEPTED = "JPEG, PNG, GIF (first frame), BMP, WebP or HEIC/HEIF, judged by content";
    private static final String IMAGE_REFUSALS =
            "`file_too_large`, `unsupported_format`, `corrupt_image`, `image_too_large`";
    private static final String LENGTH_REQUIRED =
            "`length_required`: the body has no Content-Length (sent chunked); refused before it is read";

    private final PictureService pictures;

    PictureApiController(PictureService pictures) {
        this.pictures = pictures;
    }

    @PostMapping(
            path = {"/api/users/me/profile/picture", "/api/users/me/profile/picture/"},
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload or replace the caller's picture",
            description = ACCEPTED + ". Creates a profile with an empty bio if there is none. "
                    + "The old picture's URLs answer 404 at once.")
    @ApiResponse(responseCode = "200", description = "The picture is in place")
    @ApiResponse(responseCode = "400", description = "`missing_file`, " + IMAGE_REFUSALS)
    @ApiResponse(responseCode = "411", description = LENGTH_REQUIRED)
    @ApiResponse(responseCode = "429", description = "`rate_limited`, with Retry-After")
    PictureResponse upload(
            AuthenticatedUser user, @RequestPart(name = "image", required = false) @Nullable MultipartFile image) {
        return PictureResponse.updated(pictures.replacePicture(user.id(), required(image)));
    }

    @PostMapping(path = "/api/users/{userId}/profile-picture", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload or replace a picture, by user id (the caller's own only)",
            description = ACCEPTED + ".")
    @ApiResponse(responseCode = "200", description = "The picture is in place")
    @ApiResponse(responseCode = "400", description = "`missing_file`, " + IMAGE_REFUSALS)
    @ApiResponse(responseCode = "403", description = "`forbidden`: not the caller's id")
    @ApiResponse(responseCode = "411", description = LENGTH_REQUIRED)
    @ApiResponse(responseCode = "429", description = "`rate_limited`, with Retry-After")
    PictureResponse uploadFor(
            AuthenticatedUser user,
            @PathVariable UUID userId,
            @RequestPart(name = "image", required = false) @Nullable MultipartFile image) {
        return upload(own(user, userId), image);
    }

    @DeleteMapping({"/api/users/me/profile/picture", "/api/users/me/profile/picture/"})
    @Operation(summary = "Remove the caller's picture; its URLs answer 404 at once")
    @ApiResponse(responseCode = "200", description = "The picture is gone")
    @ApiResponse(responseCode = "404", description = "`profile_not_found`, `picture_not_found`")
    PictureResponse remove(AuthenticatedUser user) {
        return PictureResponse.deleted(pictures.removePicture(user.id()));
    }

    @DeleteMapping("/api/users/{userId}/profile-picture")
    @Operation(summary = "Remove a picture, by user id (the caller's own only)")
    @ApiResponse(responseCode = "200", description = "The picture is gone")
    @ApiResponse(responseCode = "403", description = "`forbidden`: not the caller's id")
    @ApiResponse(responseCode = "404", description = "`profile_not_found`, `picture_not_found`")
    PictureResponse removeFor(AuthenticatedUser user, @PathVariable UUID userId) {
        return remove(own(user, userId));
    }

    @PostMapping(path = "/api/profiles", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Create the caller's profile with a picture",
            description = "Form fields `bio` and, optionally, `image` (" + ACCEPTED + "). All or nothing.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the public profile")
    @ApiResponse(responseCode = "400", description = "`validation_failed`, " + IMAGE_REFUSALS)
    @ApiResponse(responseCode = "409", description = "`profile_exists`")
    @ApiResponse(responseCode = "411", description = LENGTH_REQUIRED)
    @ApiResponse(responseCode = "429", description = "`rate_limited`, with Retry-After")
    ResponseEntity<Profile> create(
            AuthenticatedUser user,
            @Parameter(description = "At most 500 characters") @RequestParam(required = false) @Bio @Nullable
                    String bio,
            @RequestPart(name = "image", required = false) @Nullable MultipartFile image) {
        Profile profile = pictures.createProfile(user.id(), bio == null ? "" : bio, optional(image));
        return ResponseEntity.created(URI.create("/api/users/" + profile.userId() + "/profile"))
                .body(profile);
    }

    @PatchMapping(path = "/api/profiles/me", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Change the caller's bio, picture or both",
            description = "Form fields `bio` and `image`, each optional. All or nothing: a refused image "
                    + "leaves the bio unchanged too.")
    @ApiResponse(responseCode = "200", description = "The changed profile")
    @ApiResponse(responseCode = "400", description = "`validation_failed`, " + IMAGE_REFUSALS)
    @ApiResponse(responseCode = "404", description = "`profile_not_found`")
    @ApiResponse(responseCode = "411", description = LENGTH_REQUIRED)
    @ApiResponse(responseCode = "429", description = "`rate_limited`, with Retry-After")
    Profile update(
            AuthenticatedUser user,
            @Parameter(description = "At most 500 characters") @RequestParam(required = false) @Bio @Nullable
                    String bio,
            @RequestPart(name = "image", required = false) @Nullable MultipartFile image) {
        return pictures.updateProfile(user.id(), bio, optional(image));
    }

    private static AuthenticatedUser own(AuthenticatedUser user, UUID userId) {
        if (!user.id().equals(userId)) {
            throw new NotYourProfileException();
        }
        return user;
    }

    private static Upload required(@Nullable MultipartFile image) {
        Upload upload = optional(image);
        if (upload == null) {
            throw new MissingFileException();
        }
        return upload;
    }

    private static @Nullable Upload optional(@Nullable MultipartFile image) {
        if (image == null) {
            return null;
        }
        try {
            return new Upload(image.getBytes(), image.getOriginalFilename());
        } catch (IOException ex) {
            throw new UncheckedIOException("Could not read the uploaded part", ex);
        }
    }
}
