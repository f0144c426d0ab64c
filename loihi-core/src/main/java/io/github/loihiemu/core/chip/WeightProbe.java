package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.network.Connection;

import java.util.Arrays;

/**
 * Records the weight mantissas of every synapse of a connection after each sampled step (management phase, so a
 * change made by the learning phase of step t is visible in sample t). Synapses are in the connection's order
 * (by source, then target).
 */
public final class WeightProbe {
    private final Connection connection;
    private final long start;
    private final int interval;
    final int[] coreSlot;
    final int[] index;
    private int[] data;
    private long[] times = new long[16];
    private int samples;

    WeightProbe(Connection connection, long start, int interval, int[] coreSlot, int[] index) {
        this.connection = connection;
        this.start = start;
        this.interval = interval;
        this.coreSlot = coreSlot;
        this.index = index;
        this.data = new int[Math.max(1, 16 * connection.synapseCount())];
    }

    void sample(long t, Neurocore[] cores) {
        if (t < start || (t - start) % interval != 0) {
            return;
        }
        int n = index.length;
        while ((samples + 1) * n > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        if (samples == times.length) {
            times = Arrays.copyOf(times, samples * 2);
        }
        int o = samples * n;
        for (int k = 0; k < n; k++) {
            data[o + k] = cores[coreSlot[k]].synapseWeight[index[k]];
        }
        times[samples++] = t;
    }

    /** The probed connection. */
    public Connection connection() {
        return connection;
    }

    /** Number of samples taken. */
    public int samples() {
        return samples;
    }

    /** Timestep of sample {@code s}. */
    public long time(int s) {
        return times[s];
    }

    /** Weight of synapse {@code k} in sample {@code s}. */
    public int weight(int s, int k) {
        return data[s * index.length + k];
    }

    /** The weight history of synapse {@code k} (a copy). */
    public int[] series(int k) {
        int[] r = new int[samples];
        for (int s = 0; s < samples; s++) {
            r[s] = data[s * index.length + k];
        }
        return r;
    }

    /** Forgets every sample. */
    public void clear() {
        samples = 0;
    }
}
