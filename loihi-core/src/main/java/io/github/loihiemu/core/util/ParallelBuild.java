package io.github.loihiemu.core.util;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the independent pieces of a board's build (one per core, or per group of cores) on several threads. Every
 * piece writes only its own results, so what is built does not depend on the thread count or on which thread took
 * which piece; a failure is reported as the lowest-numbered failing piece threw it, exactly as a build on one thread
 * would have, never wrapped. The timestep loop never uses it.
 */
public final class ParallelBuild {
    /** One piece of work. */
    @FunctionalInterface
    public interface Piece {
        void run(int index);
    }

    private ParallelBuild() {
    }

    /** The threads a build uses: the processors the JVM may run on. */
    public static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code piece} for every index in {@code 0 .. count-1}, on up to {@link #threads()} threads (the caller's
     * among them), taking indices in ascending order.
     */
    public static void forEach(int count, Piece piece) {
        forEach(count, threads(), piece);
    }

    /** As {@link #forEach(int, Piece)}, on at most {@code threads} threads. */
    public static void forEach(int count, int threads, Piece piece) {
        int workers = Math.min(threads, count);
        if (workers <= 1) {
            for (int i = 0; i < count; i++) {
                piece.run(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        RuntimeException[] failure = new RuntimeException[count];
        Error[] error = new Error[count];
        Runnable loop = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    piece.run(i);
                } catch (RuntimeException e) {
                    failure[i] = e;
                } catch (Error e) {
                    error[i] = e;
                }
            }
        };
        Thread[] helpers = new Thread[workers - 1];
        for (int t = 0; t < helpers.length; t++) {
            helpers[t] = new Thread(loop, "loihi-build-" + (t + 1));
            helpers[t].setDaemon(true);
            helpers[t].start();
        }
        loop.run();
        boolean interrupted = false;
        for (Thread h : helpers) {
            while (true) {
                try {
                    h.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < count; i++) {
            if (error[i] != null) {
                throw error[i];
            }
            if (failure[i] != null) {
                throw failure[i];
            }
        }
    }
}
