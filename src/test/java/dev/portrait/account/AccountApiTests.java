package dev.portrait.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

@ApiTest
class AccountApiTests {

    @Autowired
    ApiClient api;

    private static Map<String, String> registration(String email, String username, String password) {
        return Map.of("email", email, "username", username, "password", password);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registerWhenValidThen201WithAccountAndNoPassword() {
        String id = unique();
        Response response = api.post(
                "/api/auth/register", registration("Ann." + id + "@Example.com", "ann_" + id, "a fine long secret"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("email").asString()).isEqualTo("Ann." + id + "@Example.com");
        assertThat(response.json().get("username").asString()).isEqualTo("ann_" + id);
        assertThat(UUID.fromString(response.json().get("id").asString())).isNotNull();
        assertThat(response.json().get("createdAt").asString()).isNotBlank();
        assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("id", "email", "username", "createdAt");
        assertThat(response.text()).doesNotContain("a fine long secret");
    }

    @Test
    void meWhenAuthenticatedThenOwnAccount() {
        TestUser user = api.newUser();

        Response me = api.get("/api/users/me", user.auth());

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asString()).isEqualTo(user.id().toString());
        assertThat(me.json().get("email").asString()).isEqualTo(user.email());
    }

    @Nested
    class RegisterConflicts {

        @Test
        void registerWhenEmailTakenInOtherCaseThen409EmailTaken() {
            TestUser existing = api.newUser();

            Response response = api.post(
                    "/api/auth/register",
                    registration(
                            existing.email().toUpperCase(java.util.Locale.ROOT),
                            "other_" + unique(),
                            "another good secret"));

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.code()).isEqualTo("email_taken");
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }

        @Test
        void registerWhenUsernameTakenInOtherCaseThen409UsernameTaken() {
            TestUser existing = api.newUser();

            Response response = api.post(
                    "/api/auth/register",
                    registration(
                            "other" + unique() + "@example.com",
                            existing.username().toUpperCase(java.util.Locale.ROOT),
                            "another good secret"));

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.code()).isEqualTo("username_taken");
        }

        @Test
        void registerWhenTenRaceForOneEmailThenExactlyOneWins() throws Exception {
            String email = "race" + unique() + "@example.com";
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String username = "racer_" + i + "_" + unique();
                attempts.add(() -> api.post("/api/auth/register", registration(email, username, "racing good secret"))
                        .status());
            }
            List<Integer> statuses = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
                for (Future<Integer> status : pool.invokeAll(attempts)) {
                    statuses.add(status.get());
                }
            }

            assertThat(statuses).containsOnlyOnce(201).filteredOn(s -> s != 201).containsOnly(409);
        }
    }

    @Nested
    class RegisterValidation {

        static Stream<Arguments> invalid() {
            String ok = "a-good-password";
            return Stream.of(
                    Arguments.of("not-an-email", "valid_name", ok, "email"),
                    Arguments.of("a@b", "valid_name", ok, "email"),
                    Arguments.of("", "valid_name", ok, "email"),
                    Arguments.of("x" + "y".repeat(250) + "@example.com", "valid_name", ok, "email"),
                    Arguments.of("ok@example.com", "ab", ok, "username"),
                    Arguments.of("ok@example.com", "a".repeat(31), ok, "username"),
                    Arguments.of("ok@example.com", "has space", ok, "username"),
                    Arguments.of("ok@example.com", "<script>", ok, "username"),
                    Arguments.of("ok@example.com", "émile", ok, "username"),
                    Arguments.of("ok@example.com", "valid_name", "short", "password"),
                    Arguments.of("ok@example.com", "valid_name", "p".repeat(129), "password"),
                    Arguments.of("ok@example.com", "valid_name", "password123", "password"),
                    Arguments.of("ok@example.com", "valid_name", "PASSWORD1", "password"),
                    Arguments.of("ok@example.com", "valid_name", "iloveyou", "password"));
        }

        @ParameterizedTest
        @MethodSource("invalid")
        void registerWhenFieldInvalidThen400WithFieldError(
                String email, String username, String password, String field) {
            Response response = api.post("/api/auth/register", registration(email, username, password));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.code()).isEqualTo("validation_failed");
            assertThat(response.json().get("errors").valueStream().map(error -> error.get("field")
                            .asString()))
                    .isNotEmpty()
                    .containsOnly(field);
        }

        @Test
        void registerWhenFieldsMissingThen400NamingEach() {
            Response response = api.post("/api/auth/register", "{}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("errors").valueStream().map(error -> error.get("field")
                            .asString()))
                    .contains("email", "username", "password");
        }

        @Test
        void registerWhenPasswordHas128CharactersThen201() {
            String id = unique();
            Response response = api.post(
                    "/api/auth/register", registration("long" + id + "@example.com", "long_" + id, "Zq9!".repeat(32)));

            assertThat(response.status()).isEqualTo(201);
        }
    }

    @Nested
    class Login {

        @Test
        void loginWhenCredentialsRightThenBearerPair() {
            TestUser user = api.newUser();

            Response response = api.post("/api/auth/login", Map.of("email", user.email(), "password", user.password()));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("tokenType").asString()).isEqualTo("Bearer");
            assertThat(response.json().get("expiresIn").asLong()).isEqualTo(900);
            assertThat(response.json().get("accessToken").asString()).contains(".");
            assertThat(response.json().get("refreshToken").asString()).hasSizeGreaterThan(30);
        }

        @Test
        void loginWhenEmailInOtherCaseThen200() {
            TestUser user = api.newUser();

            Response response = api.post(
                    "/api/auth/login",
                    Map.of("email", user.email().toUpperCase(java.util.Locale.ROOT), "password", user.password()));

            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void loginWhenWrongPasswordOrUnknownEmailThenSame401() {
            TestUser user = api.newUser();

            Response wrongPassword =
                    api.post("/api/auth/login", Map.of("email", user.email(), "password", "not the password"));
            Response unknownEmail =
                    api.post("/api/auth/login", Map.of("email", "nobody" + unique() + "@example.com", "password", "x"));

            assertThat(wrongPassword.status()).isEqualTo(401);
            assertThat(unknownEmail.status()).isEqualTo(401);
            assertThat(wrongPassword.code()).isEqualTo("invalid_credentials");
            assertThat(withoutInstance(wrongPassword)).isEqualTo(withoutInstance(unknownEmail));
        }

        private static String withoutInstance(Response response) {
            var json = (tools.jackson.databind.node.ObjectNode) response.json();
            json.remove("instance");
            return json.toString();
        }
    }

    @Nested
    class Refresh {

        @Test
        void refreshWhenValidThenNewPairAndOldTokenStopsWorking() {
            TestUser user = api.newUser();

            Response first = api.post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));
            Response replay = api.post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().get("refreshToken").asString()).isNotEqualTo(user.refreshToken());
            assertThat(api.get(
                                    "/api/users/me",
                                    "Authorization",
                                    "Bearer " + first.json().get("accessToken").asString())
                            .status())
                    .isEqualTo(200);
            assertThat(replay.status()).isEqualTo(401);
            assertThat(replay.code()).isEqualTo("invalid_token");
        }

        @Test
        void refreshWhenUsedTokenReplayedThenWholeFamilyRevoked() {
            TestUser user = api.newUser();
            String rotated = api.post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()))
                    .json()
                    .get("refreshToken")
                    .asString();

            Response theft = api.post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));
            Response victim = api.post("/api/auth/refresh", Map.of("refreshToken", rotated));

            assertThat(theft.status()).isEqualTo(401);
            assertThat(victim.status()).isEqualTo(401);
            assertThat(victim.code()).isEqualTo("invalid_token");
        }

        @Test
        void refreshWhenOtherLoginsExistThenTheirFamiliesSurviveReuse() {
            TestUser user = api.newUser();
            String otherDevice = api.post("/api/auth/login", Map.of("email", user.email(), "password", user.password()))
                    .json()
                    .get("refreshToken")
                    .asString();
            api.post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));
            api.post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));

            assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", otherDevice))
                            .status())
                    .isEqualTo(200);
        }

        @Test
        void refreshWhenUnknownTokenThen401InvalidToken() {
            Response response = api.post("/api/auth/refresh", Map.of("refreshToken", "made-up-" + unique()));

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.code()).isEqualTo("invalid_token");
        }

        @Test
        void logoutWhenCalledThenRefreshTokenRevoked() {
            TestUser user = api.newUser();

            Response logout = api.post("/api/auth/logout", Map.of("refreshToken", user.refreshToken()));
            Response refresh = api.post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));

            assertThat(logout.status()).isEqualTo(204);
            assertThat(refresh.status()).isEqualTo(401);
            assertThat(refresh.code()).isEqualTo("invalid_token");
        }
    }
}
