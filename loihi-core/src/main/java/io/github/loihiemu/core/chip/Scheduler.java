package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.energy.Phase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the phases of every timestep over worker threads that meet at a barrier between phases. Cores are split
 * among the workers (largest first, each to the least loaded worker) by their size, and once more, at the first run
 * after the timing window, by the time each took there step by step ({@link WorkProfile}); between re-splits each
 * core's state is touched by one thread only. The calling thread is worker 0; it also routes the host's spikes and
 * runs hooks, probes and the energy meter while the others wait at the barrier.
 *
 * <p>Inside a run the workers spin at the barrier, because a step lasts microseconds. Between runs they spin for a
 * while too (a driver that runs one sample at a time starts the next run within microseconds, and waking a parked
 * thread costs tens of microseconds), then sleep on a condition.
 */
final class Scheduler {
    private final TimestepEngine engine;
    private Neurocore[][] share;
    private int[][] shareSlots;
    private final Neurocore[] cores;
    /** Whether the cores were re-split by their measured work (at the first run after the timing window). */
    private boolean rebalanced;
    /** When the first run started (once {@link #ranBefore}), for the warm-up before the timing window. */
    private long firstRunNanos;
    private boolean ranBefore;
    private final int threads;
    private final SpinBarrier barrier;
    private final List<Thread> workers = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition started = lock.newCondition();
    private final Condition finished = lock.newCondition();
    /** Written before {@link #runId}, whose volatile write publishes them. */
    private long from;
    private long to;
    private volatile long runId;
    /** Workers still inside the current run. */
    private final AtomicInteger running = new AtomicInteger();
    /** How long a worker (or the caller) spins for the next run (or for the workers' end) before it parks. */
    static final long HANDOFF_SPIN_NANOS = 200_000;
    /** This run uses one barrier per step (set by the calling thread before the workers start). */
    private boolean lean;
    /**
     * This run has no hooks and no state, compartment or weight probes, so nothing reads the spike probes before it
     * ends: they are committed then (set by the calling thread before the workers start).
     */
    private boolean commitAtEnd;
    private volatile boolean closed;
    private volatile Throwable failure;

    Scheduler(TimestepEngine engine, Neurocore[] cores, int threads) {
        this.engine = engine;
        this.threads = Math.max(1, Math.min(threads, Math.max(1, cores.length)));
        this.cores = cores;
        setShare(partition(cores, this.threads));
        this.barrier = new SpinBarrier(this.threads);
        for (int w = 1; w < this.threads; w++) {
            final int id = w;
            Thread t = new Thread(() -> workerLoop(id), "loihi-emu-worker-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    private void setShare(Neurocore[][] s) {
        share = s;
        shareSlots = new int[s.length][];
        for (int w = 0; w < s.length; w++) {
            shareSlots[w] = new int[s[w].length];
            for (int k = 0; k < s[w].length; k++) {
                shareSlots[w][k] = s[w][k].slot;
            }
        }
    }

    /** The first split, by size: largest first, each to the least loaded worker. */
    private static Neurocore[][] partition(Neurocore[] cores, int threads) {
        long[] load = new long[threads];
        List<List<Neurocore>> lists = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            lists.add(new ArrayList<>());
        }
        Integer[] order = new Integer[cores.length];
        for (int i = 0; i < cores.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Long.compare(weight(cores[b]), weight(cores[a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int i : order) {
            int best = 0;
            for (int w = 1; w < threads; w++) {
                if (load[w] < load[best]) {
                    best = w;
                }
            }
            lists.get(best).add(cores[i]);
            load[best] += weight(cores[i]);
        }
        return inSlotOrder(lists);
    }

    /** Each worker's cores as an array in slot order (the order a worker visits them, and senders announce). */
    static Neurocore[][] inSlotOrder(List<List<Neurocore>> lists) {
        Neurocore[][] share = new Neurocore[lists.size()][];
        for (int w = 0; w < share.length; w++) {
            lists.get(w).sort((a, b) -> Integer.compare(a.slot, b.slot));
            share[w] = lists.get(w).toArray(new Neurocore[0]);
        }
        return share;
    }

    private static long weight(Neurocore c) {
        return c.n + c.synapseTarget.length / 8 + 16;
    }

    void run(long first, long last) {
        if (closed) {
            throw new IllegalStateException("the board is closed");
        }
        if (last < first) {
            return;
        }
        failure = null;
        if (threads > 1 && !rebalanced) {
            profileOrSplit(first);
        }
        commitAtEnd = engine.leanSteps();
        lean = threads > 1 && commitAtEnd;
        if (threads > 1) {
            from = first;
            to = last;
            running.set(threads - 1);
            runId = runId + 1;
            lock.lock();
            try {
                started.signalAll();    // for workers that stopped spinning
            } finally {
                lock.unlock();
            }
        }
        try {
            steps(0, first, last);
        } catch (RuntimeException | Error e) {
            fail(e);
        }
        if (threads > 1) {
            long deadline = System.nanoTime() + HANDOFF_SPIN_NANOS;
            int spins = 0;
            while (running.get() > 0 && ((++spins & 255) != 0 || System.nanoTime() < deadline)) {
                Thread.onSpinWait();
            }
            if (running.get() > 0) {
                lock.lock();
                try {
                    while (running.get() > 0) {
                        finished.awaitUninterruptibly();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
        Throwable f = failure;
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
    }

    /**
     * Between runs: opens the timing window once the board is warm, and after it closes re-splits the cores by what it
     * measured. The split never changes results (every core keeps its own state and random streams, and messages
     * arrive in the same order), only the speed.
     */
    private void profileOrSplit(long first) {
        WorkProfile p = engine.profile;
        if (p == null) {
            long now = System.nanoTime();
            if (!ranBefore) {
                firstRunNanos = now;
                ranBefore = true;
            }
            if (first > WorkProfile.WARM_UP_STEPS && now - firstRunNanos >= WorkProfile.warmUpNanos) {
                engine.profile = new WorkProfile(cores.length, first - 1);
            }
        } else if (first > p.to) {
            setShare(p.split(cores, threads));
            engine.assignSenders();
            engine.profile = null;
            rebalanced = true;
        }
    }

    private void workerLoop(int id) {
        long seen = 0;
        while (true) {
            long deadline = System.nanoTime() + HANDOFF_SPIN_NANOS;
            int spins = 0;
            while (runId == seen && !closed && ((++spins & 255) != 0 || System.nanoTime() < deadline)) {
                Thread.onSpinWait();
            }
            if (runId == seen) {
                lock.lock();
                try {
                    while (runId == seen && !closed) {
                        started.awaitUninterruptibly();
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (closed) {
                return;
            }
            seen = runId;
            long a = from;
            long b = to;
            try {
                steps(id, a, b);
            } catch (RuntimeException | Error e) {
                fail(e);
            }
            if (running.decrementAndGet() == 0) {
                lock.lock();
                try {
                    finished.signalAll();   // for a caller that stopped spinning
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * The timestep loop of one worker. Every worker passes the same barriers in the same order, even after a failure
     * (it then skips its work), so that a fault never leaves the others waiting forever.
     */
    private void steps(int w, long first, long last) {
        if (lean) {
            leanSteps(w, first, last);
            return;
        }
        Neurocore[] mine = share[w];
        boolean multi = threads > 1;
        boolean hooksBetween = engine.hasHooks(Phase.SPIKING) || engine.hasHooks(Phase.PRE_LEARN_MANAGEMENT);
        boolean learning = engine.anyLearning();
        // each phase's work catches what it throws (a hook is user code): the worker records the failure and still
        // passes every barrier, or the others would wait there forever
        for (long t = first; t <= last; t++) {
            if (failure == null) {
                try {
                    engine.spikingUpdate(mine, t, w == 0, w);
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
            }
            if (multi) {
                barrier.await(w);
            }
            if (failure == null) {
                try {
                    engine.spikingDelivery(mine, t, w);
                    // a core's learning reads only what its own thread delivered and updated, so without hooks in
                    // between it follows delivery directly, one barrier fewer per step
                    if (learning && !hooksBetween) {
                        engine.learn(mine, t);
                    }
                    if (!hooksBetween) {
                        engine.accountStep(w, mine, learning, t);
                    }
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
            }
            if (multi) {
                barrier.await(w);
            }
            if (hooksBetween) {
                if (w == 0 && failure == null) {
                    try {
                        engine.runHooks(Phase.SPIKING, t);
                        engine.runHooks(Phase.PRE_LEARN_MANAGEMENT, t);
                    } catch (RuntimeException | Error e) {
                        fail(e);
                    }
                }
                if (multi) {
                    barrier.await(w);
                }
                if (failure == null) {
                    try {
                        if (learning) {
                            engine.learn(mine, t);
                        }
                        engine.accountStep(w, mine, learning, t);
                    } catch (RuntimeException | Error e) {
                        fail(e);
                    }
                }
                if (multi) {
                    barrier.await(w);
                }
            }
            if (w == 0 && failure == null) {
                try {
                    engine.runHooks(Phase.LEARNING, t);
                    engine.endOfStep(t, learning, !commitAtEnd);
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
            }
            if (multi) {
                barrier.await(w);
            }
        }
        if (commitAtEnd && w == 0 && failure == null) {
            engine.commitSpikeProbes();
        }
    }

    /**
     * One barrier per step, for runs without hooks or state/weight probes. After the barrier of step t every worker
     * has finished step t - 1 entirely (its delivery, learning and accounting come before its update of t), so worker
     * 0 closes step t - 1 there (energy meter) while the others deliver step t. Nothing it reads is written again
     * before the barrier of step t + 1, which it must reach first: outboxes alternate by step parity, energy partials
     * rotate over three steps. Spike probes are committed once, after the last barrier.
     */
    private void leanSteps(int w, long first, long last) {
        Neurocore[] mine = share[w];
        boolean learning = engine.anyLearning();
        for (long t = first; t <= last; t++) {
            if (failure == null) {
                try {
                    engine.spikingUpdate(mine, t, w == 0, w);
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
            }
            barrier.await(w);
            if (failure == null) {
                try {
                    if (w == 0 && t > first) {
                        engine.endOfStep(t - 1, learning, false);
                    }
                    engine.spikingDelivery(mine, t, w);
                    if (learning) {
                        engine.learn(mine, t);
                    }
                    engine.accountStep(w, mine, learning, t);
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
            }
        }
        barrier.await(w);
        if (w == 0 && failure == null) {
            engine.endOfStep(last, learning, false);
            engine.commitSpikeProbes();
        }
    }

    /** Records the first failure of a run; the workers then skip their work but still meet at every barrier. */
    private synchronized void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
    }

    int threads() {
        return threads;
    }

    boolean resplit() {
        return rebalanced;
    }

    /** The cores worker {@code w} owns. */
    Neurocore[] share(int w) {
        return share[w];
    }

    /** The slots of the cores worker {@code w} owns. */
    int[] shareSlots(int w) {
        return shareSlots[w];
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            started.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
