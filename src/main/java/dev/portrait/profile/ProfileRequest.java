package dev.portrait.profile;

import org.jspecify.annotations.Nullable;

/** A profile's writable fields; an absent bio is empty on create and unchanged on update. */
record ProfileRequest(@Bio @Nullable String bio) {}
