package dev.portrait.account;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.portrait.PortraitProperties;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Signs and checks access tokens with one HS256 key. */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    @Bean
    SecretKey tokenSigningKey(AuthProperties auth, PortraitProperties portrait) {
        return SigningKeys.load(auth, portrait);
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey tokenSigningKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(tokenSigningKey));
    }

    /**
     * Accepts only HS256 tokens signed with our key (so {@code alg: none} and foreign keys fail),
     * unexpired, whose subject is a user that still exists.
     */
    @Bean
    JwtDecoder jwtDecoder(SecretKey tokenSigningKey, UserRepository users) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(tokenSigningKey)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), existingUser(users)));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> existingUser(UserRepository users) {
        OAuth2Error unknown = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token's user does not exist", null);
        return jwt -> {
            String subject = jwt.getSubject();
            if (subject == null) {
                return OAuth2TokenValidatorResult.failure(unknown);
            }
            try {
                return users.exists(UUID.fromString(subject))
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(unknown);
            } catch (IllegalArgumentException notUuid) {
                return OAuth2TokenValidatorResult.failure(unknown);
            }
        };
    }
}
