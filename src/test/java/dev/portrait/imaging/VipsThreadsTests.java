package dev.portrait.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VipsThreadsTests {

    private final List<Integer> applied = new ArrayList<>();

    @Test
    void jobStartedWhenAloneThenItGetsTheWholeBudget() {
        VipsThreads threads = new VipsThreads(4, applied::add);

        threads.jobStarted();

        assertThat(applied).containsExactly(4);
    }

    @Test
    void jobStartedWhenOthersRunThenTheBudgetIsSplit() {
        VipsThreads threads = new VipsThreads(4, applied::add);

        threads.jobStarted();
        threads.jobStarted();
        threads.jobStarted();

        assertThat(applied).containsExactly(4, 2, 1);
    }

    @Test
    void jobStartedWhenMoreJobsThanThreadsThenOneEach() {
        VipsThreads threads = new VipsThreads(2, applied::add);

        threads.jobStarted();
        threads.jobStarted();
        threads.jobStarted();

        assertThat(applied).containsExactly(2, 1, 1);
    }

    @Test
    void jobEndedWhenOthersStillRunThenTheyGetItsShare() {
        VipsThreads threads = new VipsThreads(2, applied::add);
        threads.jobStarted();
        threads.jobStarted();

        threads.jobEnded();

        assertThat(applied).containsExactly(2, 1, 2);
    }

    @Test
    void jobEndedWhenLastThenNothingToShare() {
        VipsThreads threads = new VipsThreads(2, applied::add);
        threads.jobStarted();

        threads.jobEnded();

        assertThat(applied).containsExactly(2);
    }

    @Test
    void newWhenNoThreadsThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VipsThreads(0, applied::add));
    }
}
