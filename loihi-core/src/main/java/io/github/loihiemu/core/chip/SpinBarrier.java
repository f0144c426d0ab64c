package io.github.loihiemu.core.chip;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable dissemination barrier that spins instead of parking: a timestep of a small network lasts microseconds,
 * far less than the cost of waking a parked thread. In round r party i signals party {@code i + 2^r} and waits for
 * party {@code i - 2^r} (mod the party count), so after ceil(log2 n) rounds every party has heard, directly or through
 * others, from all. Each flag has a cache line of its own and one writer: a central arrival counter makes all parties
 * write one line in turn, which at 16 threads cost more than a small network's whole step.
 *
 * <p>Flags hold the number of the barrier episode they signal, which only grows, so nothing is reset between
 * episodes. The volatile store and load of each flag chain release to acquire from every party to every other, so
 * what a party wrote before {@link #await} is visible to all after it.
 *
 * <p>After a while of spinning a waiting party yields, then sleeps in short naps, so that a worker whose partner has
 * lost its processor (more threads than free processors, e.g. a background job) hands the processor over instead of
 * burning it.
 */
final class SpinBarrier {
    /** Longs per flag: 16 x 8 bytes keeps two flags off one cache line and off adjacent-line prefetch pairs. */
    private static final int STRIDE = 16;
    private final int parties;
    private final int rounds;
    /** Flag of (party i, round r) at {@code STRIDE * (i * rounds + r)}. */
    private final AtomicLongArray flags;
    /** Per party, at {@code STRIDE * i}: the episodes it has begun (written by that party alone). */
    private final long[] episode;

    SpinBarrier(int parties) {
        this.parties = parties;
        this.rounds = parties <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(parties - 1);
        this.flags = new AtomicLongArray(STRIDE * Math.max(1, parties * rounds));
        this.episode = new long[STRIDE * parties];
    }

    /** Waits until every party has called {@code await} as often as {@code party} has now. */
    void await(int party) {
        long e = ++episode[STRIDE * party];
        for (int r = 0, step = 1; r < rounds; r++, step <<= 1) {
            int to = party + step;
            if (to >= parties) {
                to -= parties;
            }
            flags.set(STRIDE * (to * rounds + r), e);
            int mine = STRIDE * (party * rounds + r);
            if (flags.get(mine) < e) {
                waitFor(mine, e);
            }
        }
    }

    private void waitFor(int flag, long e) {
        int spins = 0;
        while (flags.get(flag) < e) {
            if (++spins < 20_000) {
                Thread.onSpinWait();
            } else if (spins < 20_100) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }
}
