package dev.portrait.account;

import java.util.UUID;

/** The user a request's bearer token speaks for; declare it as a controller method parameter. */
public record AuthenticatedUser(UUID id) {}
