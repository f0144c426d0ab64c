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
    private final SpikeGenerator generator;
    private long[] events = new long[64];
    private int size;
    private int cursor;
    private boolean sorted = true;

    SpikeInput(Board board, SpikeGenerator generator) {
        this.board = board;
        this.generator = generator;
    }

    /** The generator this input drives. */
    public SpikeGenerator generator() {
        return generator;
    }

    /**
     * Schedules one spike of {@code port} at timestep {@code time}, which must lie after the board's current time
     * (timesteps start at 1).
     */
    public void addSpike(int port, long time) {
        if (port < 0 || port >= generator.size()) {
            throw new IllegalArgumentException("spike generator " + generator.name() + ": port " + port
                    + " is outside 0.." + (generator.size() - 1));
        }
        if (time <= board.time()) {
            throw new IllegalArgumentException("spike generator " + generator.name() + ": time " + time
                    + " is not after the board's current time " + board.time());
        }
        if (time > (1L << 40)) {
            throw new IllegalArgumentException("spike generator " + generator.name() + ": time " + time
                    + " is beyond the supported 2^40 timesteps");
        }
        if (size == events.length) {
            compact();
            if (size == events.length) {
                events = Arrays.copyOf(events, events.length * 2);
            }
        }
        long key = (time << 22) | port;
        if (size > 0 && key < events[size - 1]) {
            sorted = false;
        }
        events[size++] = key;
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

    /** Sorts and checks for duplicates; called by the board before a run. */
    void prepare() {
        compact();
        if (!sorted) {
            Arrays.sort(events, 0, size);
            sorted = true;
        }
        for (int k = 1; k < size; k++) {
            if (events[k] == events[k - 1]) {
                throw new IllegalStateException("spike generator " + generator.name() + ": port "
                        + (events[k] & 0x3FFFFF) + " has two spikes at time " + (events[k] >>> 22)
                        + "; a port fires at most once per timestep");
            }
        }
    }

    /** Posts the spikes stamped {@code t} through the generator's routing. */
    void emit(long t, int[] outStart, int[] outCore, int[] outAxon, Mailbox box) {
        while (cursor < size && (events[cursor] >>> 22) == t) {
            int port = (int) (events[cursor++] & 0x3FFFFF);
            for (int o = outStart[port]; o < outStart[port + 1]; o++) {
                box.post(outCore[o], outAxon[o]);
            }
        }
    }
}
