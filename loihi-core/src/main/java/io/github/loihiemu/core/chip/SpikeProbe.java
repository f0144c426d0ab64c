package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.network.CompartmentGroup;

import java.util.Arrays;

/**
 * Records the spikes of a compartment group: for every recorded spike its timestep and the compartment's index in
 * the group, in time order (ties by index). Read them as primitive arrays without boxing.
 */
public final class SpikeProbe {
    private final CompartmentGroup group;
    private final long start;
    private final int interval;
    final int[] coreSlot;
    final int[] local;
    private long[] times = new long[256];
    private int[] indices = new int[256];
    private final long[] counts;
    private int size;
    /** The core slots holding the group, and per such core its local compartment index -> group index (-1). */
    private final int[] touched;
    private final int[][] indexOfLocal;

    SpikeProbe(CompartmentGroup group, long start, int interval, int[] coreSlot, int[] local) {
        this.group = group;
        this.start = start;
        this.interval = interval;
        this.coreSlot = coreSlot;
        this.local = local;
        this.counts = new long[group.size()];
        java.util.TreeMap<Integer, int[]> maps = new java.util.TreeMap<>();
        int[] extent = new int[0];
        for (int i = 0; i < coreSlot.length; i++) {
            if (coreSlot[i] >= extent.length) {
                extent = Arrays.copyOf(extent, coreSlot[i] + 1);
            }
            extent[coreSlot[i]] = Math.max(extent[coreSlot[i]], local[i] + 1);
        }
        for (int i = 0; i < coreSlot.length; i++) {
            int[] m = maps.get(coreSlot[i]);
            if (m == null) {
                m = new int[extent[coreSlot[i]]];
                Arrays.fill(m, -1);
                maps.put(coreSlot[i], m);
            }
            m[local[i]] = i;
        }
        touched = new int[maps.size()];
        indexOfLocal = new int[maps.size()][];
        int j = 0;
        for (java.util.Map.Entry<Integer, int[]> e : maps.entrySet()) {
            touched[j] = e.getKey();
            indexOfLocal[j++] = e.getValue();
        }
    }

    /** Records the spikes of step t, read from the fired lists of the group's cores (not by scanning the group). */
    void sample(long t, Neurocore[] cores) {
        if (t < start || (t - start) % interval != 0) {
            return;
        }
        final int first = size;
        for (int j = 0; j < touched.length; j++) {
            Neurocore c = cores[touched[j]];
            int[] map = indexOfLocal[j];
            int[] fired = c.fired;
            for (int k = 0; k < c.firedCount; k++) {
                int l = fired[k];
                int i = l < map.length ? map[l] : -1;
                if (i >= 0) {
                    if (size == times.length) {
                        times = Arrays.copyOf(times, size * 2);
                        indices = Arrays.copyOf(indices, size * 2);
                    }
                    times[size] = t;
                    indices[size++] = i;
                    counts[i]++;
                }
            }
        }
        // ties by index: the cores' lists come in core order, usually already sorted
        for (int a = first + 1; a < size; a++) {
            int x = indices[a];
            int b = a - 1;
            while (b >= first && indices[b] > x) {
                indices[b + 1] = indices[b];
                b--;
            }
            indices[b + 1] = x;
        }
    }

    /** The probed group. */
    public CompartmentGroup group() {
        return group;
    }

    /** Number of spikes recorded. */
    public int size() {
        return size;
    }

    /** Timestep of recorded spike {@code k}. */
    public long time(int k) {
        return times[k];
    }

    /** Group index of the compartment of recorded spike {@code k}. */
    public int index(int k) {
        return indices[k];
    }

    /** Copies of the recorded timesteps. */
    public long[] times() {
        return Arrays.copyOf(times, size);
    }

    /** Copies of the recorded compartment indices. */
    public int[] indices() {
        return Arrays.copyOf(indices, size);
    }

    /** Number of recorded spikes of compartment {@code i}. */
    public long count(int i) {
        return counts[i];
    }

    /** Whether compartment {@code i} spiked at timestep {@code t} (binary search over the records). */
    public boolean spiked(int i, long t) {
        int lo = Arrays.binarySearch(times, 0, size, t);
        if (lo < 0) {
            return false;
        }
        while (lo > 0 && times[lo - 1] == t) {
            lo--;
        }
        for (int k = lo; k < size && times[k] == t; k++) {
            if (indices[k] == i) {
                return true;
            }
        }
        return false;
    }

    /** Forgets every record (and the counts). */
    public void clear() {
        size = 0;
        Arrays.fill(counts, 0);
    }
}
