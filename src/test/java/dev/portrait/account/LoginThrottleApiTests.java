package dev.portrait.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** Failed logins are limited per account and per address; these tests run with small limits. */
@ApiTest
@TestPropertySource(properties = {"portrait.auth.login-failures-per-account=3"})
class LoginThrottleApiTests {

    // A spy on the real encoder, to see that an unknown email costs a hash check like a wrong password.
    @MockitoSpyBean
    PasswordEncoder passwords;

    @Autowired
    ApiClient api;

    private Response login(String email, String password) {
        return api.post("/api/auth/login", Map.of("email", email, "password", password));
    }

    @Test
    void loginWhenAccountFailedThreeTimesThen429EvenWithRightPassword() {
        TestUser user = api.newUser();
        for (int i = 0; i < 3; i++) {
            assertThat(login(user.email(), "wrong guess " + i).status()).isEqualTo(401);
        }

        Response blocked = login(user.email(), user.password());

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.code()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 15 * 60L);
    }

    @Test
    void loginWhenOtherAccountThrottledThenThisOneUnaffected() {
        TestUser victim = api.newUser();
        TestUser bystander = api.newUser();
        for (int i = 0; i < 4; i++) {
            login(victim.email(), "wrong guess " + i);
        }

        assertThat(login(bystander.email(), bystander.password()).status()).isEqualTo(200);
    }

    @Test
    void loginWhenEmailUnknownThenPasswordHashCheckedAnyway() {
        login("ghost@example.com", "whatever it is");

        verify(passwords, times(1)).matches(anyString(), anyString());
    }
}
