package dev.portrait.profile;

import static dev.portrait.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.time.Instant;
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
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ApiTest
class ProfileApiTests {

    private static final JsonMapper ASCII_JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final String[] PROFILE_FIELDS = {"userId", "username", "bio", "picture", "createdAt", "updatedAt"};

    @Autowired
    ApiClient api;

    private Response create(TestUser user, String bio) {
        return api.post("/api/profiles", bioJson(bio), user.auth());
    }

    private Response changeBio(TestUser user, String bio) {
        return api.patch("/api/profiles/me", bioJson(bio), user.auth());
    }

    // Every non-ASCII character escaped, so that even half a surrogate pair reaches the server intact.
    private static String bioJson(String bio) {
        return ASCII_JSON.writeValueAsString(Map.of("bio", bio));
    }

    private String storedBio(TestUser user) {
        Response mine = api.get("/api/profiles/me", user.auth());
        assertThat(mine.status()).as(mine.text()).isEqualTo(200);
        return mine.json().get("bio").asString();
    }

    @Test
    void createWhenValidThen201WithProfileAndLocationOfPublicProfile() {
        TestUser user = api.newUser();

        Response created = create(user, "Hello, I paint portraits.");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode profile = created.json();
        assertThat(profile.propertyNames()).containsExactlyInAnyOrder(PROFILE_FIELDS);
        assertThat(profile.get("userId").asString()).isEqualTo(user.id().toString());
        assertThat(profile.get("username").asString()).isEqualTo(user.username());
        assertThat(profile.get("bio").asString()).isEqualTo("Hello, I paint portraits.");
        assertThat(profile.get("picture").isNull()).isTrue();
        assertThat(Instant.parse(profile.get("createdAt").asString()))
                .isEqualTo(Instant.parse(profile.get("updatedAt").asString()));
        assertThat(created.header("Location")).endsWith("/api/users/" + user.id() + "/profile");
        Response located = api.get(created.header("Location"));
        assertThat(located.status()).isEqualTo(200);
        assertThat(located.json()).isEqualTo(profile);
    }

    @Test
    void createWhenBioLeftOutThenEmptyBio() {
        TestUser user = api.newUser();

        Response created = api.post("/api/profiles", "{}", user.auth());

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("bio").asString()).isEmpty();
    }

    @Test
    void createWhenProfileExistsThen409ProfileExistsAndFirstBioKept() {
        TestUser user = api.newUser();
        create(user, "first");

        Response second = create(user, "second");

        assertProblem(second, 409, "profile_exists");
        assertThat(storedBio(user)).isEqualTo("first");
    }

    @Test
    void createWhenTenRaceForOneAccountThenOne201AndNine409() throws Exception {
        TestUser user = api.newUser();
        List<Callable<Response>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String bio = "racer " + i;
            attempts.add(() -> create(user, bio));
        }
        List<Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (Future<Response> response : pool.invokeAll(attempts)) {
                responses.add(response.get());
            }
        }

        assertThat(responses).extracting(Response::status).containsOnlyOnce(201);
        assertThat(responses)
                .filteredOn(response -> response.status() != 201)
                .hasSize(9)
                .allSatisfy(response -> assertThat(response.code()).isEqualTo("profile_exists"));
        Response winner = responses.stream()
                .filter(response -> response.status() == 201)
                .findFirst()
                .orElseThrow();
        assertThat(storedBio(user)).isEqualTo(winner.json().get("bio").asString());
    }

    @Test
    void mineWhenProfileExistsThen200Profile() {
        TestUser user = api.newUser();
        JsonNode created = create(user, "mine").json();

        Response mine = api.get("/api/profiles/me", user.auth());

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json()).isEqualTo(created);
    }

    @Test
    void mineWhenNoProfileThen404ProfileNotFound() {
        TestUser user = api.newUser();

        assertProblem(api.get("/api/profiles/me", user.auth()), 404, "profile_not_found");
    }

    @Test
    void changeBioWhenValidThen200AndStoredWithNewUpdatedAt() {
        TestUser user = api.newUser();
        JsonNode created = create(user, "before").json();

        Response changed = changeBio(user, "after");

        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().propertyNames()).containsExactlyInAnyOrder(PROFILE_FIELDS);
        assertThat(changed.json().get("bio").asString()).isEqualTo("after");
        assertThat(changed.json().get("createdAt")).isEqualTo(created.get("createdAt"));
        assertThat(Instant.parse(changed.json().get("updatedAt").asString()))
                .isAfter(Instant.parse(created.get("updatedAt").asString()));
        assertThat(storedBio(user)).isEqualTo("after");
        assertThat(api.get("/api/users/" + user.id() + "/profile").json()).isEqualTo(changed.json());
    }

    @Test
    void changeBioWhenBioLeftOutThen200AndBioUnchanged() {
        TestUser user = api.newUser();
        create(user, "stays");

        Response changed = api.patch("/api/profiles/me", "{}", user.auth());

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("bio").asString()).isEqualTo("stays");
        assertThat(storedBio(user)).isEqualTo("stays");
    }

    @Test
    void changeBioWhenNoProfileThen404ProfileNotFound() {
        TestUser user = api.newUser();

        assertProblem(changeBio(user, "nobody home"), 404, "profile_not_found");
    }

    @Nested
    class PublicProfile {

        @Test
        void publicProfileWhenAnonymousThen200WithoutEmail() {
            TestUser owner = api.newUser();
            JsonNode created = create(owner, "public bio").json();

            Response response = api.get("/api/users/" + owner.id() + "/profile");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json()).isEqualTo(created);
            assertThat(response.json().propertyNames()).containsExactlyInAnyOrder(PROFILE_FIELDS);
            assertThat(response.text()).doesNotContain(owner.email()).doesNotContain("email");
        }

        @Test
        void publicProfileWhenOtherUserAsksThen200() {
            TestUser owner = api.newUser();
            TestUser visitor = api.newUser();
            create(owner, "visible to all");

            Response response = api.get("/api/users/" + owner.id() + "/profile", visitor.auth());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("userId").asString())
                    .isEqualTo(owner.id().toString());
            assertThat(response.json().get("bio").asString()).isEqualTo("visible to all");
        }

        @Test
        void publicProfileWhenUserHasNoProfileThen404ProfileNotFound() {
            TestUser owner = api.newUser();

            assertProblem(api.get("/api/users/" + owner.id() + "/profile"), 404, "profile_not_found");
        }

        @Test
        void publicProfileWhenUserUnknownThen404ProfileNotFound() {
            assertProblem(api.get("/api/users/" + UUID.randomUUID() + "/profile"), 404, "profile_not_found");
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-a-uuid", "123", "me", "00000000-0000-0000-0000-00000000000g"})
        void publicProfileWhenIdIsNoUuidThen400InvalidParameter(String id) {
            assertProblem(api.get("/api/users/" + id + "/profile"), 400, "invalid_parameter");
        }
    }

    @Nested
    class WithoutToken {

        @Test
        void createWhenNoTokenThen401() {
            assertProblem(api.post("/api/profiles", Map.of("bio", "x")), 401, "authentication_required");
        }

        @Test
        void mineWhenNoTokenThen401() {
            assertProblem(api.get("/api/profiles/me"), 401, "authentication_required");
        }

        @Test
        void changeBioWhenNoTokenThen401() {
            assertProblem(api.patch("/api/profiles/me", Map.of("bio", "x")), 401, "authentication_required");
        }
    }

    @Nested
    class BioRules {

        static Stream<Arguments> keptExactly() {
            return Stream.of(
                    Arguments.of("markup", "<script>alert('hi')</script> & <b>bold</b>"),
                    Arguments.of("newlines", "line one\nline two\n\nline four\n"),
                    Arguments.of("outer spaces", "  spaced out  "),
                    Arguments.of("quotes and backslashes", "\"double\" 'single' \\back\\slash"),
                    Arguments.of("sql-looking text", "'; drop table profiles; --"),
                    Arguments.of("non-Latin and joined emoji", "Émile, 中文, עברית, 👩‍👩‍👧, 🇩🇪"),
                    Arguments.of("combining marks, not normalised", "e\u0301 and \u00e9"),
                    Arguments.of("empty", ""),
                    Arguments.of("500 emoji", "😀".repeat(500)),
                    Arguments.of("500 letters", "a".repeat(500)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("keptExactly")
        void bioWhenValidThenCreateAndChangeKeepItExactlyAsTyped(String description, String bio) {
            TestUser creator = api.newUser();
            TestUser changer = api.newUser();
            create(changer, "placeholder");

            Response created = create(creator, bio);
            Response changed = changeBio(changer, bio);

            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(changed.status()).as(changed.text()).isEqualTo(200);
            assertThat(created.json().get("bio").asString()).isEqualTo(bio);
            assertThat(changed.json().get("bio").asString()).isEqualTo(bio);
            assertThat(storedBio(creator)).isEqualTo(bio);
            assertThat(api.get("/api/users/" + changer.id() + "/profile")
                            .json()
                            .get("bio")
                            .asString())
                    .isEqualTo(bio);
        }

        static Stream<Arguments> refused() {
            return Stream.of(
                    Arguments.of("501 emoji", "😀".repeat(501)),
                    Arguments.of("501 letters", "a".repeat(501)),
                    Arguments.of("NUL", "a\u0000b"),
                    Arguments.of("tab", "a\tb"),
                    Arguments.of("carriage return", "line one\r\nline two"),
                    Arguments.of("bell", "ding\u0007"),
                    Arguments.of("ANSI escape", "\u001b[31mred"),
                    Arguments.of("DEL", "a\u007fb"),
                    Arguments.of("C1 next line", "a\u0085b"),
                    Arguments.of("lone high surrogate", "a\ud83d"),
                    Arguments.of("lone low surrogate", "\ude00b"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("refused")
        void bioWhenInvalidThenCreateAndChange400NamingBioAndNothingStored(String description, String bio) {
            TestUser user = api.newUser();

            assertBioRefused(create(user, bio));
            assertProblem(api.get("/api/profiles/me", user.auth()), 404, "profile_not_found");

            create(user, "unchanged");
            assertBioRefused(changeBio(user, bio));
            assertThat(storedBio(user)).isEqualTo("unchanged");
        }

        private static void assertBioRefused(Response response) {
            JsonNode errors = assertProblem(response, 400, "validation_failed").get("errors");
            assertThat(errors.size()).isEqualTo(1);
            assertThat(errors.get(0).propertyNames()).containsExactlyInAnyOrder("field", "message");
            assertThat(errors.get(0).get("field").asString()).isEqualTo("bio");
            assertThat(errors.get(0).get("message").asString()).isNotBlank();
        }
    }
}
