package dev.portrait.account;

import java.time.Instant;
import java.util.UUID;

/** An account as stored; never leaves this feature. */
record User(UUID id, String email, String username, String passwordHash, Instant createdAt) {

    UserAccount toAccount() {
        return new UserAccount(id, email, username, createdAt);
    }
}
