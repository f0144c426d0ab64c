package io.github.loihiemu.core.network;

import io.github.loihiemu.core.synapse.WeightFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which synapses a connection has and their initial weight mantissas, as coordinate lists sorted by source then
 * target. Weight matrices follow NxSDK's orientation: {@code weights[target][source]}.
 *
 * <p>Every synapse takes the delay and weight format of its connection's prototype unless the topology gives it its
 * own: {@link #synapses()} builds an explicit synapse list with a weight, a delay and optionally a weight format per
 * synapse, and the mapper groups each core's synapses into the chip's formats.
 */
public final class Topology {
    final int[] source;
    final int[] target;
    /**
     * Per-synapse weight mantissa, or null when every synapse has {@link #uniformWeight} (a large generated network
     * often has one weight: its build then neither copies nor holds 4 bytes per synapse for it).
     */
    final int[] weight;
    final int uniformWeight;
    /** The extremes of the weights and the largest target (0, 0 and -1 without synapses). */
    final int weightMin;
    final int weightMax;
    final int maxTarget;
    /** Per-synapse delay, or null: every synapse has the prototype's delay. */
    final int[] delay;
    /** Per-synapse index into {@link #formats}, or null: every synapse has the prototype's format. */
    final int[] format;
    /** The distinct formats of {@link #format}; entry null stands for the prototype's format. */
    final WeightFormat[] formats;

    /**
     * {@code weight} null: every synapse has {@code uniformWeight}; the extremes are the weights' and the largest
     * target is {@code maxTarget} (0, 0 and -1 without synapses).
     */
    private Topology(int[] source, int[] target, int[] weight, int uniformWeight, int[] delay, int[] format,
                     WeightFormat[] formats, int maxTarget, int weightMin, int weightMax) {
        this.source = source;
        this.target = target;
        this.weight = weight;
        this.uniformWeight = weight == null ? uniformWeight : 0;
        this.delay = delay;
        this.format = format;
        this.formats = formats;
        this.maxTarget = maxTarget;
        boolean none = source.length == 0;
        this.weightMin = none ? 0 : weightMin;
        this.weightMax = none ? 0 : weightMax;
    }

    /** A topology of its own arrays: the weights are dropped for one value if they are all equal. */
    private static Topology of(int[] source, int[] target, int[] weight, int[] delay, int[] format,
                               WeightFormat[] formats) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int w : weight) {
            lo = Math.min(lo, w);
            hi = Math.max(hi, w);
        }
        int m = -1;
        for (int t : target) {
            m = Math.max(m, t);
        }
        boolean one = weight.length > 0 && lo == hi;
        return new Topology(source, target, one ? null : weight, one ? lo : 0, delay, format, formats, m, lo, hi);
    }

    /** Every synapse with weight {@code weight}. */
    private static Topology ofOneWeight(int[] source, int[] target, int weight) {
        int m = -1;
        for (int t : target) {
            m = Math.max(m, t);
        }
        return new Topology(source, target, null, weight, null, null, null, m, weight, weight);
    }

    private static boolean allEqual(int[] w) {
        if (w.length == 0) {
            return false;
        }
        int v = w[0];
        for (int x : w) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    /** Weight mantissa of synapse k. */
    int weight(int k) {
        return weight == null ? uniformWeight : weight[k];
    }

    /** Number of synapses. */
    public int synapseCount() {
        return source.length;
    }

    /** Every source to every target, each with weight {@code weights[target][source]}. */
    public static Topology allToAll(int[][] weights) {
        if (weights == null || weights.length == 0 || weights[0] == null) {
            throw new IllegalArgumentException("all-to-all topology: the weight matrix is empty");
        }
        return matrix(weights, null);
    }

    /** Every source to every target with one weight (NxSDK one-to-all / all-to-all with a scalar). */
    public static Topology uniform(int sourceSize, int targetSize, int weight) {
        positive("source size", sourceSize);
        positive("target size", targetSize);
        long all = (long) sourceSize * targetSize;
        if (all > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("uniform topology: " + sourceSize + " x " + targetSize + " = " + all
                    + " synapses, more than one connection's arrays can hold (" + (Integer.MAX_VALUE - 8) + ")");
        }
        int n = (int) all;
        int[] s = new int[n];
        int[] t = new int[n];
        int k = 0;
        for (int j = 0; j < sourceSize; j++) {
            for (int i = 0; i < targetSize; i++) {
                s[k] = j;
                t[k++] = i;
            }
        }
        return ofOneWeight(s, t, weight);
    }

    /** Source {@code i} to target {@code i}, for {@code size} pairs, all with one weight. */
    public static Topology oneToOne(int size, int weight) {
        positive("size", size);
        int[] s = new int[size];
        for (int i = 0; i < size; i++) {
            s[i] = i;
        }
        return ofOneWeight(s, s.clone(), weight);
    }

    /**
     * An explicit weight matrix {@code weights[target][source]} with an optional connection mask of the same shape
     * ({@code null}: every entry is a synapse). Masked-out entries make no synapse, whatever their weight.
     */
    public static Topology matrix(int[][] weights, boolean[][] mask) {
        int rows = weights.length;
        int cols = weights[0].length;
        for (int i = 0; i < rows; i++) {
            if (weights[i] == null || weights[i].length != cols) {
                throw new IllegalArgumentException("weight matrix: row " + i + " has "
                        + (weights[i] == null ? "no entries" : weights[i].length + " entries") + ", expected " + cols);
            }
            if (mask != null && (i >= mask.length || mask[i] == null || mask[i].length != cols)) {
                throw new IllegalArgumentException("connection mask: shape differs from the weight matrix ["
                        + rows + "][" + cols + "] at row " + i);
            }
        }
        if (mask != null && mask.length != rows) {
            throw new IllegalArgumentException("connection mask: " + mask.length + " rows, expected " + rows);
        }
        int n = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (mask == null || mask[i][j]) {
                    n++;
                }
            }
        }
        int[] s = new int[n];
        int[] t = new int[n];
        int[] w = new int[n];
        int k = 0;
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                if (mask == null || mask[i][j]) {
                    s[k] = j;
                    t[k] = i;
                    w[k++] = weights[i][j];
                }
            }
        }
        return of(s, t, w, null, null, null);
    }

    /**
     * Synapses given as coordinate lists (any order; duplicates are rejected). The arrays are copied.
     */
    public static Topology sparse(int[] sources, int[] targets, int[] weights) {
        return sparse(sources, targets, weights, null, null, null, "sparse topology");
    }

    /**
     * Synapses given as coordinate lists with a delay per synapse (0..62, or -1 for the connection prototype's; the
     * mapper checks each against the target core's dendritic accumulators). Any order; duplicates are rejected; the
     * arrays are copied.
     */
    public static Topology sparse(int[] sources, int[] targets, int[] weights, int[] delays) {
        if (delays == null) {
            throw new IllegalArgumentException("sparse topology: delays must not be null (use the three-array form)");
        }
        return sparse(sources, targets, weights, delays, null, null, "sparse topology");
    }

    /** An explicit synapse list: a weight, a delay and optionally a weight format per synapse. */
    public static SynapseList synapses() {
        return new SynapseList();
    }

    /**
     * Builds an explicit synapse list one synapse at a time. A synapse added without a delay or format takes its
     * connection prototype's; the ones that give them are grouped into the chip's formats by the mapper.
     */
    public static final class SynapseList {
        private int[] source = new int[16];
        private int[] target = new int[16];
        private int[] weight = new int[16];
        private int[] delay = new int[16];
        private int[] format = new int[16];
        private final List<WeightFormat> formats = new ArrayList<>();
        private boolean anyDelay;
        private int size;

        private SynapseList() {
            formats.add(null);
        }

        /** A synapse with the prototype's delay and format. */
        public SynapseList add(int source, int target, int weight) {
            return put(source, target, weight, -1, null);
        }

        /** A synapse with delay {@code delay} (0..62) and the prototype's format. */
        public SynapseList add(int source, int target, int weight, int delay) {
            checkDelay(delay);
            return put(source, target, weight, delay, null);
        }

        /** A synapse with delay {@code delay} (0..62) and weight format {@code format}. */
        public SynapseList add(int source, int target, int weight, int delay, WeightFormat format) {
            checkDelay(delay);
            if (format == null) {
                throw new IllegalArgumentException("synapse list: synapse " + size + " (" + source + " -> " + target
                        + ") has a null weight format");
            }
            return put(source, target, weight, delay, format);
        }

        private void checkDelay(int d) {
            if (d < 0 || d > 62) {
                throw new IllegalArgumentException("synapse list: synapse " + size + " has delay " + d
                        + ", outside 0..62");
            }
        }

        private SynapseList put(int s, int t, int w, int d, WeightFormat f) {
            if (size == source.length) {
                int n = size * 2;
                source = Arrays.copyOf(source, n);
                target = Arrays.copyOf(target, n);
                weight = Arrays.copyOf(weight, n);
                delay = Arrays.copyOf(delay, n);
                format = Arrays.copyOf(format, n);
            }
            int fi = 0;
            if (f != null) {
                fi = formats.indexOf(f);
                if (fi < 0) {
                    fi = formats.size();
                    formats.add(f);
                }
            }
            source[size] = s;
            target[size] = t;
            weight[size] = w;
            delay[size] = d;
            format[size] = fi;
            anyDelay |= d >= 0;
            size++;
            return this;
        }

        /** The topology; its synapses are sorted by source, then target, and duplicates are rejected. */
        public Topology build() {
            if (size == 0) {
                throw new IllegalArgumentException("synapse list: no synapses were added");
            }
            boolean anyFormat = formats.size() > 1;
            return sparse(Arrays.copyOf(source, size), Arrays.copyOf(target, size), Arrays.copyOf(weight, size),
                    anyDelay ? Arrays.copyOf(delay, size) : null, anyFormat ? Arrays.copyOf(format, size) : null,
                    anyFormat ? formats.toArray(new WeightFormat[0]) : null, "synapse list");
        }
    }

    /** Sorts the synapses by (source, target) with a primitive sort of packed keys, rejecting duplicates. */
    private static Topology sparse(int[] sources, int[] targets, int[] weights, int[] delays, int[] formatIndex,
                                   WeightFormat[] formats, String what) {
        if (sources == null || targets == null || weights == null) {
            throw new IllegalArgumentException(what + ": sources, targets and weights must not be null");
        }
        if (sources.length != targets.length || sources.length != weights.length
                || (delays != null && delays.length != sources.length)) {
            throw new IllegalArgumentException(what + ": " + sources.length + " sources, " + targets.length
                    + " targets, " + weights.length + " weights"
                    + (delays == null ? "" : " and " + delays.length + " delays") + " differ in length");
        }
        int n = sources.length;
        // one pass checks every entry and, while the input is in (source, target) order (the common case: generated
        // in source order), copies it and notes its extremes, so that sorted input costs no sort key, no order
        // per synapse and no second pass
        boolean sorted = true;
        int[] s = new int[n];
        int[] t = new int[n];
        int duplicate = -1;
        int maxTarget = -1;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        int ps = -1;
        int pt = -1;
        for (int k = 0; k < n; k++) {
            int src = sources[k];
            int tgt = targets[k];
            if (src < 0 || tgt < 0) {
                throw new IllegalArgumentException(what + ": negative index at entry " + k + " (source "
                        + src + ", target " + tgt + ")");
            }
            if (delays != null && delays[k] != -1 && (delays[k] < 0 || delays[k] > 62)) {
                throw new IllegalArgumentException(what + ": delay " + delays[k] + " at entry " + k
                        + " is outside 0..62");
            }
            if (sorted) {
                if (ps > src || (ps == src && pt > tgt)) {
                    sorted = false;
                    continue;
                }
                if (ps == src && pt == tgt && duplicate < 0) {
                    duplicate = k;
                }
                s[k] = src;
                t[k] = tgt;
                maxTarget = Math.max(maxTarget, tgt);
                int w = weights[k];
                lo = Math.min(lo, w);
                hi = Math.max(hi, w);
                ps = src;
                pt = tgt;
            }
        }
        if (sorted) {
            if (duplicate >= 0) {
                throw new IllegalArgumentException(what + ": duplicate synapse from source " + s[duplicate]
                        + " to target " + t[duplicate]);
            }
            boolean one = n > 0 && lo == hi;
            return new Topology(s, t, one ? null : weights.clone(), one ? lo : 0,
                    delays == null ? null : delays.clone(), formatIndex == null ? null : formatIndex.clone(), formats,
                    maxTarget, lo, hi);
        }
        long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            keys[k] = ((long) sources[k] << 32) | targets[k];
        }
        int[] order = sortedOrder(keys);
        // the copies of the sorted prefix are dropped: the sorted order is written afresh
        s = new int[n];
        t = new int[n];
        int[] w = new int[n];
        int[] d = delays == null ? null : new int[n];
        int[] f = formatIndex == null ? null : new int[n];
        for (int k = 0; k < n; k++) {
            int o = order[k];
            s[k] = sources[o];
            t[k] = targets[o];
            w[k] = weights[o];
            if (d != null) {
                d[k] = delays[o];
            }
            if (f != null) {
                f[k] = formatIndex[o];
            }
            if (k > 0 && s[k] == s[k - 1] && t[k] == t[k - 1]) {
                throw new IllegalArgumentException(what + ": duplicate synapse from source " + s[k]
                        + " to target " + t[k]);
            }
        }
        return of(s, t, w, d, f, formats);
    }

    /** The entry order that sorts {@code keys} ascending (stable), without boxing. */
    private static int[] sortedOrder(long[] keys) {
        int n = keys.length;
        boolean sorted = true;
        for (int k = 1; k < n && sorted; k++) {
            sorted = keys[k - 1] <= keys[k];
        }
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        if (sorted) {
            return order;
        }
        // bottom-up merge sort of entry numbers by key (stable): O(n log n) on primitive arrays, no boxing
        int[] src = order;
        int[] dst = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int o = lo;
                while (i < mid && j < hi) {
                    dst[o++] = keys[src[j]] < keys[src[i]] ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[o++] = src[i++];
                }
                while (j < hi) {
                    dst[o++] = src[j++];
                }
            }
            int[] swap = src;
            src = dst;
            dst = swap;
        }
        return src;
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("topology: " + what + " = " + v + " must be positive");
        }
    }

    int maxSource() {
        // every constructor leaves the synapses sorted by source
        return source.length == 0 ? -1 : source[source.length - 1];
    }

    int maxTarget() {
        return maxTarget;
    }
}
