package io.github.loihiemu.core.network;

import java.util.Arrays;

/**
 * Which synapses a connection has and their initial weight mantissas, as coordinate lists sorted by source then
 * target. Weight matrices follow NxSDK's orientation: {@code weights[target][source]}.
 */
public final class Topology {
    final int[] source;
    final int[] target;
    final int[] weight;

    private Topology(int[] source, int[] target, int[] weight) {
        this.source = source;
        this.target = target;
        this.weight = weight;
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
        int n = sourceSize * targetSize;
        int[] s = new int[n];
        int[] t = new int[n];
        int[] w = new int[n];
        int k = 0;
        for (int j = 0; j < sourceSize; j++) {
            for (int i = 0; i < targetSize; i++) {
                s[k] = j;
                t[k] = i;
                w[k++] = weight;
            }
        }
        return new Topology(s, t, w);
    }

    /** Source {@code i} to target {@code i}, for {@code size} pairs, all with one weight. */
    public static Topology oneToOne(int size, int weight) {
        positive("size", size);
        int[] s = new int[size];
        int[] w = new int[size];
        for (int i = 0; i < size; i++) {
            s[i] = i;
            w[i] = weight;
        }
        return new Topology(s, s.clone(), w);
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
        return new Topology(s, t, w);
    }

    /**
     * Synapses given as coordinate lists (any order; duplicates are rejected). The arrays are copied.
     */
    public static Topology sparse(int[] sources, int[] targets, int[] weights) {
        if (sources.length != targets.length || sources.length != weights.length) {
            throw new IllegalArgumentException("sparse topology: " + sources.length + " sources, " + targets.length
                    + " targets and " + weights.length + " weights differ in length");
        }
        int n = sources.length;
        long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            if (sources[k] < 0 || targets[k] < 0) {
                throw new IllegalArgumentException("sparse topology: negative index at entry " + k);
            }
            keys[k] = ((long) sources[k] << 32) | (targets[k] & 0xFFFFFFFFL);
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        int[] s = new int[n];
        int[] t = new int[n];
        int[] w = new int[n];
        for (int k = 0; k < n; k++) {
            int o = order[k];
            s[k] = sources[o];
            t[k] = targets[o];
            w[k] = weights[o];
            if (k > 0 && s[k] == s[k - 1] && t[k] == t[k - 1]) {
                throw new IllegalArgumentException("sparse topology: duplicate synapse from source " + s[k]
                        + " to target " + t[k]);
            }
        }
        return new Topology(s, t, w);
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("topology: " + what + " = " + v + " must be positive");
        }
    }

    int maxSource() {
        int m = -1;
        for (int v : source) {
            m = Math.max(m, v);
        }
        return m;
    }

    int maxTarget() {
        int m = -1;
        for (int v : target) {
            m = Math.max(m, v);
        }
        return m;
    }
}
