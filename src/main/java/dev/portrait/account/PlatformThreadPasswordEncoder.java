package dev.portrait.account;

import dev.portrait.PlatformThreads;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes and checks passwords on a pool of platform threads, one per core ({@link PlatformThreads}).
 * An Argon2 check is about 70 ms of CPU: on the requests' virtual threads two logins at once held
 * both carriers of a two-core machine, and a picture file's p99 went from 3 ms to 76 ms. Logins
 * beyond one per core wait their turn instead of taking every core.
 */
final class PlatformThreadPasswordEncoder implements PasswordEncoder, AutoCloseable {

    private final PasswordEncoder hashes;

    private final ExecutorService hashers;

    PlatformThreadPasswordEncoder(PasswordEncoder hashes, int threads) {
        this.hashes = hashes;
        this.hashers = PlatformThreads.pool("password-hash", threads);
    }

    @Override
    public @Nullable String encode(@Nullable CharSequence rawPassword) {
        return PlatformThreads.await(hashers.submit(() -> hashes.encode(rawPassword)));
    }

    @Override
    public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
        return PlatformThreads.await(hashers.submit(() -> hashes.matches(rawPassword, encodedPassword)));
    }

    @Override
    public boolean upgradeEncoding(@Nullable String encodedPassword) {
        return hashes.upgradeEncoding(encodedPassword);
    }

    @Override
    public void close() {
        hashers.shutdown();
    }
}
