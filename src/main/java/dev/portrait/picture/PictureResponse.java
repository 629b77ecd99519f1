package dev.portrait.picture;

import dev.portrait.profile.Profile;

/** The answer to a picture change: what happened, in words, and the profile as it is now. */
record PictureResponse(boolean success, String message, Profile profile) {

    static PictureResponse updated(Profile profile) {
        return new PictureResponse(true, "Profile picture updated successfully", profile);
    }

    static PictureResponse deleted(Profile profile) {
        return new PictureResponse(true, "Profile picture deleted successfully", profile);
    }
}
