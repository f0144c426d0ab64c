package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.network.CompartmentGroup;

import java.util.Arrays;

/**
 * Records, after each sampled step (management phase), the current u, the voltage v and whether it spiked of every
 * compartment of a group, and returns them as arrays indexed {@code [sample][compartment]}: one probe where a study of
 * membrane dynamics would otherwise need two state probes and a spike probe. v reads 0 at a spike step, as the
 * emulator's state does (use {@link StateProbe} with the chip's voltage quirk for the register's value).
 *
 * <p>Memory: 9 bytes per compartment and sample; sample every {@code interval} steps to record long runs.
 */
public final class CompartmentProbe {
    private final CompartmentGroup group;
    private final long start;
    private final int interval;
    private final int[] coreSlot;
    private final int[] local;
    private int[] u;
    private int[] v;
    private boolean[] spiked;
    private long[] times = new long[64];
    private int samples;

    CompartmentProbe(CompartmentGroup group, long start, int interval, int[] coreSlot, int[] local) {
        this.group = group;
        this.start = start;
        this.interval = interval;
        this.coreSlot = coreSlot;
        this.local = local;
        int n = group.size();
        u = new int[16 * n];
        v = new int[16 * n];
        spiked = new boolean[16 * n];
    }

    void sample(long t, Neurocore[] cores) {
        if (t < start || (t - start) % interval != 0) {
            return;
        }
        int n = coreSlot.length;
        if ((long) (samples + 1) * n > u.length) {
            long grown = Math.max((long) u.length * 2, (long) (samples + 1) * n);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("compartment probe of " + group.name() + ": " + (samples + 1)
                        + " samples of " + n + " compartments exceed one Java array; sample with a larger interval"
                        + " or read and clear the probe between runs");
            }
            u = Arrays.copyOf(u, (int) grown);
            v = Arrays.copyOf(v, (int) grown);
            spiked = Arrays.copyOf(spiked, (int) grown);
        }
        if (samples == times.length) {
            times = Arrays.copyOf(times, samples * 2);
        }
        int o = samples * n;
        for (int i = 0; i < n; i++) {
            Neurocore c = cores[coreSlot[i]];
            int l = local[i];
            u[o + i] = c.u[l];
            v[o + i] = c.v[l];
            spiked[o + i] = c.lastSpike[l] == t;
        }
        times[samples++] = t;
    }

    /** The probed group. */
    public CompartmentGroup group() {
        return group;
    }

    /** Number of samples taken. */
    public int samples() {
        return samples;
    }

    /** The timestep of each sample (a copy). */
    public long[] times() {
        return Arrays.copyOf(times, samples);
    }

    /** u as {@code [sample][compartment]} (a copy). */
    public int[][] currents() {
        return view(u);
    }

    /** v as {@code [sample][compartment]} (a copy). */
    public int[][] voltages() {
        return view(v);
    }

    /** Whether each compartment spiked at each sampled step, {@code [sample][compartment]} (a copy). */
    public boolean[][] spikes() {
        int n = coreSlot.length;
        boolean[][] r = new boolean[samples][];
        for (int s = 0; s < samples; s++) {
            r[s] = Arrays.copyOfRange(spiked, s * n, (s + 1) * n);
        }
        return r;
    }

    /**
     * u of every sample in one array (a copy): entry {@code [s * n + i]} is compartment {@code i} in sample
     * {@code s}, n being the group's size. The same values as {@link #currents()} without an array per sample, so
     * that a caller outside Java (numpy through JPype) copies them in one bulk transfer.
     */
    public int[] currentsFlat() {
        return Arrays.copyOf(u, samples * coreSlot.length);
    }

    /** v of every sample in one array (a copy), entry {@code [s * n + i]}, as {@link #currentsFlat()}. */
    public int[] voltagesFlat() {
        return Arrays.copyOf(v, samples * coreSlot.length);
    }

    /** Whether each compartment spiked at each sampled step, entry {@code [s * n + i]}, as {@link #currentsFlat()}. */
    public boolean[] spikesFlat() {
        return Arrays.copyOf(spiked, samples * coreSlot.length);
    }

    /** u of compartment {@code i} in sample {@code s}. */
    public int current(int s, int i) {
        check(s, i);
        return u[s * coreSlot.length + i];
    }

    /** v of compartment {@code i} in sample {@code s}. */
    public int voltage(int s, int i) {
        check(s, i);
        return v[s * coreSlot.length + i];
    }

    /** Whether compartment {@code i} spiked at sample {@code s}'s step. */
    public boolean spiked(int s, int i) {
        check(s, i);
        return spiked[s * coreSlot.length + i];
    }

    /** Forgets every sample (the probe keeps recording). */
    public void clear() {
        samples = 0;
    }

    private int[][] view(int[] data) {
        int n = coreSlot.length;
        int[][] r = new int[samples][];
        for (int s = 0; s < samples; s++) {
            r[s] = Arrays.copyOfRange(data, s * n, (s + 1) * n);
        }
        return r;
    }

    private void check(int s, int i) {
        if (s < 0 || s >= samples || i < 0 || i >= coreSlot.length) {
            throw new IndexOutOfBoundsException("compartment probe of " + group.name() + ": sample " + s + " of "
                    + samples + ", compartment " + i + " of " + coreSlot.length);
        }
    }
}
