package io.github.loihiemu.core.chip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the wall time of a board with several workers goes, core by core and barrier interval by barrier interval,
 * over a window of {@link #STEPS} steps; from it, a split of the cores among the workers. The window opens at the
 * first run that starts after {@link #WARM_UP_STEPS} steps and {@link #warmUpNanos} of wall time since the first
 * run, so that the JIT has compiled the loops (and its compiler threads no longer compete for the processors).
 *
 * <p>Balancing each core's total time is not enough: a network that works in phases (nBP's 12 slots, whose
 * populations live on different cores) keeps a few cores busy in one step and others in the next, so workers that
 * carry equal totals still wait for each other at every barrier. The split therefore minimises the sum over the
 * window's intervals of the busiest worker's time in that interval, greedily: cores in descending total, each to the
 * worker where it raises that sum least (ties to the least loaded). Worker 0 starts with the host's share (the
 * generators' spikes and the end of every step, which it runs besides its cores).
 *
 * <p>With one barrier per step an interval holds the update of step t, the delivery and learning of step t - 1 and
 * the end of step t - 2, so each is recorded in the interval it runs in. The split never changes results (every core
 * keeps its own state and random streams, and messages are delivered in the same order), only the speed.
 */
final class WorkProfile {
    static final int STEPS = 512;
    static final long WARM_UP_STEPS = 1_000;
    /** Package-private and not final only so that tests can open the window without waiting a second. */
    static long warmUpNanos = 1_000_000_000L;
    /** Steps {@code from + 1 .. to} are timed. */
    final long from;
    final long to;
    /** Interval offsets of a step's phases: update, delivery and learning, end of step. */
    static final int UPDATE = 0;
    static final int DELIVERY = 1;
    static final int END = 2;
    private static final int INTERVALS = STEPS + 2;

    /** Per core slot, nanoseconds per interval; written only by the core's worker. */
    private final int[][] core;
    /** The host's nanoseconds per interval; written only by worker 0. */
    private final int[] host = new int[INTERVALS];

    /** A window of steps {@code from + 1 .. from + STEPS}. */
    WorkProfile(int cores, long from) {
        core = new int[cores][INTERVALS];
        this.from = from;
        this.to = from + STEPS;
    }

    boolean covers(long t) {
        return t > from && t <= to;
    }

    void addCore(int slot, long t, int phase, long nanos) {
        core[slot][(int) (t - from - 1) + phase] += (int) Math.min(nanos, Integer.MAX_VALUE / 4);
    }

    void addHost(long t, int phase, long nanos) {
        host[(int) (t - from - 1) + phase] += (int) Math.min(nanos, Integer.MAX_VALUE / 4);
    }

    /** The cores split among {@code workers}, each share in slot order. */
    Neurocore[][] split(Neurocore[] cores, int workers) {
        long[][] load = new long[workers][INTERVALS];
        long[] total = new long[workers];
        long[] busiest = new long[INTERVALS];
        for (int s = 0; s < INTERVALS; s++) {
            load[0][s] = host[s];
            busiest[s] = host[s];
            total[0] += host[s];
        }
        long[][] x = new long[cores.length][];
        long[] sum = new long[cores.length];
        for (int c = 0; c < cores.length; c++) {
            x[c] = clipped(core[cores[c].slot]);
            for (long v : x[c]) {
                sum[c] += v;
            }
        }
        Integer[] order = new Integer[cores.length];
        for (int c = 0; c < cores.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> sum[a] != sum[b] ? Long.compare(sum[b], sum[a]) : Integer.compare(a, b));
        List<List<Neurocore>> lists = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            lists.add(new ArrayList<>());
        }
        for (int c : order) {
            long[] xc = x[c];
            int best = 0;
            long bestRise = Long.MAX_VALUE;
            for (int w = 0; w < workers; w++) {
                long[] lw = load[w];
                long rise = 0;
                for (int s = 0; s < INTERVALS; s++) {
                    long over = lw[s] + xc[s] - busiest[s];
                    if (over > 0) {
                        rise += over;
                    }
                }
                if (rise < bestRise || rise == bestRise && total[w] < total[best]) {
                    best = w;
                    bestRise = rise;
                }
            }
            long[] lb = load[best];
            for (int s = 0; s < INTERVALS; s++) {
                lb[s] += xc[s];
                busiest[s] = Math.max(busiest[s], lb[s]);
            }
            total[best] += sum[c];
            lists.get(best).add(cores[c]);
        }
        return Scheduler.inSlotOrder(lists);
    }

    /**
     * A core's intervals with outliers cut to 8 times its mean plus 1 us: a worker that lost its processor for a
     * moment would otherwise charge one core with a millisecond it never costs.
     */
    private static long[] clipped(int[] v) {
        long sum = 0;
        for (int a : v) {
            sum += a;
        }
        long cap = 8 * sum / v.length + 1_000;
        long[] r = new long[v.length];
        for (int s = 0; s < v.length; s++) {
            r[s] = Math.min(v[s], cap);
        }
        return r;
    }
}
