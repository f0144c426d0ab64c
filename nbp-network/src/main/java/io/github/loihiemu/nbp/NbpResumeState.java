package io.github.loihiemu.nbp;

import java.util.Arrays;

/**
 * What a training run carries across a sample boundary besides W_k and W_kT- ({@link NbpWeights}), so that a run
 * resumed from a checkpoint is the uninterrupted one on either engine:
 * <ul>
 * <li>every W_kT+ (k &gt;= 2): W_k transposed until a gate leak of the output family in slot 7 or 11 depresses it
 *     alone;</li>
 * <li>the W2 depression of slot 1 of the next window: h1 units leaking there (x's slot-0 replay, ungated, sum &gt;
 *     9,216) and output units leaking there (h1's slot-0 δ1- spikes under g00, sum &gt; 17,344) fire together, and
 *     the chip depresses W2 on those pairs by the step while the next sample runs, before its forward pass. Kept only
 *     when both sets are non-empty (nothing else follows from them but spike counts), so both are empty otherwise.</li>
 * </ul>
 * Nothing else crosses the boundary: every circuit neuron is memoryless (both decays 4096) and refractory for one
 * step only, the other spikes of slot 0 (δ1- on the h1 family, x's replay) reach only held-down or refractory
 * populations, and nBP's rule draws no random numbers.
 *
 * @param tPlus        {@code tPlus[k - 1]} = W_kT+ [n_k][n_{k-1}] row-major for k &gt;= 2; {@code tPlus[0]} is null
 * @param slot1Hidden  h1 units firing in slot 1 of the next window, ascending (one hidden layer only)
 * @param slot1Output  output units firing in slot 1 of the next window, ascending
 */
public record NbpResumeState(int[][] tPlus, int[] slot1Hidden, int[] slot1Output) {
    private static final int[] NONE = new int[0];

    public NbpResumeState {
        tPlus = tPlus.clone();
        for (int k = 0; k < tPlus.length; k++) {
            tPlus[k] = tPlus[k] == null ? null : tPlus[k].clone();
        }
        if (slot1Hidden.length == 0 || slot1Output.length == 0) {
            slot1Hidden = NONE;
            slot1Output = NONE;
        } else {
            slot1Hidden = slot1Hidden.clone();
            slot1Output = slot1Output.clone();
        }
    }

    /** The state of weights no run has trained yet, or of a checkpoint from before W_kT+ was stored. */
    public static NbpResumeState initial(NbpWeights w) {
        int[] l = w.layers();
        int[][] tp = new int[l.length - 1][];
        for (int k = 2; k < l.length; k++) {
            tp[k - 1] = transpose(w.matrix(k), l[k - 1], l[k]);
        }
        return new NbpResumeState(tp, NONE, NONE);
    }

    /** {@code m} [rows][cols] transposed. */
    static int[] transpose(int[] m, int rows, int cols) {
        int[] t = new int[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }

    /** W_kT+ (k &gt;= 2), a copy. */
    public int[] tPlus(int k) {
        return tPlus[k - 1].clone();
    }

    @Override
    public int[][] tPlus() {
        int[][] c = tPlus.clone();
        for (int k = 0; k < c.length; k++) {
            c[k] = c[k] == null ? null : c[k].clone();
        }
        return c;
    }

    @Override
    public int[] slot1Hidden() {
        return slot1Hidden.clone();
    }

    @Override
    public int[] slot1Output() {
        return slot1Output.clone();
    }

    /** Whether a slot-1 depression of W2 is pending. */
    public boolean slot1Pending() {
        return slot1Output.length > 0;
    }

    /**
     * Checks the state against weights of {@code layers}: one W_kT+ of shape [n_k][n_{k-1}] per k &gt;= 2 with values
     * in [-256, 254], and slot-1 units within h1 and the outputs, ascending, only for one hidden layer.
     *
     * @throws IllegalArgumentException naming the first bad entry
     */
    void check(int[] layers) {
        if (tPlus.length != layers.length - 1) {
            throw new IllegalArgumentException(tPlus.length + " W_kT+ slots for " + (layers.length - 1)
                    + " weight matrices");
        }
        for (int k = 2; k < layers.length; k++) {
            int[] t = tPlus[k - 1];
            if (t == null || t.length != layers[k] * layers[k - 1]) {
                throw new IllegalArgumentException("W" + k + "T_plus has " + (t == null ? "no" : t.length)
                        + " entries, expected " + layers[k] + " x " + layers[k - 1]);
            }
            for (int q = 0; q < t.length; q++) {
                if (t[q] < NbpWeights.MIN || t[q] > NbpWeights.MAX || t[q] % 2 != 0) {
                    throw new IllegalArgumentException("W" + k + "T_plus[" + q / layers[k - 1] + ", "
                            + q % layers[k - 1] + "] = " + t[q] + " is not an even value in [" + NbpWeights.MIN
                            + ", " + NbpWeights.MAX + "]");
                }
            }
        }
        if (slot1Pending() && layers.length != 3) {
            throw new IllegalArgumentException("a pending slot-1 depression exists only with one hidden layer, the"
                    + " weights have " + (layers.length - 2));
        }
        checkUnits("slot1_hidden", slot1Hidden, layers.length > 2 ? layers[1] : 0);
        checkUnits("slot1_output", slot1Output, layers[layers.length - 1]);
    }

    private static void checkUnits(String what, int[] units, int size) {
        for (int q = 0; q < units.length; q++) {
            if (units[q] < 0 || units[q] >= size || (q > 0 && units[q] <= units[q - 1])) {
                throw new IllegalArgumentException(what + "[" + q + "] = " + units[q] + " is outside 0.." + (size - 1)
                        + " or not ascending");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NbpResumeState s && Arrays.deepEquals(tPlus, s.tPlus)
                && Arrays.equals(slot1Hidden, s.slot1Hidden) && Arrays.equals(slot1Output, s.slot1Output);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(tPlus) * 31 + Arrays.hashCode(slot1Hidden) * 7 + Arrays.hashCode(slot1Output);
    }

    @Override
    public String toString() {
        return "NbpResumeState[slot1Hidden=" + Arrays.toString(slot1Hidden) + ", slot1Output="
                + Arrays.toString(slot1Output) + "]";
    }
}
