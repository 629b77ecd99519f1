package dev.portrait.account;

import dev.portrait.ratelimit.RateLimiter;
import dev.portrait.ratelimit.RateLimiters;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration, login, token rotation and logout. */
@Service
public class AccountService {

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final Tokens tokens;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final RateLimiter failuresPerAccount;
    private final RateLimiter failuresPerAddress;
    // Checked when the email is unknown, so that a miss costs what a wrong password costs.
    private final String decoyHash;

    AccountService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            Tokens tokens,
            PasswordEncoder passwords,
            AuthProperties properties,
            RateLimiters limiters,
            Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.passwords = passwords;
        this.clock = clock;
        this.failuresPerAccount = limiters.limiter(
                "login-failures-account",
                "failed logins for this account",
                properties.loginFailuresPerAccount(),
                properties.loginFailureWindow());
        this.failuresPerAddress = limiters.limiter(
                "login-failures-address",
                "failed logins from this address",
                properties.loginFailuresPerAddress(),
                properties.loginFailureWindow());
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    /**
     * Creates an account. Uniqueness of email and username (both case-insensitive) is decided by the
     * database, so of two racing registrations exactly one wins.
     *
     * @throws EmailTakenException when the email is registered already
     * @throws UsernameTakenException when the username is taken
     */
    public UserAccount register(String email, String username, String password) {
        if (users.emailTaken(email)) {
            throw new EmailTakenException();
        }
        if (users.usernameTaken(username)) {
            throw new UsernameTakenException();
        }
        User user = new User(UUID.randomUUID(), email, username, passwords.encode(password), now());
        try {
            users.insert(user);
        } catch (DuplicateKeyException raced) {
            throw users.emailTaken(email) ? new EmailTakenException() : new UsernameTakenException();
        }
        return user.toAccount();
    }

    /**
     * Checks the password and starts a new token family. Failures are counted per account and per
     * client address; past the limit the caller gets 429 before the password is even checked.
     *
     * <p>No transaction around it: the lookup and the token's insert are one statement each, and
     * neither the password hash (the slow part) nor the limits, which may take a connection of
     * their own, should hold a pooled connection meanwhile.
     *
     * @throws InvalidCredentialsException for an unknown email and a wrong password alike
     */
    public TokenPair login(String email, String password, String clientAddress) {
        String accountKey = UserRepository.key(email);
        failuresPerAccount.checkAvailable(accountKey);
        failuresPerAddress.checkAvailable(clientAddress);
        User user = users.findByEmail(email).orElse(null);
        String hash = user != null ? user.passwordHash() : decoyHash;
        if (!passwords.matches(password, hash) || user == null) {
            failuresPerAccount.charge(accountKey);
            failuresPerAddress.charge(clientAddress);
            throw new InvalidCredentialsException();
        }
        return tokens.issue(user.id(), UUID.randomUUID());
    }

    /**
     * Swaps a refresh token for a new pair. A token works once: replaying a used or revoked token
     * revokes its whole family, which logs out both the thief and the victim.
     */
    @Transactional(noRollbackFor = RefreshTokenRejectedException.class)
    public TokenPair refresh(String refreshToken) {
        RefreshToken token =
                refreshTokens.findByHash(Tokens.hash(refreshToken)).orElseThrow(RefreshTokenRejectedException::invalid);
        Instant now = now();
        if (token.spent() || !refreshTokens.markUsed(token.id(), now)) {
            refreshTokens.revokeFamily(token.familyId(), now);
            throw RefreshTokenRejectedException.invalid();
        }
        if (!token.expiresAt().isAfter(now)) {
            throw RefreshTokenRejectedException.expired();
        }
        return tokens.issue(token.userId(), token.familyId());
    }

    /** Ends the session the refresh token belongs to; unknown tokens are ignored. */
    @Transactional
    public void logout(String refreshToken) {
        refreshTokens
                .findByHash(Tokens.hash(refreshToken))
                .ifPresent(token -> refreshTokens.revokeFamily(token.familyId(), now()));
    }

    public Optional<UserAccount> find(UUID userId) {
        return users.findById(userId).map(User::toAccount);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
