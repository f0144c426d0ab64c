package io.github.loihiemu.nbp;

import java.util.ArrayList;
import java.util.List;

/**
 * The slot schedule of the nBP training circuit for L hidden layers (docs/nbp.md, "More hidden layers"). Slots are
 * numbered 1 .. T inside a sample's window (slot T is slot 0 of the 12-slot table in nbp-circuit.md); gate g_j fires
 * in slot j (mod T) and lifts its targets in slot j + 1. Layers: 0 = x, 1 .. L hidden, L+1 = output.
 *
 * <ul>
 * <li>forward: x in slot 2, hidden layer l in slot 2 + l, output and label in slot L + 3 ({@link #forward(int)});
 * <li>error: d+ and d- in slot E = L + 4;
 * <li>one block per matrix W_k, k = L+1 down to 2: P_k (potentiation, reward) and D_k = P_k + gap_k (depression);
 *     layer k-1's T population fires the backpropagated sums in P_k + 1 and D_k + 1. P_{L+1} = E + 1, and
 *     P_{k-1} = D_k + 2 (both signs of layer k-1's error must be known before its own block starts);
 * <li>W_1: P_1 = P_2 + 2, D_1 = D_2 + 2, exactly as in the paper's circuit, so gap_2 = 4 (P_1 and the slot after
 *     it, where the h1 family is refractory, sit between P_2 and D_2); every other gap is 2, the least that lets a
 *     population (refractory delay 2) fire in both P_k and D_k.
 * </ul>
 * T = D_1, which gives 12 for one hidden layer and 12 + 5 (L - 1) in general.
 */
final class NbpSchedule {
    /** The longest synaptic delay the circuit uses: 8 dendritic accumulator slots, as the authors' compartments. */
    static final int MAX_DELAY = 6;

    private final int hiddenLayers;
    private final int period;
    private final int[] forward;
    private final int[] p;
    private final int[] d;

    NbpSchedule(int hiddenLayers) {
        if (hiddenLayers < 1) {
            throw new IllegalArgumentException("at least one hidden layer, got " + hiddenLayers);
        }
        this.hiddenLayers = hiddenLayers;
        int out = hiddenLayers + 1;
        forward = new int[out + 1];
        for (int l = 0; l <= out; l++) {
            forward[l] = 2 + l;
        }
        p = new int[out + 1];
        d = new int[out + 1];
        p[out] = errorSlot() + 1;
        for (int k = out; k >= 2; k--) {
            if (k < out) {
                p[k] = d[k + 1] + 2;
            }
            d[k] = p[k] + gap(k);
        }
        p[1] = p[2] + 2;
        d[1] = d[2] + 2;
        period = d[1];
    }

    /** Number of hidden layers L. */
    int hiddenLayers() {
        return hiddenLayers;
    }

    /** Timesteps per training sample, T. */
    int period() {
        return period;
    }

    /** The slot in which layer l (0 = x, L+1 = output) fires its forward activity. */
    int forward(int layer) {
        return forward[layer];
    }

    /** The slot of d+ and d-. */
    int errorSlot() {
        return hiddenLayers + 4;
    }

    /** Potentiation slot of W_k (rewarded). */
    int potentiation(int k) {
        return p[k];
    }

    /** Depression slot of W_k. */
    int depression(int k) {
        return d[k];
    }

    /** D_k - P_k. */
    int gap(int k) {
        return k == 2 ? 4 : 2;
    }

    /** Slots of the reward spikes (every P_k), ascending. */
    int[] rewardSlots() {
        int[] r = new int[hiddenLayers + 1];
        for (int k = 1; k <= hiddenLayers + 1; k++) {
            r[k - 1] = p[k];
        }
        java.util.Arrays.sort(r);
        return r;
    }

    /** A slot number reduced to 1 .. T. */
    int wrap(int slot) {
        int s = Math.floorMod(slot, period);
        return s == 0 ? period : s;
    }

    /**
     * The firing slots of a delay line of relay populations (each bias-held, lifted by a gate in its one slot, fed
     * one-to-one by the previous stage) that carries a pattern fired in slot {@code origin} to targets in slots
     * {@code first .. last}: the fewest stages such that every hop has a delay 0 .. 6 and the last stage reaches all
     * targets. {@code late}: each stage as late as possible (the stage fires just before its first use); otherwise
     * as early as possible (the pattern is stored right after it appears).
     */
    int[] delayLine(int origin, int first, int last, boolean late) {
        int hop = MAX_DELAY + 1;
        if (last - first > MAX_DELAY || first <= origin + 1) {
            throw new IllegalStateException("no delay line from slot " + origin + " to slots " + first + ".." + last);
        }
        int stages = 1;
        while (origin + hop * stages < last - hop) {
            stages++;
        }
        int[] s = new int[stages];
        if (late) {
            s[stages - 1] = Math.min(first - 1, origin + hop * stages);
            for (int i = stages - 2; i >= 0; i--) {
                s[i] = Math.min(s[i + 1] - 1, origin + hop * (i + 1));
            }
        } else {
            for (int i = 0; i < stages; i++) {
                s[i] = Math.max(origin + i + 1, last - hop - hop * (stages - 1 - i));
            }
        }
        return s;
    }

    /** The schedule as rows (slot, what happens) for the documentation. */
    List<String> describe() {
        List<String> rows = new ArrayList<>();
        int out = hiddenLayers + 1;
        for (int l = 0; l <= out; l++) {
            rows.add(forward[l] + ": forward " + NbpCircuit.layerName(l, out));
        }
        rows.add(errorSlot() + ": error d+ d-");
        for (int k = out; k >= 1; k--) {
            rows.add(p[k] + ": P" + k);
            rows.add(d[k] + ": D" + k);
        }
        return rows;
    }
}
