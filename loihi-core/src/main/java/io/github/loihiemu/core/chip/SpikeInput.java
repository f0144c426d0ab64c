package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.network.SpikeGenerator;

import java.util.Arrays;

/**
 * The host side of a {@link SpikeGenerator} on a compiled board: schedule spikes for future timesteps, run, and
 * schedule more. A spike stamped {@code t} behaves like a compartment that fired at {@code t}: its targets integrate
 * it at {@code t + 1 + delay}, and a reward spike stamped {@code t} is seen by the learning phase of step {@code t}.
 *
 * <p>Spikes are kept as sorted {@code long} keys (time in the high bits, port in the low bits); adding is cheap and
 * sorting happens once before the next run, never inside the timestep loop.
 */
public final class SpikeInput {
    private final Board board;
    /**
     * Held weakly: a generator holds its network, which a board that released its description must not keep alive
     * (whoever can still call {@link Board#spikeInput} holds the generator, and so keeps it here).
     */
    private final java.lang.ref.WeakReference<SpikeGenerator> generator;
    private final String name;
    private final int ports;
    private long[] events = new long[64];
    private int size;
    private int cursor;
    private boolean sorted = true;
    /** The pending keys while they are not sorted, to refuse a duplicate when it is added. */
    private final KeySet scheduled = new KeySet();

    SpikeInput(Board board, SpikeGenerator generator) {
        this.board = board;
        this.generator = new java.lang.ref.WeakReference<>(generator);
        this.name = generator.name();
        this.ports = generator.size();
    }

    /**
     * The generator this input drives; null only after {@link Board#releaseDescription()} once nothing else holds
     * the generator.
     */
    public SpikeGenerator generator() {
        return generator.get();
    }

    /**
     * Schedules one spike of {@code port} stamped {@code time}: its targets integrate it at {@code time + 1 + delay}.
     * The stamp must lie after the board's current time; before the first run it may be 0, which is how a spike reaches
     * step 1. A port fires at most once per timestep: a second spike on the same port and stamp is refused here.
     */
    public void addSpike(int port, long time) {
        if (port < 0 || port >= ports) {
            throw new IllegalArgumentException("spike generator " + name + ": port " + port
                    + " is outside 0.." + (ports - 1));
        }
        long now = board.time();
        if (time < 0 || (time <= now && now > 0)) {
            throw new IllegalArgumentException("spike generator " + name + ": time " + time
                    + " is not after the board's current time " + now
                    + (now == 0 ? "" : " (only before the first run may a spike be stamped 0)"));
        }
        if (time > (1L << 40)) {
            throw new IllegalArgumentException("spike generator " + name + ": time " + time
                    + " is beyond the supported 2^40 timesteps");
        }
        long key = (time << 22) | port;
        if (isScheduled(key)) {
            throw new IllegalArgumentException("spike generator " + name + ": port " + port
                    + " already has a spike at time " + time + "; a port fires at most once per timestep");
        }
        if (size == events.length) {
            compact();
            if (size == events.length) {
                events = Arrays.copyOf(events, events.length * 2);
            }
        }
        events[size++] = key;
    }

    /**
     * Whether {@code key} is already pending, and from now on it is. Spikes added in time order (the usual case) need
     * one comparison; while the pending keys are sorted a binary search answers; only after an out-of-order add, until
     * the next run sorts them, a hash set of the pending keys does.
     */
    private boolean isScheduled(long key) {
        if (sorted) {
            if (size == cursor || key > events[size - 1]) {
                return false;
            }
            if (Arrays.binarySearch(events, cursor, size, key) >= 0) {
                return true;
            }
            sorted = false;
            scheduled.reset(events, cursor, size);
        }
        return !scheduled.add(key, events, cursor, size);
    }

    /** Schedules spikes of {@code port} at each of {@code times}. */
    public void addSpikes(int port, long... times) {
        for (long t : times) {
            addSpike(port, t);
        }
    }

    /** Schedules a spike at {@code time} on each port in {@code ports[0 .. count-1]}. */
    public void addSpikes(int[] ports, int count, long time) {
        for (int k = 0; k < count; k++) {
            addSpike(ports[k], time);
        }
    }

    /** Removes every spike not yet delivered. */
    public void clear() {
        size = 0;
        cursor = 0;
        sorted = true;
    }

    /** Number of scheduled spikes not yet delivered. */
    public int pending() {
        return size - cursor;
    }

    private void compact() {
        if (cursor > 0) {
            System.arraycopy(events, cursor, events, 0, size - cursor);
            size -= cursor;
            cursor = 0;
        }
    }

    /** Sorts the pending spikes; called by the board before a run. */
    void prepare() {
        compact();
        if (!sorted) {
            Arrays.sort(events, 0, size);
            sorted = true;
        }
    }

    /** Whether a pending spike is stamped {@code t} (after {@link #prepare()}). */
    boolean hasSpikesAt(long t) {
        return cursor < size && (events[cursor] >>> 22) == t;
    }

    /** Posts the spikes stamped {@code t} through the generator's routing. */
    void emit(long t, int[] outStart, int[] outBox, int[] outAxon, Mailbox box) {
        while (cursor < size && (events[cursor] >>> 22) == t) {
            int port = (int) (events[cursor++] & 0x3FFFFF);
            for (int o = outStart[port]; o < outStart[port + 1]; o++) {
                box.post(outBox[o], outAxon[o]);
            }
        }
    }

    /**
     * An open-addressing set of the pending spike keys (non-negative longs), filled from the pending keys when they stop
     * being sorted; when it fills up it is rebuilt from them, so its size stays proportional to them.
     */
    private static final class KeySet {
        private long[] table = new long[128];
        private int count;

        KeySet() {
            Arrays.fill(table, -1L);
        }

        /** Adds {@code key}; false if it was there. {@code pending[from..to)} are the keys still to deliver. */
        boolean add(long key, long[] pending, int from, int to) {
            if (2 * (count + 1) > table.length) {
                reset(pending, from, to);
            }
            int mask = table.length - 1;
            int i = (int) mix(key) & mask;
            while (table[i] != -1L) {
                if (table[i] == key) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = key;
            count++;
            return true;
        }

        /** Empties the set and fills it with {@code pending[from..to)}. */
        void reset(long[] pending, int from, int to) {
            int live = to - from;
            int capacity = 128;
            while (capacity < 4 * (live + 1)) {
                capacity *= 2;
            }
            table = new long[capacity];
            Arrays.fill(table, -1L);
            count = 0;
            int mask = capacity - 1;
            for (int k = from; k < to; k++) {
                int i = (int) mix(pending[k]) & mask;
                while (table[i] != -1L && table[i] != pending[k]) {
                    i = (i + 1) & mask;
                }
                if (table[i] == -1L) {
                    table[i] = pending[k];
                    count++;
                }
            }
        }

        private static long mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            return x ^ (x >>> 33);
        }
    }
}
