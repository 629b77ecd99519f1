package dev.portrait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Checks that long work started from virtual threads leaves their carrier threads free. */
public final class CarrierThreads {

    /** How many platform threads carry the virtual ones. */
    public static final int COUNT = Integer.getInteger(
            "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());

    private CarrierThreads() {}

    /**
     * Starts {@code work} on one virtual thread per carrier and, once all of them run, asserts that
     * one more virtual thread runs before any of them is done. Work that holds its carrier (native
     * code, or CPU without a blocking call) lets nothing else run.
     */
    public static void assertFreeWhileRunning(Runnable work) throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> busy = IntStream.range(0, COUNT)
                    .<Future<?>>mapToObj(i -> virtualThreads.submit(() -> {
                        started.incrementAndGet();
                        work.run();
                        finished.incrementAndGet();
                    }))
                    .toList();
            // Each one now holds a carrier, or has let it go, until its work is done.
            await().until(() -> started.get() == COUNT);
            Future<Integer> other = virtualThreads.submit(finished::get);

            assertThat(other.get())
                    .as("work that finished before another virtual thread could run")
                    .isZero();
            for (Future<?> future : busy) {
                future.get();
            }
        }
    }
}
