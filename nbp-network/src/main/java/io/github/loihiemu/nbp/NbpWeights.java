package io.github.loihiemu.nbp;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The plastic state of a one-hidden-layer nBP network, as the circuit holds it: W1 ({@code [inputs][hidden]}, so
 * that x·W1 is the hidden sum; the circuit keeps three identical copies), W2 ({@code [hidden][outputs]}, three
 * identical copies), W2T+ (always equal to W2 transposed) and W2T- (equal to -W2 transposed until the asymmetric
 * clipping limits [-256, 254] make it drift, so it is kept as its own matrix). Flat row-major int arrays.
 */
public final class NbpWeights {
    /** Smallest weight of the mixed 8-bit format. */
    public static final int MIN = -256;
    /** Largest weight of the mixed 8-bit format. */
    public static final int MAX = 254;

    final int inputs;
    final int hidden;
    final int outputs;
    final int[] w1;
    final int[] w2;
    /** W2T- stored as [outputs][hidden]. */
    final int[] w2tMinus;

    NbpWeights(int inputs, int hidden, int outputs, int[] w1, int[] w2, int[] w2tMinus) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.w1 = w1;
        this.w2 = w2;
        this.w2tMinus = w2tMinus;
    }

    /**
     * He-normal initialisation as the authors did: standard deviation {@code sqrt(2 / (fanIn + fanOut))} times 1024,
     * clipped to [-240, 240], rounded toward zero to an even integer; W2T- = -W2 transposed. Deterministic for a
     * seed ({@link SplittableRandom#nextGaussian()}).
     */
    public static NbpWeights heInit(int inputs, int hidden, int outputs, long seed) {
        if (inputs < 1 || hidden < 1 || outputs < 1) {
            throw new IllegalArgumentException("layer sizes must be positive: " + inputs + "-" + hidden + "-"
                    + outputs);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] w1 = new int[inputs * hidden];
        double s1 = Math.sqrt(2.0 / (inputs + hidden)) * 1024;
        for (int k = 0; k < w1.length; k++) {
            w1[k] = even(r.nextGaussian() * s1);
        }
        int[] w2 = new int[hidden * outputs];
        double s2 = Math.sqrt(2.0 / (hidden + outputs)) * 1024;
        for (int k = 0; k < w2.length; k++) {
            w2[k] = even(r.nextGaussian() * s2);
        }
        int[] w2tm = new int[outputs * hidden];
        for (int h = 0; h < hidden; h++) {
            for (int o = 0; o < outputs; o++) {
                w2tm[o * hidden + h] = -w2[h * outputs + o];
            }
        }
        return new NbpWeights(inputs, hidden, outputs, w1, w2, w2tm);
    }

    /**
     * Weights given explicitly (copied): W1 [inputs][hidden], W2 [hidden][outputs], W2T- [outputs][hidden], all
     * row-major, every value in [-256, 254].
     */
    public static NbpWeights of(int inputs, int hidden, int outputs, int[] w1, int[] w2, int[] w2tMinus) {
        check("W1", w1, inputs * hidden);
        check("W2", w2, hidden * outputs);
        check("W2T-", w2tMinus, outputs * hidden);
        return new NbpWeights(inputs, hidden, outputs, w1.clone(), w2.clone(), w2tMinus.clone());
    }

    private static void check(String name, int[] w, int size) {
        if (w == null || w.length != size) {
            throw new IllegalArgumentException(name + ": " + (w == null ? "missing" : w.length + " values")
                    + ", expected " + size);
        }
        for (int k = 0; k < w.length; k++) {
            if (w[k] < MIN || w[k] > MAX) {
                throw new IllegalArgumentException(name + "[" + k + "] = " + w[k] + " is outside " + MIN + ".." + MAX);
            }
        }
    }

    private static int even(double v) {
        double c = Math.max(-240, Math.min(240, v));
        int t = (int) c;            // toward zero
        return t - t % 2;           // toward zero to even
    }

    /** Number of inputs. */
    public int inputs() {
        return inputs;
    }

    /** Hidden units. */
    public int hidden() {
        return hidden;
    }

    /** Output units. */
    public int outputs() {
        return outputs;
    }

    /** A copy of W1, [inputs][hidden] row-major. */
    public int[] w1() {
        return w1.clone();
    }

    /** A copy of W2, [hidden][outputs] row-major. */
    public int[] w2() {
        return w2.clone();
    }

    /** A copy of W2T-, [outputs][hidden] row-major. */
    public int[] w2tMinus() {
        return w2tMinus.clone();
    }

    /** W1 as a connection weight matrix {@code [hidden][inputs]} (NxSDK orientation: [target][source]). */
    int[][] w1ByTarget() {
        int[][] m = new int[hidden][inputs];
        for (int i = 0; i < inputs; i++) {
            for (int j = 0; j < hidden; j++) {
                m[j][i] = w1[i * hidden + j];
            }
        }
        return m;
    }

    /** W2 as a connection weight matrix {@code [outputs][hidden]}. */
    int[][] w2ByTarget() {
        int[][] m = new int[outputs][hidden];
        for (int j = 0; j < hidden; j++) {
            for (int c = 0; c < outputs; c++) {
                m[c][j] = w2[j * outputs + c];
            }
        }
        return m;
    }

    /** A deep copy. */
    public NbpWeights copy() {
        return new NbpWeights(inputs, hidden, outputs, w1.clone(), w2.clone(), w2tMinus.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NbpWeights w && Arrays.equals(w1, w.w1) && Arrays.equals(w2, w.w2)
                && Arrays.equals(w2tMinus, w.w2tMinus);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(w1) * 31 + Arrays.hashCode(w2);
    }
}
