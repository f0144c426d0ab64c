package io.github.loihiemu.nbp;

import java.util.Arrays;

/**
 * A plain-Java implementation of exactly what the nBP training circuit computes, sample by sample, on int arrays,
 * for one or more hidden layers. It is the fast way to explore and the golden model the emulated circuit is checked
 * against.
 *
 * <p>Per sample, with x the on pixels and t the one-hot label (layers 0 = x, 1..L hidden, L+1 = output; the slots
 * are those of {@link NbpSchedule}; for one hidden layer the 12-slot circuit's in brackets):
 * <pre>
 * forward      a_0 = x; s_l = a_{l-1}·W_l; a_l = hr_l = s_l &gt; 512, hm_l = s_l &gt; 0, hp_l = s_l &gt; 1024
 *              (1023 in the idealised variant), bh_l = hm_l ∧ ¬hp_l
 * error  [5]   o = s_{L+1}: d+ = t ∧ ¬or ∧ om ;  d- = or ∧ ¬t ∧ om ∧ ¬op      (δ_{L+1}± = d±)
 * for k = L+1 down to 2 (matrix W_k, which carries the error from layer k to layer k-1):
 *   P_k   [6]  s+ = Σ_{δ_k+} W_kT+ + Σ_{δ_k-} W_kT-   with the weights before this P_k update (spikes are delivered
 *              before the learning phase of their step);  δ_{k-1}+ = bh_{k-1} ∧ s+ &gt; 0
 *              W_k += 2 on (a_{k-1}, δ_k+), W_kT+ likewise transposed, W_kT- += 2 on (δ_k-, a_{k-1})
 *   D_k  [10]  s- = Σ_{δ_k-} W_kT+ + Σ_{δ_k+} W_kT-   with the weights after P_k, before D_k;  δ_{k-1}- likewise
 *              W_k -= 2 on (a_{k-1}, δ_k-), W_kT+ likewise, W_kT- -= 2 on (δ_k+, a_{k-1})
 * P_1 / D_1 [8] / [0]  W_1 += 2 on (x, δ_1+), then -= 2 on (x, δ_1-)
 * every update clipped to [-256, 254]
 * </pre>
 * The step 2 is the paper's; {@link #NbpReference(NbpWeights, boolean, int[])} sets another even step per matrix
 * (W_k, W_kT+ and W_kT- share it), which the circuit implements with the rule {@code dw = 2s*x0*y0*r1 - s*x0*y0}.
 * Each matrix is read only by its own block, so the order of the blocks never changes what another block sees.
 * W_kT+ gets W_k's updates and clipping, so it stays W_k transposed, except where a gate leak of the output family
 * depresses it alone; it is stored, as W_kT- is. For one hidden layer, gate leaks (neurons firing outside their slots
 * when their input sums cross the bias-held threshold, as wide hidden layers make them do) are modelled with their
 * effects as the chip has them (see {@link #outputLeaks()}); the idealised variant and deeper networks only count
 * h1's.
 * With the chip's bounds every threshold is decided on the input sum wrapped as the chip's 22-bit dendritic
 * accumulators wrap it, so weights large enough to carry a step's input past 32,767 weight
 * units train as on the chip.
 * Only on pixels and active units are visited. Not thread-safe; allocation-free per sample.
 */
public final class NbpReference {
    private final NbpWeights w;
    private final int upperBound;
    private final int[] step;
    private final int layers;           // L + 2
    private final int[] n;
    /** sum[l]: the forward sum of layer l (l = 1 .. L+1). */
    private final int[][] sum;
    /** active[l][0 .. activeCount[l]): indices of the units with s_l &gt; 512 (l = 1 .. L). */
    private final int[][] active;
    private final int[] activeCount;
    private final boolean[][] hm;
    private final boolean[][] hp;
    /** The error of layer l as index lists: plus[l][0 .. nPlus[l]), minus[l][0 .. nMinus[l]). */
    private final int[][] plus;
    private final int[][] minus;
    private final int[] nPlus;
    private final int[] nMinus;
    private final int[] back;
    /** Scratch for {@link #addRow}. */
    private final int[] rowBuf;
    private final boolean[] inD1Plus;
    private final boolean[] inD1Minus;
    /**
     * {@code tPlus[k - 1]}: W_kT+ [n_k][n_{k-1}] (k &gt;= 2). Equal to W_k transposed until the output family leaks:
     * leak spikes depress W_kT+ on pairs whose W_k entry is not depressed (see {@link #outputLeaks()}).
     */
    private final int[][] tPlus;
    private long samples;
    private long leakRisks;
    private long leaksSlot9;
    private long leaksSlot1;
    private long outputLeaks;
    /** The part of the last sample's output leaks that falls in the next window (slots 1 and 2). */
    private long outputLeaksNext;
    /** Scratch of the one-hidden-layer slot model, sized once: membership flags and sums per unit. */
    private final boolean[] inH9;
    private final boolean[] inH10;
    private final boolean[] inT10;
    private final boolean[] inT11;
    private final int[] sumT10;
    private final int[] back11;
    private final int[] pending1H;
    private int pendingH;
    private final int[] pending1O;
    private int pendingO;
    private final boolean[] inO9;
    private final boolean[] inO10;
    /** Whether the gate leaks of the one-hidden-layer chip circuit are modelled (see {@link #outputLeaks()}). */
    private final boolean modelLeaks;
    /** Whether input sums wrap as in the chip's 22-bit dendritic accumulators (chip bounds; see {@link #over}). */
    private final boolean wraps;

    /** A reference on {@code weights} (which it updates in place), with the chip's upper bound 1024. */
    public NbpReference(NbpWeights weights) {
        this(weights, false);
    }

    /** @param idealised true: the authors' numpy bound {@code > 1023} instead of the chip's {@code > 1024} */
    public NbpReference(NbpWeights weights, boolean idealised) {
        this(weights, idealised, null);
    }

    /**
     * @param idealised true: the authors' numpy bound {@code > 1023} instead of the chip's {@code > 1024}
     * @param steps     the weight step of each matrix W_1 .. W_{L+1} (and its transposed pair), even and positive
     *                  (the mixed 8-bit format keeps only even weights); null: 2 everywhere, as the paper
     */
    public NbpReference(NbpWeights weights, boolean idealised, int[] steps) {
        this(weights, idealised ? 1023 : 1024, steps);
    }

    /** As above with any upper bound of the derivative window (units with a sum above it carry no error). */
    NbpReference(NbpWeights weights, int upperBound, int[] steps) {
        this.w = weights;
        this.step = checkSteps(steps, weights.sizes.length - 1);
        this.upperBound = upperBound;
        this.n = weights.sizes.clone();
        this.layers = n.length;
        sum = new int[layers][];
        active = new int[layers][];
        activeCount = new int[layers];
        hm = new boolean[layers][];
        hp = new boolean[layers][];
        plus = new int[layers][];
        minus = new int[layers][];
        nPlus = new int[layers];
        nMinus = new int[layers];
        int widest = 0;
        for (int l = 1; l < layers; l++) {
            sum[l] = new int[n[l]];
            active[l] = new int[n[l]];
            hm[l] = new boolean[n[l]];
            hp[l] = new boolean[n[l]];
            plus[l] = new int[n[l]];
            minus[l] = new int[n[l]];
            widest = Math.max(widest, n[l]);
        }
        back = new int[widest];
        rowBuf = new int[widest];
        inD1Plus = new boolean[n[1]];
        inD1Minus = new boolean[n[1]];
        tPlus = new int[layers - 1][];
        for (int k = 2; k < layers; k++) {
            int a = n[k - 1];
            int b = n[k];
            int[] wk = w.w[k - 1];
            int[] t = new int[a * b];
            for (int j = 0; j < a; j++) {
                for (int c = 0; c < b; c++) {
                    t[c * a + j] = wk[j * b + c];
                }
            }
            tPlus[k - 1] = t;
        }
        inH9 = new boolean[n[1]];
        inH10 = new boolean[n[1]];
        inT10 = new boolean[n[1]];
        inT11 = new boolean[n[1]];
        sumT10 = new int[n[1]];
        back11 = new int[n[1]];
        pending1H = new int[n[1]];
        pending1O = new int[n[layers - 1]];
        inO9 = new boolean[n[layers - 1]];
        inO10 = new boolean[n[layers - 1]];
        modelLeaks = layers == 3 && upperBound == 1024;
        wraps = upperBound == 1024;
    }

    /** What a biased compartment's input must exceed to fire: its bias 8,192 plus the threshold 1,024. */
    private static final int FIRING_INPUT = 9_216;
    /** What a slot's gate adds to the units it lets fire (136 x 2^6). */
    private static final int GATE_LIFT = 8_704;

    /**
     * Whether a unit whose reference condition is {@code sum > bound} fires on the chip. Every bound of the
     * reference is 9,216 less what the gates and E1 inputs add to the same accumulator slot in that step (8,704 for a
     * lift, 520 for a replay, -8,128 for a gi, ...), so the accumulator holds 64 (sum + 9,216 - bound). It is 22
     * bits wide and wraps, and the bias is added after the wrap: a sum that carries the input past 32,767 weight
     * units reads as negative (and one below -32,768 as positive). The cast to short is that wrap, in weight units.
     */
    private boolean over(int sum, int bound) {
        return wraps ? (short) (sum + FIRING_INPUT - bound) > FIRING_INPUT : sum > bound;
    }

    /**
     * The weight steps per matrix: {@code steps} checked (one even positive value per matrix, at most 128), or 2 for
     * every matrix when null.
     */
    static int[] checkSteps(int[] steps, int matrices) {
        if (steps == null) {
            int[] s = new int[matrices];
            java.util.Arrays.fill(s, 2);
            return s;
        }
        if (steps.length != matrices) {
            throw new IllegalArgumentException(steps.length + " weight steps for " + matrices + " matrices");
        }
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] < 2 || steps[k] > 128 || steps[k] % 2 != 0) {
                throw new IllegalArgumentException("weight step of W" + (k + 1) + " is " + steps[k]
                        + "; it must be even, 2..128 (the mixed 8-bit format keeps only even weights)");
            }
        }
        return steps.clone();
    }

    /** The weights being trained. */
    public NbpWeights weights() {
        return w;
    }

    /** Samples trained so far. */
    public long samples() {
        return samples;
    }

    /** Samples with a first-hidden-layer forward sum above 17,344 (a coarse warning; see {@link #leaksSlot9()}). */
    public long leakRisks() {
        return leakRisks;
    }

    /**
     * Gate leaks of the h1 family (h1, h1_copy, h1_copy2 leak together) in the slot after P_1 (slot 9 of the
     * 12-slot circuit): the x replay of P_1 reaches them with the forward sum under a {@code gi} inhibition, so a
     * unit that did not fire in P_1 (refractory otherwise) fires when the sum is &gt; 17,344. It is then refractory in
     * the next slot (D_2) and misses that depression, and its spike reaches o there; both are modelled for one hidden
     * layer with the chip's bounds.
     */
    public long leaksSlot9() {
        return leaksSlot9;
    }

    /**
     * Gate leaks of the h1 family in the slot after D_1 (slot 1 of the next window): the x replay of D_1 reaches
     * them ungated with the sum under the W1 after the P_1 update, so a unit that did not fire in D_1 fires when that
     * sum &gt; 9,216. Harmless for learning (no coincidence follows), counted for the invariants. The chip sees them
     * during the next sample's steps.
     */
    public long leaksSlot1() {
        return leaksSlot1;
    }

    /**
     * Spikes of the output family (o, o_copy and o_copy2 fire together) outside its slots 4, 6 and 10: in slots 7,
     * 9, 11, 1 and 2 of the 12-slot circuit, where wide hidden layers (1,600 units) make its input sums exceed the
     * bias-held threshold. Modelled with their effects on W2, W2T+ and W2T- for one hidden layer with the chip's
     * bounds (see the slot model in the source); counted as the chip sees them (a slot-1 leak during the next
     * sample). Always 0 for deeper networks and the idealised variant, which do not model leaks.
     */
    public long outputLeaks() {
        return outputLeaks;
    }

    /** Output leaks of the last sample in slots 1 and 2: the chip sees them while the next sample runs. */
    long outputLeaksInNextWindow() {
        return outputLeaksNext;
    }

    /** W_kT+ [n_k][n_{k-1}] (k &gt;= 2), a copy: W_k transposed until the output family leaks. */
    int[] tPlus(int k) {
        return tPlus[k - 1].clone();
    }

    /**
     * What the next sample inherits besides the weights (every W_kT+ and a pending slot-1 depression of W2), for a
     * checkpoint; {@link #restore} puts it back, so that a resumed run is the uninterrupted one.
     */
    public NbpResumeState resumeState() {
        boolean pending = pendingH > 0 && pendingO > 0;
        return new NbpResumeState(tPlus, pending ? Arrays.copyOf(pending1H, pendingH) : new int[0],
                pending ? Arrays.copyOf(pending1O, pendingO) : new int[0]);
    }

    /**
     * Restores what a checkpoint recorded with {@link #resumeState()} (of either engine): W_kT+ and the pending slot-1
     * depression, applied at the start of the next {@link #train} as the chip applies it.
     *
     * @throws IllegalArgumentException if the state does not fit these weights
     */
    public void restore(NbpResumeState state) {
        state.check(n);
        for (int k = 2; k < layers; k++) {
            System.arraycopy(state.tPlus(k), 0, tPlus[k - 1], 0, tPlus[k - 1].length);
        }
        int[] h = state.slot1Hidden();
        int[] o = state.slot1Output();
        System.arraycopy(h, 0, pending1H, 0, h.length);
        System.arraycopy(o, 0, pending1O, 0, o.length);
        pendingH = h.length;
        pendingO = o.length;
    }

    private void forward(int[] on, int nOn) {
        final int n1 = n[1];
        final int[] w1 = w.w[0];
        int[] s = sum[1];
        Arrays.fill(s, 0);
        for (int k = 0; k < nOn; k++) {
            int row = on[k] * n1;
            addRow(s, w1, row, n1);
        }
        for (int l = 1; l < layers - 1; l++) {
            int[] cur = sum[l];
            int[] act = active[l];
            boolean[] m = hm[l];
            boolean[] p = hp[l];
            int count = 0;
            for (int j = 0; j < n[l]; j++) {
                m[j] = over(cur[j], 0);
                p[j] = over(cur[j], upperBound);
                if (over(cur[j], 512)) {
                    act[count++] = j;
                }
            }
            activeCount[l] = count;
            int next = n[l + 1];
            int[] nx = sum[l + 1];
            int[] wl = w.w[l];
            Arrays.fill(nx, 0);
            for (int k = 0; k < count; k++) {
                int row = act[k] * next;
                addRow(nx, wl, row, next);
            }
        }
    }

    /** Trains on one sample: on-pixel indices {@code on[0..nOn-1]} and its label. */
    public void train(int[] on, int nOn, int label) {
        if (pendingH > 0 && pendingO > 0) {
            slot1Depression();
        }
        forward(on, nOn);
        final int out = layers - 1;
        int[] o = sum[out];
        int np = 0;
        int nm = 0;
        for (int c = 0; c < n[out]; c++) {
            boolean or = over(o[c], 512);
            boolean om = over(o[c], 0);
            boolean op = over(o[c], upperBound);
            boolean t = c == label;
            if (t && !or && om) {
                plus[out][np++] = c;
            }
            if (or && !t && om && !op) {
                minus[out][nm++] = c;
            }
        }
        nPlus[out] = np;
        nMinus[out] = nm;
        if (modelLeaks) {
            oneHiddenLayerSlots();
        } else {
            for (int k = out; k >= 2; k--) {
                nPlus[k - 1] = 0;
                nMinus[k - 1] = 0;
                if (nPlus[k] + nMinus[k] > 0) {
                    block(k);
                }
            }
        }
        // P_1 and D_1: W1 potentiation on (x, δ1+), depression on (x, δ1-)
        final int n1 = n[1];
        final int[] w1 = w.w[0];
        final int[] d1p = plus[1];
        final int[] d1m = minus[1];
        final int n1p = nPlus[1];
        final int n1m = nMinus[1];
        final int s1 = step[0];
        for (int k = 0; k < nOn; k++) {
            int row = on[k] * n1;
            for (int q = 0; q < n1p; q++) {
                int i = row + d1p[q];
                w1[i] = Math.min(NbpWeights.MAX, w1[i] + s1);
            }
            for (int q = 0; q < n1m; q++) {
                int i = row + d1m[q];
                w1[i] = Math.max(NbpWeights.MIN, w1[i] - s1);
            }
        }
        countLeaks(on, nOn);
        samples++;
    }

    /** The o family's threshold under a {@code gi} gate (-8,128) and the bias: 8,192 + 1,024 + 8,128. */
    private static final int LEAK_UNDER_GI = 17_344;
    /** The threshold of a bias-held neuron with no gate: 8,192 + 1,024. */
    private static final int LEAK_UNGATED = 9_216;

    /**
     * Slots 6 to 11 of the 12-slot circuit (P_2, D_2 and the backward passes) as the chip runs them, gate leaks
     * included. Without leaks this is {@link #block(int)} for k = 2. With 1,600 hidden units the o family (o, o_copy,
     * o_copy2, same inputs, same bias) fires outside its slots because its fan-in makes its sums large:
     * <ul>
     * <li>slot 7: the slot-6 h1 replay (hr) brings the forward sum again under g06's gi; o fires if it is &gt; 17,344
     *     (not after firing in slot 6); coinciding with h1T's slot-7 spikes (s+ &gt; 0) it depresses W2T+ only;</li>
     * <li>slot 9: the slot-8 h1 spikes (δ1+) reach o ungated; o fires if Σ_{δ1+} W2 &gt; 9,216 (the case seen
     *     first, the label unit of a d+ sample). It is then refractory in slot 10 (no D_2 spike), and its spike
     *     reaches h1T in slot 10 through W2T+, so h1T fires there iff 520 [hr] + Σ W2T+ &gt; 512 instead of on hr:
     *     an hr unit with Σ W2T+ &lt;= -8 misses the slot-10 depression of W2T+ and W2T-;</li>
     * <li>slot 9, h1 family: a unit not in δ1+ fires if h &gt; 17,344 ({@link #leaksSlot9()}); with o's slot-9 spikes
     *     W2 is depressed on those pairs; it is refractory in slot 10, and its spike reaches o there, so o fires in
     *     slot 10 iff 520 [d-] + Σ W2 &gt; 512 (not after a slot-9 spike);</li>
     * <li>slot 11: the slot-10 h1 spikes under g10's gi; o fires if Σ W2 &gt; 17,344 (not after firing in slot 10);
     *     coinciding with h1T's slot-11 spikes (s- &gt; 0) it depresses W2T+ only.</li>
     * </ul>
     * The slot-11 backward pass then reads o's slot-10 spikes, not d-. Slot 1 is handled after the W1 update.
     */
    private void oneHiddenLayerSlots() {
        final int a = n[1];
        final int b = n[2];
        final int[] w2 = w.w[1];
        final int[] tp = tPlus[1];
        final int[] tm = w.tMinus[1];
        final int[] act = active[1];
        final int na = activeCount[1];
        final int[] pk = plus[2];
        final int[] mk = minus[2];
        final int npk = nPlus[2];
        final int nmk = nMinus[2];
        final int[] o = sum[2];
        final int[] h = sum[1];
        final int s = step[1];
        // slot 7: h1T fires on s+ > 0, read with the weights before the slot-6 update
        backward(2, pk, npk, mk, nmk);
        nPlus[1] = select(1, plus[1]);
        // slot 6: P_2
        potentiate(2, w2, tp, tm, s);
        // slot 7: o leaks under g06 on the forward sum; depression of W2T+ on (o, h1T) pairs
        for (int c = 0; c < b; c++) {
            if (over(o[c], LEAK_UNDER_GI) && !contains(pk, npk, c)) {
                outputLeaks++;
                int row = c * a;
                for (int j = 0; j < a; j++) {
                    if (over(back[j], 0)) {
                        tp[row + j] = Math.max(NbpWeights.MIN, tp[row + j] - s);
                    }
                }
            }
        }
        // slot 9: h1 leaks (x replay under g08) and o leaks (the δ1+ spikes of slot 8, ungated)
        final int[] d1p = plus[1];
        final int n1p = nPlus[1];
        Arrays.fill(inD1Plus, false);
        for (int q = 0; q < n1p; q++) {
            inD1Plus[d1p[q]] = true;
        }
        int nH9 = 0;
        boolean risk = false;
        for (int j = 0; j < a; j++) {
            risk |= h[j] > LEAK_UNDER_GI;
            inH9[j] = over(h[j], LEAK_UNDER_GI) && !inD1Plus[j];
            nH9 += inH9[j] ? 1 : 0;
        }
        leaksSlot9 += nH9;
        leakRisks += risk ? 1 : 0;
        int nO9 = 0;
        for (int c = 0; c < b; c++) {
            int sum9 = 0;
            for (int q = 0; q < n1p; q++) {
                sum9 += w2[d1p[q] * b + c];
            }
            inO9[c] = over(sum9, LEAK_UNGATED);
            nO9 += inO9[c] ? 1 : 0;
        }
        outputLeaks += nO9;
        // slot 10 inputs, routed at step 9 with the weights before its learning phase
        for (int c = 0; c < b; c++) {
            int in = contains(mk, nmk, c) ? 520 : 0;
            if (nH9 > 0) {
                for (int j = 0; j < a; j++) {
                    if (inH9[j]) {
                        in += w2[j * b + c];
                    }
                }
            }
            inO10[c] = !inO9[c] && over(in, 512);
        }
        Arrays.fill(inT10, false);
        for (int q = 0; q < na; q++) {
            inT10[act[q]] = true;
        }
        if (nO9 > 0) {
            for (int j = 0; j < a; j++) {
                int in = inT10[j] ? 520 : 0;
                for (int c = 0; c < b; c++) {
                    if (inO9[c]) {
                        in += tp[c * a + j];
                    }
                }
                sumT10[j] = in;
            }
            for (int j = 0; j < a; j++) {
                inT10[j] = over(sumT10[j], 512);
            }
        }
        Arrays.fill(inH10, false);
        for (int q = 0; q < na; q++) {
            inH10[act[q]] = !inH9[act[q]];
        }
        // step 9 learning: h1 and o both fired in slot 9
        if (nH9 > 0 && nO9 > 0) {
            for (int j = 0; j < a; j++) {
                if (inH9[j]) {
                    for (int c = 0; c < b; c++) {
                        if (inO9[c]) {
                            w2[j * b + c] = Math.max(NbpWeights.MIN, w2[j * b + c] - s);
                        }
                    }
                }
            }
        }
        // slot 11: h1T on s- > 0 from o's and oT-'s slot-10 spikes, weights before the slot-10 update
        Arrays.fill(back, 0, a, 0);
        for (int c = 0; c < b; c++) {
            if (inO10[c]) {
                addRow(back, tp, c * a, a);
            }
        }
        for (int r = 0; r < npk; r++) {
            addRow(back, tm, pk[r] * a, a);
        }
        nMinus[1] = select(1, minus[1]);
        // slot 11: o leaks under g10 on the slot-10 h1 spikes (read before the slot-10 update)
        int o11 = 0;
        for (int c = 0; c < b; c++) {
            int sum11 = 0;
            if (!inO10[c]) {
                for (int q = 0; q < na; q++) {
                    if (inH10[act[q]]) {
                        sum11 += w2[act[q] * b + c];
                    }
                }
            }
            // bit c of o11: o fires in slot 11
            o11 |= over(sum11, LEAK_UNDER_GI) ? 1 << c : 0;
        }
        // step 10: D_2 on the pairs that fired together in slot 10
        for (int c = 0; c < b; c++) {
            if (inO10[c]) {
                for (int q = 0; q < na; q++) {
                    int j = act[q];
                    if (inH10[j]) {
                        w2[j * b + c] = Math.max(NbpWeights.MIN, w2[j * b + c] - s);
                    }
                }
                depressRow(tp, c * a, a, inT10, s);
            }
        }
        for (int r = 0; r < npk; r++) {
            depressRow(tm, pk[r] * a, a, inT10, s);
        }
        // step 11: o's slot-11 leak with h1T's slot-11 spikes
        for (int c = 0; c < b; c++) {
            if ((o11 & (1 << c)) != 0) {
                outputLeaks++;
                for (int j = 0; j < a; j++) {
                    if (over(back[j], 0)) {
                        tp[c * a + j] = Math.max(NbpWeights.MIN, tp[c * a + j] - s);
                    }
                }
            }
        }
    }

    /** {@code m[from + j] -= s} (clipped) for the j with {@code fired[j]}. */
    private static void depressRow(int[] m, int from, int len, boolean[] fired, int s) {
        for (int j = 0; j < len; j++) {
            if (fired[j]) {
                m[from + j] = Math.max(NbpWeights.MIN, m[from + j] - s);
            }
        }
    }

    private static boolean contains(int[] list, int count, int v) {
        for (int q = 0; q < count; q++) {
            if (list[q] == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Step 1 of the next window: h1 units that leaked in slot 1 and o units that leaked in slot 1 fired together, so
     * W2 is depressed on those pairs (no reward then). The chip does this while the next sample runs, before its
     * forward pass, so it is applied at the start of the next {@link #train}.
     */
    private void slot1Depression() {
        final int b = n[2];
        final int[] w2 = w.w[1];
        final int s = step[1];
        for (int q = 0; q < pendingH; q++) {
            for (int r = 0; r < pendingO; r++) {
                int i = pending1H[q] * b + pending1O[r];
                w2[i] = Math.max(NbpWeights.MIN, w2[i] - s);
            }
        }
        pendingH = 0;
        pendingO = 0;
    }

    /**
     * P_k: every active unit j of layer k-1 with every unit of layer k in s+ (W_k and W_kT+ up by the step s), and
     * with every unit in s- (W_kT- up), saturating at {@link NbpWeights#MAX}.
     */
    private void potentiate(int k, int[] wk, int[] tp, int[] tm, int s) {
        final int a = n[k - 1];
        final int b = n[k];
        final int[] act = active[k - 1];
        final int na = activeCount[k - 1];
        final int[] pk = plus[k];
        final int[] mk = minus[k];
        final int npk = nPlus[k];
        final int nmk = nMinus[k];
        for (int q = 0; q < na; q++) {
            int j = act[q];
            int row = j * b;
            for (int r = 0; r < npk; r++) {
                int i = row + pk[r];
                wk[i] = Math.min(NbpWeights.MAX, wk[i] + s);
                i = pk[r] * a + j;
                tp[i] = Math.min(NbpWeights.MAX, tp[i] + s);
            }
            for (int r = 0; r < nmk; r++) {
                int i = mk[r] * a + j;
                tm[i] = Math.min(NbpWeights.MAX, tm[i] + s);
            }
        }
    }

    /** P_k and D_k of matrix W_k (k &gt;= 2): the error of layer k goes to layer k-1, and W_k, W_kT- learn. */
    private void block(int k) {
        final int a = n[k - 1];
        final int b = n[k];
        final int[] wk = w.w[k - 1];
        final int[] tm = w.tMinus[k - 1];
        final int[] tp = tPlus[k - 1];
        final int[] act = active[k - 1];
        final int na = activeCount[k - 1];
        final int[] pk = plus[k];
        final int[] mk = minus[k];
        final int npk = nPlus[k];
        final int nmk = nMinus[k];
        final int s = step[k - 1];
        // P_k: backward with the weights before this update
        backward(k, pk, npk, mk, nmk);
        nPlus[k - 1] = select(k - 1, plus[k - 1]);
        potentiate(k, wk, tp, tm, s);
        // D_k: backward with the weights after P_k
        backward(k, mk, nmk, pk, npk);
        nMinus[k - 1] = select(k - 1, minus[k - 1]);
        for (int q = 0; q < na; q++) {
            int j = act[q];
            int row = j * b;
            for (int r = 0; r < nmk; r++) {
                int i = row + mk[r];
                wk[i] = Math.max(NbpWeights.MIN, wk[i] - s);
                i = mk[r] * a + j;
                tp[i] = Math.max(NbpWeights.MIN, tp[i] - s);
            }
            for (int r = 0; r < npk; r++) {
                int i = pk[r] * a + j;
                tm[i] = Math.max(NbpWeights.MIN, tm[i] - s);
            }
        }
    }

    /** back[j] = Σ_{c in p} W_kT+[c][j] + Σ_{c in m} W_kT-[c][j] for the units j of layer k-1. */
    /**
     * {@code dst[j] += src[from + j]} for j &lt; len, through a scratch copy of the row: C2 (Java 17) vectorises an add
     * only when both arrays share one index (3x faster here, even with the copy).
     */
    private void addRow(int[] dst, int[] src, int from, int len) {
        final int[] b = rowBuf;
        System.arraycopy(src, from, b, 0, len);
        for (int j = 0; j < len; j++) {
            dst[j] += b[j];
        }
    }

    private void backward(int k, int[] p, int np, int[] m, int nm) {
        final int a = n[k - 1];
        final int[] tm = w.tMinus[k - 1];
        final int[] tp = tPlus[k - 1];
        Arrays.fill(back, 0, a, 0);
        for (int r = 0; r < np; r++) {
            addRow(back, tp, p[r] * a, a);
        }
        for (int r = 0; r < nm; r++) {
            int row = m[r] * a;
            addRow(back, tm, row, a);
        }
    }

    /** Writes the units of layer l with bh_l and back &gt; 0 into {@code into}, ascending; returns their count. */
    private int select(int l, int[] into) {
        boolean[] m = hm[l];
        boolean[] p = hp[l];
        int count = 0;
        for (int j = 0; j < n[l]; j++) {
            if (m[j] && !p[j] && over(back[j], 0)) {
                into[count++] = j;
            }
        }
        return count;
    }

    private void countLeaks(int[] on, int nOn) {
        final int n1 = n[1];
        final int[] w1 = w.w[0];
        final int[] h = sum[1];
        Arrays.fill(inD1Plus, false);
        Arrays.fill(inD1Minus, false);
        for (int q = 0; q < nPlus[1]; q++) {
            inD1Plus[plus[1][q]] = true;
        }
        for (int q = 0; q < nMinus[1]; q++) {
            inD1Minus[minus[1][q]] = true;
        }
        if (!modelLeaks) {      // the slot model counts these itself
            boolean risk = false;
            for (int j = 0; j < n1; j++) {
                risk |= h[j] > LEAK_UNDER_GI;
                if (over(h[j], LEAK_UNDER_GI) && !inD1Plus[j]) {
                    leaksSlot9++;
                }
            }
            leakRisks += risk ? 1 : 0;
        }
        // after D_1: x replayed at D_1 with W1 after the P_1 potentiation, before the D_1 depression. The depression
        // only touches units in δ1-, which fire in D_1 and are refractory in the next slot, so the sums of the other
        // units are the same after the whole update.
        Arrays.fill(back, 0, n1, 0);
        for (int k = 0; k < nOn; k++) {
            int row = on[k] * n1;
            addRow(back, w1, row, n1);
        }
        int nH1 = 0;
        for (int j = 0; j < n1; j++) {
            if (over(back[j], LEAK_UNGATED) && !inD1Minus[j]) {
                leaksSlot1++;
                pending1H[nH1++] = j;
            }
        }
        if (!modelLeaks) {
            return;
        }
        // slot 1: the δ1- spikes of slot 0 reach the o family under g00's gi
        final int b = n[2];
        final int[] w2 = w.w[1];
        int nO1 = 0;
        for (int c = 0; c < b; c++) {
            int sum1 = 0;
            for (int q = 0; q < nMinus[1]; q++) {
                sum1 += w2[minus[1][q] * b + c];
            }
            if (over(sum1, LEAK_UNDER_GI)) {
                pending1O[nO1++] = c;
            }
        }
        // slot 2: the slot-1 h1 leaks reach o ungated (harmless: nothing fires with it; not after a slot-1 spike)
        int nO2 = 0;
        if (nH1 > 0) {
            for (int c = 0; c < b; c++) {
                int sum2 = 0;
                for (int q = 0; q < nH1; q++) {
                    sum2 += w2[pending1H[q] * b + c];
                }
                nO2 += over(sum2, LEAK_UNGATED) && !contains(pending1O, nO1, c) ? 1 : 0;
            }
        }
        outputLeaks += nO1 + nO2;
        outputLeaksNext = nO1 + nO2;
        pendingH = nH1;
        pendingO = nO1;
    }

    /**
     * Inference on one sample: writes the output sums into {@code outputSums} and returns the argmax (lowest index
     * on ties). {@link #lastExactMatch(int)} then tells whether the binary output [o &gt; 512] is the one-hot label.
     */
    public int infer(int[] on, int nOn, int[] outputSums) {
        forward(on, nOn);
        int[] o = sum[layers - 1];
        int best = 0;
        for (int c = 0; c < o.length; c++) {
            // the chip's inference circuit reads the sum from o's current, which holds the wrapped accumulator
            outputSums[c] = wraps ? (short) (o[c] + GATE_LIFT) - GATE_LIFT : o[c];
            if (outputSums[c] > outputSums[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Whether the last inferred sample's binary output vector equals the one-hot {@code label}. */
    public boolean lastExactMatch(int label) {
        int[] o = sum[layers - 1];
        for (int c = 0; c < o.length; c++) {
            if (over(o[c], 512) != (c == label)) {
                return false;
            }
        }
        return true;
    }
}
