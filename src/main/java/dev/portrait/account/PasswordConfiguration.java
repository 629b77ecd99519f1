package dev.portrait.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    /** Argon2id (16 MiB, 2 passes): unlike bcrypt it takes all 128 characters we allow into account. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new PlatformThreadPasswordEncoder(
                Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                Runtime.getRuntime().availableProcessors());
    }
}
