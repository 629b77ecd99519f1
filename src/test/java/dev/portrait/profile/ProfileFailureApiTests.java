package dev.portrait.profile;

import static dev.portrait.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;

import dev.portrait.ApiClient;
import dev.portrait.ApiClient.Response;
import dev.portrait.ApiClient.TestUser;
import dev.portrait.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/**
 * A bio change that fails half-way: the update has run, then reading the profile back breaks. The
 * caller gets a 500 that says nothing internal, the log has the cause under the correlation id, and
 * the transaction leaves the old bio in place.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class ProfileFailureApiTests {

    // Words a careless handler would copy from the cause into the response.
    private static final String CAUSE =
            "Connection reset reading select bio from profiles (org.postgresql.util.PSQLException)";

    // A spy on the real repository: every call hits the database unless a test says otherwise.
    @MockitoSpyBean
    ProfileRepository profiles;

    @Autowired
    ApiClient api;

    private TestUser userWithBio(String bio) {
        TestUser user = api.newUser();
        assertThat(api.post("/api/profiles", Map.of("bio", bio), user.auth()).status())
                .isEqualTo(201);
        return user;
    }

    private Response changeBioFailingAfterUpdate(TestUser user, String bio, String... headers) {
        doThrow(new DataAccessResourceFailureException(CAUSE))
                .doCallRealMethod()
                .when(profiles)
                .find(user.id());
        Response response = api.patch("/api/profiles/me", Map.of("bio", bio), user.auth(headers));
        verify(profiles).updateBio(eq(user.id()), eq(bio), any());
        return response;
    }

    @Test
    void changeBioWhenFailingAfterUpdateThenOldBioKept() {
        TestUser user = userWithBio("old bio");

        Response failed = changeBioFailingAfterUpdate(user, "new bio");

        assertThat(failed.status()).isEqualTo(500);
        Response mine = api.get("/api/profiles/me", user.auth());
        assertThat(mine.json().get("bio").asString()).isEqualTo("old bio");
        assertThat(api.get("/api/users/" + user.id() + "/profile")
                        .json()
                        .get("bio")
                        .asString())
                .isEqualTo("old bio");
    }

    @Test
    void changeBioWhenUnexpectedFailureThen500GenericProblemWithCorrelationId(CapturedOutput log) {
        TestUser user = userWithBio("old bio");

        Response failed = changeBioFailingAfterUpdate(user, "new bio");

        JsonNode problem = assertProblem(failed, 500, "internal_error");
        assertThat(problem.get("detail").asString()).startsWith("Something went wrong on our side");
        assertThat(failed.text()).doesNotContain("Connection reset", "select bio", "PSQL");
        String correlationId = failed.header("X-Request-Id");
        assertThat(correlationId).isNotBlank();
        assertThat(problem.get("correlationId").asString()).isEqualTo(correlationId);
        assertThat(log.getOut())
                .containsPattern("ERROR \\[" + correlationId + "\\].*Unexpected failure on PATCH /api/profiles/me")
                .contains(CAUSE);
    }

    @Test
    void changeBioWhenCallerSentRequestIdThenFailureLoggedAndAnsweredUnderIt(CapturedOutput log) {
        TestUser user = userWithBio("old bio");

        Response failed = changeBioFailingAfterUpdate(user, "new bio", "X-Request-Id", "edge-7f3a91c2");

        assertProblem(failed, 500, "internal_error");
        assertThat(failed.header("X-Request-Id")).isEqualTo("edge-7f3a91c2");
        assertThat(failed.json().get("correlationId").asString()).isEqualTo("edge-7f3a91c2");
        assertThat(log.getOut()).containsPattern("ERROR \\[edge-7f3a91c2\\].*Unexpected failure");
    }
}
