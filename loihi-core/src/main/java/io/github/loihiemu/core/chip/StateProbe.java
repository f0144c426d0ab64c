package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.network.CompartmentGroup;

import java.util.Arrays;

/**
 * Records the current u or the voltage v of every compartment of a group, as they stand after each sampled step
 * (management phase). Sample {@code s} of compartment {@code i} is {@code value(s, i)}.
 *
 * <p>On the chip, the V register of a compartment that fired reads {@code R * 128} in the management phase of its
 * spike step; with {@code chipVoltageQuirk} the probe reports that value too (off by default: the emulator's v is 0
 * after a spike).
 */
public final class StateProbe {
    /** What a state probe reads. */
    public enum Variable { CURRENT, VOLTAGE }

    private final CompartmentGroup group;
    private final Variable variable;
    private final long start;
    private final int interval;
    private final boolean chipVoltageQuirk;
    final int[] coreSlot;
    final int[] local;
    private int[] data;
    private long[] times = new long[64];
    private int samples;

    StateProbe(CompartmentGroup group, Variable variable, long start, int interval, boolean chipVoltageQuirk,
               int[] coreSlot, int[] local) {
        this.group = group;
        this.variable = variable;
        this.start = start;
        this.interval = interval;
        this.chipVoltageQuirk = chipVoltageQuirk;
        this.coreSlot = coreSlot;
        this.local = local;
        this.data = new int[64 * group.size()];
    }

    void sample(long t, Neurocore[] cores) {
        if (t < start || (t - start) % interval != 0) {
            return;
        }
        int n = coreSlot.length;
        if ((samples + 1) * n > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        if (samples == times.length) {
            times = Arrays.copyOf(times, samples * 2);
        }
        int o = samples * n;
        for (int i = 0; i < n; i++) {
            Neurocore c = cores[coreSlot[i]];
            int l = local[i];
            int value = variable == Variable.CURRENT ? c.u[l] : c.v[l];
            if (chipVoltageQuirk && variable == Variable.VOLTAGE && c.lastSpike[l] == t) {
                value = c.refractoryDelay[l] * 128;
            }
            data[o + i] = value;
        }
        times[samples++] = t;
    }

    /** The probed group. */
    public CompartmentGroup group() {
        return group;
    }

    /** What is recorded. */
    public Variable variable() {
        return variable;
    }

    /** Number of samples taken. */
    public int samples() {
        return samples;
    }

    /** Timestep of sample {@code s}. */
    public long time(int s) {
        return times[s];
    }

    /** Value of compartment {@code i} in sample {@code s}. */
    public int value(int s, int i) {
        return data[s * coreSlot.length + i];
    }

    /** The time series of compartment {@code i} (a copy). */
    public int[] series(int i) {
        int[] r = new int[samples];
        for (int s = 0; s < samples; s++) {
            r[s] = data[s * coreSlot.length + i];
        }
        return r;
    }

    /** Forgets every sample. */
    public void clear() {
        samples = 0;
    }
}
