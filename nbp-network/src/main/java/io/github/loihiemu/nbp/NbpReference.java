package io.github.loihiemu.nbp;

/**
 * A plain-Java implementation of exactly what the nBP training circuit computes, sample by sample, on int arrays.
 * It is the fast way to explore and the golden model the emulated circuit is checked against.
 *
 * <p>Per sample, with x the on pixels and t the one-hot label (slots of the 12-step window in brackets):
 * <pre>
 * [3]  h = x·W1;  hr = h &gt; 512, hm = h &gt; 0, hp = h &gt; 1024 (1023 in the idealised variant)
 * [4]  o = hr·W2; or, om, op likewise
 * [5]  d+ = t ∧ ¬or ∧ om ;  d- = or ∧ ¬t ∧ om ∧ ¬op
 * [7]  s+ = Σ_{d+} W2T+ + Σ_{d-} W2T-  with the weights before the slot-6 update (spikes delivered before learning)
 *      d1+ = hm ∧ ¬hp ∧ s+ &gt; 0
 * [6]  W2 += 2 on (hr, d+), W2T+ likewise transposed, W2T- += 2 on (d-, hr)
 * [8]  W1 += 2 on (x, d1+)
 * [11] s- = Σ_{d-} W2T+ + Σ_{d+} W2T-  with the weights after the slot-6 update, before slot 10
 *      d1- = hm ∧ ¬hp ∧ s- &gt; 0
 * [10] W2 -= 2 on (hr, d-), W2T+ likewise, W2T- -= 2 on (d+, hr)
 * [0]  W1 -= 2 on (x, d1-)
 * every update clipped to [-256, 254]
 * </pre>
 * W2T+ stays equal to W2 transposed (identical updates and clipping), so it is not stored separately; W2T- is.
 * Only on pixels and active units are visited. Not thread-safe; allocation-free per sample.
 */
public final class NbpReference {
    private final NbpWeights w;
    private final int upperBound;
    private final int[] h;
    private final int[] o;
    private final int[] active;     // indices of hr units
    private final boolean[] hm;
    private final boolean[] hp;
    private final boolean[] dPlus;
    private final boolean[] dMinus;
    private final int[] d1Plus;
    private final int[] d1Minus;
    private final int[] sum;
    private int activeCount;
    private long samples;
    private long leakRisks;
    private long leaksSlot9;
    private long leaksSlot1;
    private final boolean[] inD1Plus;
    private final boolean[] inD1Minus;

    /** A reference on {@code weights} (which it updates in place), with the chip's upper bound 1024. */
    public NbpReference(NbpWeights weights) {
        this(weights, false);
    }

    /** @param idealised true: the authors' numpy bound {@code > 1023} instead of the chip's {@code > 1024} */
    public NbpReference(NbpWeights weights, boolean idealised) {
        this.w = weights;
        this.upperBound = idealised ? 1023 : 1024;
        int hid = weights.hidden;
        int out = weights.outputs;
        h = new int[hid];
        o = new int[out];
        active = new int[hid];
        hm = new boolean[hid];
        hp = new boolean[hid];
        dPlus = new boolean[out];
        dMinus = new boolean[out];
        d1Plus = new int[hid + 1];
        d1Minus = new int[hid + 1];
        sum = new int[hid];
        inD1Plus = new boolean[hid];
        inD1Minus = new boolean[hid];
    }

    /** The weights being trained. */
    public NbpWeights weights() {
        return w;
    }

    /** Samples trained so far. */
    public long samples() {
        return samples;
    }

    /** Samples with a hidden forward sum above 17,344 (a coarse early warning; see {@link #leaksSlot9()}). */
    public long leakRisks() {
        return leakRisks;
    }

    /**
     * Gate leaks of the h1 family (h1, h1_copy, h1_copy2 leak together) in slot 9: the x replay of slot 8 reaches
     * them with the forward sum h under the g08 inhibition, so a unit that did not fire in slot 8 (refractory
     * otherwise) fires when h &gt; 17,344. On the chip it is then refractory in slot 10 and misses that depression;
     * this reference counts such leaks but does not model their effect.
     */
    public long leaksSlot9() {
        return leaksSlot9;
    }

    /**
     * Gate leaks of the h1 family in slot 1 of the next window: the x replay of slot 0 reaches them ungated with the
     * sum under the W1 after the slot-8 update, so a unit that did not fire in slot 0 fires when that sum &gt; 9,216.
     * Harmless for learning (no coincidence follows), counted for the invariants. The chip sees them during the next
     * sample's steps.
     */
    public long leaksSlot1() {
        return leaksSlot1;
    }

    private void forward(int[] on, int nOn) {
        final int hid = w.hidden;
        final int out = w.outputs;
        final int[] w1 = w.w1;
        java.util.Arrays.fill(h, 0);
        for (int k = 0; k < nOn; k++) {
            int row = on[k] * hid;
            for (int j = 0; j < hid; j++) {
                h[j] += w1[row + j];
            }
        }
        activeCount = 0;
        for (int j = 0; j < hid; j++) {
            hm[j] = h[j] > 0;
            hp[j] = h[j] > upperBound;
            if (h[j] > 512) {
                active[activeCount++] = j;
            }
        }
        java.util.Arrays.fill(o, 0);
        final int[] w2 = w.w2;
        for (int k = 0; k < activeCount; k++) {
            int row = active[k] * out;
            for (int c = 0; c < out; c++) {
                o[c] += w2[row + c];
            }
        }
    }

    /** Trains on one sample: on-pixel indices {@code on[0..nOn-1]} and its label. */
    public void train(int[] on, int nOn, int label) {
        forward(on, nOn);
        final int hid = w.hidden;
        final int out = w.outputs;
        boolean anyError = false;
        for (int c = 0; c < out; c++) {
            boolean or = o[c] > 512;
            boolean om = o[c] > 0;
            boolean op = o[c] > upperBound;
            boolean t = c == label;
            dPlus[c] = t && !or && om;
            dMinus[c] = or && !t && om && !op;
            anyError |= dPlus[c] || dMinus[c];
        }
        int n1p = 0;
        int n1m = 0;
        final int[] w2 = w.w2;
        final int[] w2tm = w.w2tMinus;
        if (anyError) {
            // slot 7: backward with the weights before the slot-6 update
            backward(dPlus, dMinus);
            for (int j = 0; j < hid; j++) {
                if (hm[j] && !hp[j] && sum[j] > 0) {
                    d1Plus[n1p++] = j;
                }
            }
            // slot 6: W2 potentiation on (hr, d+); W2T- potentiation on (d-, hr)
            for (int k = 0; k < activeCount; k++) {
                int j = active[k];
                for (int c = 0; c < out; c++) {
                    if (dPlus[c]) {
                        w2[j * out + c] = Math.min(NbpWeights.MAX, w2[j * out + c] + 2);
                    }
                    if (dMinus[c]) {
                        w2tm[c * hid + j] = Math.min(NbpWeights.MAX, w2tm[c * hid + j] + 2);
                    }
                }
            }
            // slot 11: backward with the weights after slot 6, before slot 10
            backward(dMinus, dPlus);
            for (int j = 0; j < hid; j++) {
                if (hm[j] && !hp[j] && sum[j] > 0) {
                    d1Minus[n1m++] = j;
                }
            }
            // slot 10: W2 depression on (hr, d-); W2T- depression on (d+, hr)
            for (int k = 0; k < activeCount; k++) {
                int j = active[k];
                for (int c = 0; c < out; c++) {
                    if (dMinus[c]) {
                        w2[j * out + c] = Math.max(NbpWeights.MIN, w2[j * out + c] - 2);
                    }
                    if (dPlus[c]) {
                        w2tm[c * hid + j] = Math.max(NbpWeights.MIN, w2tm[c * hid + j] - 2);
                    }
                }
            }
        }
        // slots 8 and 0: W1 potentiation on (x, d1+), depression on (x, d1-)
        final int[] w1 = w.w1;
        for (int k = 0; k < nOn; k++) {
            int row = on[k] * hid;
            for (int q = 0; q < n1p; q++) {
                int i = row + d1Plus[q];
                w1[i] = Math.min(NbpWeights.MAX, w1[i] + 2);
            }
            for (int q = 0; q < n1m; q++) {
                int i = row + d1Minus[q];
                w1[i] = Math.max(NbpWeights.MIN, w1[i] - 2);
            }
        }
        java.util.Arrays.fill(inD1Plus, false);
        java.util.Arrays.fill(inD1Minus, false);
        for (int q = 0; q < n1p; q++) {
            inD1Plus[d1Plus[q]] = true;
        }
        for (int q = 0; q < n1m; q++) {
            inD1Minus[d1Minus[q]] = true;
        }
        boolean risk = false;
        for (int j = 0; j < hid; j++) {
            risk |= h[j] > 17_344;
            if (h[j] > 17_344 && !inD1Plus[j]) {
                leaksSlot9++;
            }
        }
        leakRisks += risk ? 1 : 0;
        // slot 1: x replayed at slot 0 with W1 after the slot-8 potentiation, before the slot-0 depression. The
        // depression only touches units in d1-, which fire in slot 0 and are refractory in slot 1, so the sums of
        // the other units are the same after the whole update.
        java.util.Arrays.fill(sum, 0);
        for (int k = 0; k < nOn; k++) {
            int row = on[k] * hid;
            for (int j = 0; j < hid; j++) {
                sum[j] += w1[row + j];
            }
        }
        for (int j = 0; j < hid; j++) {
            if (sum[j] > 9_216 && !inD1Minus[j]) {
                leaksSlot1++;
            }
        }
        samples++;
    }

    /** sum[j] = Σ_{c in a} W2T+[c][j] + Σ_{c in b} W2T-[c][j], with W2T+ = W2 transposed. */
    private void backward(boolean[] a, boolean[] b) {
        final int hid = w.hidden;
        final int out = w.outputs;
        final int[] w2 = w.w2;
        final int[] w2tm = w.w2tMinus;
        java.util.Arrays.fill(sum, 0);
        for (int c = 0; c < out; c++) {
            if (a[c]) {
                for (int j = 0; j < hid; j++) {
                    sum[j] += w2[j * out + c];
                }
            }
            if (b[c]) {
                int row = c * hid;
                for (int j = 0; j < hid; j++) {
                    sum[j] += w2tm[row + j];
                }
            }
        }
    }

    /**
     * Inference on one sample: writes the output sums into {@code outputSums} and returns the argmax (lowest index
     * on ties). {@link #lastExactMatch(int)} then tells whether the binary output [o &gt; 512] is the one-hot label.
     */
    public int infer(int[] on, int nOn, int[] outputSums) {
        forward(on, nOn);
        int best = 0;
        for (int c = 0; c < w.outputs; c++) {
            outputSums[c] = o[c];
            if (o[c] > o[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Whether the last inferred sample's binary output vector equals the one-hot {@code label}. */
    public boolean lastExactMatch(int label) {
        for (int c = 0; c < w.outputs; c++) {
            if ((o[c] > 512) != (c == label)) {
                return false;
            }
        }
        return true;
    }
}
