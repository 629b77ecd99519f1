import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * When a Java contender's warm-up of one input is over (compiled with both Java harnesses,
 * bench/imageio and bench/portrait). A warm JVM is one whose JIT has stopped compiling.
 * Portrait's JIT was still busy after 20 s of 12 MP JPEGs (its C2 thread took 5 ms per job
 * between 10 and 20 s, 0.3 ms after 45 s): FFM method handles called once per job are only
 * customised after 127 calls. With -Dbench.warmupMillis (bench/run sets 2000 for a full run)
 * the warm-up goes on until the requested runs and that time are spent, and then until the JIT
 * compiled for under 1% of the last second, or bench.warmupMaxMillis (60 s) has passed.
 */
final class JitWarmup {

    private static final long MIN_MILLIS = Long.getLong("bench.warmupMillis", 0);
    private static final long MAX_MILLIS = Long.getLong("bench.warmupMaxMillis", 60_000);
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private static long windowStart = System.nanoTime();
    private static long windowCompiled;
    private static double busy = 1;

    private JitWarmup() {}

    /** Whether to run once more, after {@code done} of at least {@code runs} since {@code startNanos}. */
    static boolean warming(int done, int runs, long startNanos) {
        long now = System.nanoTime();
        long compiled = JIT.getTotalCompilationTime();
        if (now - windowStart >= 1_000_000_000L) {
            busy = (compiled - windowCompiled) * 1e6 / (now - windowStart);
            windowStart = now;
            windowCompiled = compiled;
        }
        long elapsed = now - startNanos;
        if (done < runs || elapsed < MIN_MILLIS * 1_000_000L) {
            return true;
        }
        return MIN_MILLIS > 0 && busy > 0.01 && elapsed < MAX_MILLIS * 1_000_000L;
    }

    /** The line each harness logs when a warm-up is over. */
    static String summary(String input, int runs, long startNanos) {
        return String.format("warm-up %s: %d runs in %.1f s, JIT busy %.1f%% of the last second",
                input, runs, (System.nanoTime() - startNanos) / 1e9, 100 * busy);
    }
}
