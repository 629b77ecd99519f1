package dev.portrait.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@ApiTest
@TestPropertySource(properties = {"portrait.auth.login-failures-per-address=5"})
class AddressThrottleApiTests {

    @Autowired
    ApiClient api;

    @Test
    void loginWhenOneAddressFailsAcrossManyAccountsThen429() {
        for (int i = 0; i < 5; i++) {
            Response failed =
                    api.post("/api/auth/login", Map.of("email", "spray" + i + "@example.com", "password", "guess"));
            assertThat(failed.status()).isEqualTo(401);
        }

        Response blocked = api.post("/api/auth/login", Map.of("email", "spray9@example.com", "password", "guess"));

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.code()).isEqualTo("rate_limited");
        assertThat(blocked.header("Retry-After")).isNotBlank();
    }
}
