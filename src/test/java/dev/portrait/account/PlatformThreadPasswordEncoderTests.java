package dev.portrait.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.portrait.CarrierThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class PlatformThreadPasswordEncoderTests {

    private final PlatformThreadPasswordEncoder encoder = new PlatformThreadPasswordEncoder(
            Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(), CarrierThreads.COUNT);

    @AfterEach
    void close() {
        encoder.close();
    }

    @Test
    void encodeThenMatchesOnlyThatPassword() {
        String hash = encoder.encode("correct horse battery staple");

        assertThat(hash).startsWith("$argon2id$");
        assertThat(encoder.matches("correct horse battery staple", hash)).isTrue();
        assertThat(encoder.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(encoder.upgradeEncoding(hash)).isFalse();
    }

    @Test
    void matchesWhenTheHasherFailsThenTheCallerGetsItsException() {
        PasswordEncoder failing = new PasswordEncoder() {
            @Override
            public String encode(CharSequence rawPassword) {
                throw new IllegalArgumentException("no hash today");
            }

            @Override
            public boolean matches(CharSequence rawPassword, String encodedPassword) {
                throw new IllegalArgumentException("no check today");
            }
        };
        try (PlatformThreadPasswordEncoder offloaded = new PlatformThreadPasswordEncoder(failing, 1)) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> offloaded.matches("secret", "hash"))
                    .withMessage("no check today");
        }
    }

    @Test
    void matchesWhenEveryCarrierHasALoginThenOtherVirtualThreadsStillRun() throws Exception {
        String hash = encoder.encode("correct horse battery staple");

        // Ten checks a login, about a second of CPU that, on the callers' virtual threads, held
        // every carrier.
        CarrierThreads.assertFreeWhileRunning(() -> {
            for (int check = 0; check < 10; check++) {
                encoder.matches("correct horse battery staple", hash);
            }
        });
    }
}
