package io.github.loihiemu.nbp;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The plastic state of an nBP network with one or more hidden layers, as the circuit holds it. Layer sizes
 * {@code n_0 (inputs), n_1 .. n_L (hidden), n_{L+1} (outputs)}; weight matrix {@code W_k} (k = 1 .. L+1) goes from
 * layer k-1 to layer k and is stored {@code [n_{k-1}][n_k]} row-major, so that {@code a·W_k} is layer k's sum (the
 * circuit keeps three identical copies of each). Every matrix the backward pass uses (k &gt;= 2) also has a
 * transposed pair: {@code W_kT+}, always equal to W_k transposed (same updates, same clipping, so not stored), and
 * {@code W_kT-}, stored {@code [n_k][n_{k-1}]}, equal to -W_k transposed until the asymmetric clipping limits
 * [-256, 254] make it drift. With one hidden layer these are the paper's W1, W2 and W2T-.
 */
public final class NbpWeights {
    /** Smallest weight of the mixed 8-bit format. */
    public static final int MIN = -256;
    /** Largest weight of the mixed 8-bit format. */
    public static final int MAX = 254;

    /** Layer sizes, input first, output last. */
    final int[] sizes;
    /** {@code w[k - 1]} is W_k, [sizes[k-1]][sizes[k]] row-major. */
    final int[][] w;
    /** {@code tMinus[k - 1]} is W_kT-, [sizes[k]][sizes[k-1]] row-major; null for k = 1. */
    final int[][] tMinus;

    final int inputs;
    final int hidden;
    final int outputs;

    NbpWeights(int[] sizes, int[][] w, int[][] tMinus) {
        this.sizes = sizes;
        this.w = w;
        this.tMinus = tMinus;
        this.inputs = sizes[0];
        this.hidden = sizes[1];
        this.outputs = sizes[sizes.length - 1];
    }

    /**
     * He-normal initialisation as the authors did, for one hidden layer: standard deviation
     * {@code sqrt(2 / (fanIn + fanOut))} times 1024, clipped to [-240, 240], rounded toward zero to an even integer;
     * W2T- = -W2 transposed. Deterministic for a seed ({@link SplittableRandom#nextGaussian()}).
     */
    public static NbpWeights heInit(int inputs, int hidden, int outputs, long seed) {
        return heInit(new int[] {inputs, hidden, outputs}, seed);
    }

    /**
     * He-normal initialisation for any layer list (input size first, output size last, at least one hidden layer):
     * W1, W2, ... drawn in that order from one generator, each as {@link #heInit(int, int, int, long)} describes,
     * every W_kT- (k &gt;= 2) = -W_k transposed. For three sizes this is exactly the one-hidden-layer initialisation.
     */
    public static NbpWeights heInit(int[] layers, long seed) {
        checkSizes(layers);
        SplittableRandom r = new SplittableRandom(seed);
        int m = layers.length - 1;
        int[][] w = new int[m][];
        int[][] tm = new int[m][];
        for (int k = 0; k < m; k++) {
            int a = layers[k];
            int b = layers[k + 1];
            w[k] = new int[a * b];
            double s = Math.sqrt(2.0 / (a + b)) * 1024;
            for (int q = 0; q < w[k].length; q++) {
                w[k][q] = even(r.nextGaussian() * s);
            }
            if (k > 0) {
                tm[k] = new int[b * a];
                for (int i = 0; i < a; i++) {
                    for (int j = 0; j < b; j++) {
                        tm[k][j * a + i] = -w[k][i * b + j];
                    }
                }
            }
        }
        return new NbpWeights(layers.clone(), w, tm);
    }

    private static void checkSizes(int[] layers) {
        if (layers == null || layers.length < 3) {
            throw new IllegalArgumentException("need at least three layer sizes (input, hidden, output), got "
                    + (layers == null ? "none" : Arrays.toString(layers)));
        }
        for (int s : layers) {
            if (s < 1) {
                throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(layers));
            }
        }
        // sizes in long, checked before any array is made: an int product wraps (10^7 x 400 gave -294967296)
        long bytes = 0;
        for (int k = 0; k + 1 < layers.length; k++) {
            long n = (long) layers[k] * layers[k + 1];
            if (n > MAX_MATRIX) {
                throw new IllegalArgumentException("layers " + Arrays.toString(layers) + ": W" + (k + 1) + " would hold "
                        + n + " weights, more than one Java array can (" + MAX_MATRIX + ")");
            }
            bytes += 4 * n * (k == 0 ? 1 : 2);      // W_k, and W_kT- from k = 2 on
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new IllegalArgumentException("layers " + Arrays.toString(layers) + ": the weights alone need "
                    + bytes / (1 << 20) + " MiB, the Java heap allows " + heap / (1 << 20) + " MiB (raise it with"
                    + " -Xmx, or choose smaller layers)");
        }
    }

    /** The most elements one Java array holds on common JVMs. */
    static final long MAX_MATRIX = Integer.MAX_VALUE - 8;

    /**
     * Weights given explicitly (copied), one hidden layer: W1 [inputs][hidden], W2 [hidden][outputs], W2T-
     * [outputs][hidden], all row-major, every value in [-256, 254].
     */
    public static NbpWeights of(int inputs, int hidden, int outputs, int[] w1, int[] w2, int[] w2tMinus) {
        return of(new int[] {inputs, hidden, outputs}, new int[][] {w1, w2}, new int[][] {null, w2tMinus});
    }

    /**
     * Weights given explicitly (copied): {@code matrices[k - 1]} = W_k [n_{k-1}][n_k] and {@code tMinus[k - 1]} =
     * W_kT- [n_k][n_{k-1}] for k &gt;= 2 ({@code tMinus[0]} is ignored and may be null), every value in [-256, 254].
     */
    public static NbpWeights of(int[] layers, int[][] matrices, int[][] tMinus) {
        checkSizes(layers);
        int m = layers.length - 1;
        if (matrices == null || matrices.length != m || tMinus == null || tMinus.length != m) {
            throw new IllegalArgumentException("need " + m + " weight matrices and " + m
                    + " transposed-minus slots for layers " + Arrays.toString(layers));
        }
        int[][] w = new int[m][];
        int[][] tm = new int[m][];
        for (int k = 0; k < m; k++) {
            check("W" + (k + 1), matrices[k], layers[k], layers[k + 1]);
            w[k] = matrices[k].clone();
            if (k > 0) {
                check("W" + (k + 1) + "T-", tMinus[k], layers[k + 1], layers[k]);
                tm[k] = tMinus[k].clone();
            }
        }
        return new NbpWeights(layers.clone(), w, tm);
    }

    /**
     * Refuses a matrix of the wrong size or with a weight the chip cannot hold, naming the first such weight by
     * [row, column]: the circuit's synapses are 8-bit mixed, so weights are even and within -256..254 (an odd weight
     * would be rounded down on the chip and kept by the reference, and the two engines would part).
     */
    private static void check(String name, int[] w, int rows, int cols) {
        int size = rows * cols;
        if (w == null || w.length != size) {
            throw new IllegalArgumentException(name + ": " + (w == null ? "missing" : w.length + " values")
                    + ", expected " + size + " (" + rows + " x " + cols + ")");
        }
        for (int k = 0; k < w.length; k++) {
            if (w[k] < MIN || w[k] > MAX) {
                throw new IllegalArgumentException(name + "[" + k / cols + ", " + k % cols + "] = " + w[k]
                        + " is outside " + MIN + ".." + MAX);
            }
            if ((w[k] & 1) != 0) {
                throw new IllegalArgumentException(name + "[" + k / cols + ", " + k % cols + "] = " + w[k]
                        + " is odd: the chip's 8-bit mixed weights are even (" + MIN + ".." + MAX + ")");
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

    /** Units of the first hidden layer. */
    public int hidden() {
        return hidden;
    }

    /** Output units. */
    public int outputs() {
        return outputs;
    }

    /** Number of hidden layers L. */
    public int hiddenLayers() {
        return sizes.length - 2;
    }

    /** Layer sizes, input first, output last (a copy). */
    public int[] layers() {
        return sizes.clone();
    }

    /** A copy of W_k (k = 1 .. L+1), [n_{k-1}][n_k] row-major. */
    public int[] matrix(int k) {
        return w[index(k)].clone();
    }

    /** A copy of W_kT- (k = 2 .. L+1), [n_k][n_{k-1}] row-major. */
    public int[] tMinus(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("W" + k + " has no transposed pair (the backward pass ends at layer 1)");
        }
        return tMinus[index(k)].clone();
    }

    private int index(int k) {
        if (k < 1 || k > w.length) {
            throw new IllegalArgumentException("no weight matrix W" + k + "; this network has W1..W" + w.length);
        }
        return k - 1;
    }

    /** A copy of W1, [inputs][hidden] row-major. */
    public int[] w1() {
        return matrix(1);
    }

    /** A copy of W2 (the output matrix of a one-hidden-layer net), [hidden][next layer] row-major. */
    public int[] w2() {
        return matrix(2);
    }

    /** A copy of W2T-, [next layer][hidden] row-major. */
    public int[] w2tMinus() {
        return tMinus(2);
    }

    /** W_k as a connection weight matrix {@code [n_k][n_{k-1}]} (NxSDK orientation: [target][source]). */
    int[][] byTarget(int k) {
        int a = sizes[k - 1];
        int b = sizes[k];
        int[] src = w[k - 1];
        int[][] m = new int[b][a];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                m[j][i] = src[i * b + j];
            }
        }
        return m;
    }

    /** W_kT+ as a connection matrix from layer k to layer k-1's T population: {@code [n_{k-1}][n_k]} = W_k. */
    int[][] transposedPlusByTarget(int k) {
        int a = sizes[k - 1];
        int b = sizes[k];
        int[][] m = new int[a][b];
        for (int i = 0; i < a; i++) {
            System.arraycopy(w[k - 1], i * b, m[i], 0, b);
        }
        return m;
    }

    /** W_kT- as a connection matrix {@code [n_{k-1}][n_k]} (target layer k-1's T population, source layer k). */
    int[][] transposedMinusByTarget(int k) {
        int a = sizes[k - 1];
        int b = sizes[k];
        int[][] m = new int[a][b];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                m[i][j] = tMinus[k - 1][j * a + i];
            }
        }
        return m;
    }

    /** A deep copy. */
    public NbpWeights copy() {
        int[][] w2 = new int[w.length][];
        int[][] t2 = new int[w.length][];
        for (int k = 0; k < w.length; k++) {
            w2[k] = w[k].clone();
            t2[k] = tMinus[k] == null ? null : tMinus[k].clone();
        }
        return new NbpWeights(sizes.clone(), w2, t2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NbpWeights x && Arrays.equals(sizes, x.sizes) && Arrays.deepEquals(w, x.w)
                && Arrays.deepEquals(tMinus, x.tMinus);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(w) * 31 + Arrays.hashCode(sizes);
    }
}
