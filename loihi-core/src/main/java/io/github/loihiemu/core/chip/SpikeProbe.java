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

    /**
     * Per worker: the (step, group index) pairs of the spikes its cores staged since the last {@link #commit}, in step
     * order. Each worker writes only its own lists and count (a count has a cache line of its own), so that staging
     * moves no cache line between workers; the record is merged from them when the run ends (or at every step where
     * hooks may read it), not step by step on worker 0 while the others write.
     */
    private final long[][] stageTimes;
    private final int[][] stageIndices;
    private final int[] staged;
    /** Scratch of {@link #commit}: per worker, its next staged pair. */
    private final int[] cursor;
    /** Ints per worker in {@link #staged}: 16 x 4 bytes, one cache line. */
    private static final int STRIDE = 16;

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
        stageTimes = new long[workers][64];
        stageIndices = new int[workers][64];
        staged = new int[workers * STRIDE];
        cursor = new int[workers];
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
     * spiked there. Each worker writes only its own lists, so the cores of different workers stage in parallel.
     */
    void stage(long t, int w, int j, Neurocore c) {
        if (!samples(t)) {
            return;
        }
        int count = c.firedCount;
        if (count == 0) {
            return;
        }
        int n = staged[w * STRIDE];
        if (n + count > stageIndices[w].length) {
            int cap = Math.max(2 * stageIndices[w].length, n + count);
            stageTimes[w] = Arrays.copyOf(stageTimes[w], cap);
            stageIndices[w] = Arrays.copyOf(stageIndices[w], cap);
        }
        long[] times = stageTimes[w];
        int[] list = stageIndices[w];
        int[] map = indexOfLocal[j];
        int[] fired = c.fired;
        int lo = firstLocal[j];
        if (lo >= 0) {
            int k = Arrays.binarySearch(fired, 0, count, lo);
            int end = map.length;
            for (k = k < 0 ? -k - 1 : k; k < count && fired[k] < end; k++) {
                times[n] = t;
                list[n++] = map[fired[k]];
            }
        } else {
            for (int k = 0; k < count; k++) {
                int l = fired[k];
                int i = l < map.length ? map[l] : -1;
                if (i >= 0) {
                    times[n] = t;
                    list[n++] = i;
                }
            }
        }
        staged[w * STRIDE] = n;
    }

    /**
     * Moves every worker's staged spikes into the record: step by step, the spikes of a step ordered by group index
     * (so the record does not depend on how the cores were split among workers). Called with every worker stopped at
     * a barrier or done.
     */
    void commit() {
        int workers = stageIndices.length;
        int total = 0;
        for (int w = 0; w < workers; w++) {
            total += staged[w * STRIDE];
        }
        if (total == 0) {
            return;
        }
        if (size + total > times.length) {
            int cap = Math.max(times.length * 2, size + total);
            times = Arrays.copyOf(times, cap);
            indices = Arrays.copyOf(indices, cap);
        }
        int[] at = cursor;
        Arrays.fill(at, 0);
        while (true) {
            long t = Long.MAX_VALUE;
            for (int w = 0; w < workers; w++) {
                if (at[w] < staged[w * STRIDE]) {
                    t = Math.min(t, stageTimes[w][at[w]]);
                }
            }
            if (t == Long.MAX_VALUE) {
                break;
            }
            final int first = size;
            for (int w = 0; w < workers; w++) {
                long[] st = stageTimes[w];
                int[] si = stageIndices[w];
                int n = staged[w * STRIDE];
                int k = at[w];
                for (; k < n && st[k] == t; k++) {
                    int i = si[k];
                    times[size] = t;
                    indices[size++] = i;
                    counts[i]++;
                }
                at[w] = k;
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
        for (int w = 0; w < workers; w++) {
            staged[w * STRIDE] = 0;
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
