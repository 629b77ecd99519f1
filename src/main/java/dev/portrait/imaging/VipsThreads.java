package dev.portrait.imaging;

import java.util.function.IntConsumer;

/**
 * Shares libvips' worker threads among the jobs that run at the same time: a lone upload gets them
 * all and is done sooner (a 12 MP JPEG in about two thirds of the time on two cores), while under
 * load each job gets one and the cores are not oversubscribed. libvips reads the count when a
 * pipeline starts, so a job that started alone keeps its threads until its current step ends.
 */
final class VipsThreads {

    private final int budget;

    private final IntConsumer apply;

    private int running;

    /**
     * @param budget the worker threads all running jobs share, at least 1
     * @param apply sets the per-pipeline thread count (libvips' process-wide setting)
     */
    VipsThreads(int budget, IntConsumer apply) {
        if (budget < 1) {
            throw new IllegalArgumentException("At least one libvips thread is needed: " + budget);
        }
        this.budget = budget;
        this.apply = apply;
    }

    /** A job starts: the running jobs, this one included, split the budget. */
    synchronized void jobStarted() {
        running++;
        apply.accept(perJob());
    }

    /** A job ended: the ones still running may use its share from their next step. */
    synchronized void jobEnded() {
        running--;
        if (running > 0) {
            apply.accept(perJob());
        }
    }

    private int perJob() {
        return Math.max(1, budget / running);
    }
}
