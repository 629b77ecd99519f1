package dev.portrait.account;

import java.time.Instant;
import java.util.UUID;

/** What other features may know of an account: everything but its password. */
public record UserAccount(UUID id, String email, String username, Instant createdAt) {}
