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
    private long[] times = new long[256];
    private int[] indices = new int[256];
    private final long[] counts;
    private int size;
    /** The core slots holding the group, and per such core its local compartment index -> group index (-1). */
    private final int[] touched;
    private final int[][] indexOfLocal;

    /** Per step modulo 3 and per worker: the group indices that spiked, staged by the worker after its update. */
    private final int[][][] stage;
    private final int[][] staged;

    SpikeProbe(CompartmentGroup group, long start, int interval, int[] coreSlot, int[] local, int workers) {
        this.group = group;
        this.start = start;
        this.interval = interval;
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
        stage = new int[3][workers][group.size()];
        staged = new int[3][workers];
        touched = new int[maps.size()];
        indexOfLocal = new int[maps.size()][];
        firstLocal = new int[maps.size()];
        int j = 0;
        for (java.util.Map.Entry<Integer, int[]> e : maps.entrySet()) {
            touched[j] = e.getKey();
            int[] m = e.getValue();
            indexOfLocal[j] = m;
            int lo = 0;
            while (m[lo] < 0) {
                lo++;
            }
            boolean contiguous = true;
            for (int l = lo; l < m.length; l++) {
                contiguous &= m[l] >= 0;
            }
            firstLocal[j++] = contiguous ? lo : -1;
        }
    }

    /**
     * Per touched core: the first local index of the group there when its compartments there are one contiguous
     * range (as the mapper lays out groups), else -1. A core running many groups then finds the group's spikes by a
     * binary search of its ascending fired list instead of a scan (nBP's compute cores hold some 40 probed groups).
     */
    private final int[] firstLocal;

    /** The core slots holding the group, in the order {@link #stage} numbers them. */
    int[] touchedSlots() {
        return touched.clone();
    }

    private boolean samples(long t) {
        // every step is the common case: no 64-bit division then (it runs per core and probe every step)
        return t >= start && (interval == 1 || (t - start) % interval == 0);
    }

    /**
     * Worker w, right after core {@code c} (the probe's j-th core) updated in step t: stages the group indices that
     * spiked there. Each worker writes only its own list, so the cores of different workers stage in parallel.
     */
    void stage(long t, int w, int j, Neurocore c) {
        if (!samples(t)) {
            return;
        }
        int b = (int) (t % 3);
        int[] list = stage[b][w];
        int n = staged[b][w];
        int[] map = indexOfLocal[j];
        int[] fired = c.fired;
        int count = c.firedCount;
        int lo = firstLocal[j];
        if (lo >= 0) {
            int k = Arrays.binarySearch(fired, 0, count, lo);
            int end = map.length;
            for (k = k < 0 ? -k - 1 : k; k < count && fired[k] < end; k++) {
                list[n++] = map[fired[k]];
            }
        } else {
            for (int k = 0; k < count; k++) {
                int l = fired[k];
                int i = l < map.length ? map[l] : -1;
                if (i >= 0) {
                    list[n++] = i;
                }
            }
        }
        staged[b][w] = n;
    }

    /** End of step t: moves the staged spikes of every worker into the record, ties by index. */
    void commit(long t) {
        int b = (int) (t % 3);
        int[][] lists = stage[b];
        int[] counts = staged[b];
        final int first = size;
        for (int w = 0; w < lists.length; w++) {
            int n = counts[w];
            if (size + n > times.length) {
                int cap = Math.max(times.length * 2, size + n);
                times = Arrays.copyOf(times, cap);
                indices = Arrays.copyOf(indices, cap);
            }
            int[] list = lists[w];
            for (int k = 0; k < n; k++) {
                int i = list[k];
                times[size] = t;
                indices[size++] = i;
                this.counts[i]++;
            }
            counts[w] = 0;
        }
        for (int a = first + 1; a < size; a++) {
            int x = indices[a];
            int q = a - 1;
            while (q >= first && indices[q] > x) {
                indices[q + 1] = indices[q];
                q--;
            }
            indices[q + 1] = x;
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
