package dev.portrait;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where CPU-bound work runs. Requests run on virtual threads, which the JDK does not preempt, and a
 * virtual thread inside a native call (libvips) cannot even be unmounted: long computations there held
 * the few carrier threads every other request needs. On platform threads the kernel shares the cores
 * out, so a page of avatars is served while a photo is processed or a password hashed.
 */
public final class PlatformThreads {

    private PlatformThreads() {}

    /**
     * A pool of at most {@code size} daemon threads, named {@code name-1}, {@code name-2}…; further work
     * queues. Idle threads end after a minute.
     */
    public static ExecutorService pool(String name, int size) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                size,
                size,
                1,
                TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name(name + "-", 1).daemon().factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The job's result, or what it threw, as if the caller had run it. */
    public static <T> T await(Future<T> job) {
        try {
            return job.get();
        } catch (ExecutionException ex) {
            switch (ex.getCause()) {
                case RuntimeException failure -> throw failure;
                case Error error -> throw error;
                default -> throw new IllegalStateException("The job failed", ex.getCause());
            }
        } catch (InterruptedException ex) {
            // Nobody waits for it any more: a job still queued never starts; a running one finishes.
            job.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a job", ex);
        }
    }
}
