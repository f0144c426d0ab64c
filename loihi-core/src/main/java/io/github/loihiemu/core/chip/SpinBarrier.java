package io.github.loihiemu.core.chip;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable sense-reversing barrier that spins instead of parking: a timestep of a small network lasts
 * microseconds, far less than the cost of waking a parked thread. After a while of spinning it yields, then sleeps
 * in short naps, so that a worker whose partner has lost its processor (more threads than free processors, e.g. a
 * background job) hands the processor over instead of burning it.
 */
final class SpinBarrier {
    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;

    SpinBarrier(int parties) {
        this.parties = parties;
    }

    void await() {
        int g = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = g + 1;
            return;
        }
        int spins = 0;
        while (generation == g) {
            if (++spins < 20_000) {
                Thread.onSpinWait();
            } else if (spins < 20_100) {
                Thread.yield();
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
        }
    }
}
