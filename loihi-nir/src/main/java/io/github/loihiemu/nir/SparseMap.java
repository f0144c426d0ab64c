package io.github.loihiemu.nir;

import java.util.Arrays;

/**
 * The linear map of a Conv1d, Conv2d, SumPool2d or AvgPool2d node as a sparse matrix [out, in] over the row-major
 * elements of its input [C, H, W] and output [C', H', W'] shapes, plus a bias per output element (Conv2d). One
 * entry per (output, input) pair a kernel tap joins, taps that fall into the padding left out. The formulas
 * (PyTorch's, as NIR's exporters use them):
 * <pre>
 * Conv2d   y[o, i, j] = bias[o] + sum over c in o's group, ky, kx of
 *                       W[o, c - g0, ky, kx] x[c, i s0 - p0 + ky d0, j s1 - p1 + kx d1]
 * SumPool2d y[c, i, j] = sum over ky, kx of x[c, i s0 - p0 + ky, j s1 - p1 + kx]
 * AvgPool2d y[c, i, j] = that sum / (k0 k1)   (the padding counted, PyTorch's default)
 * </pre>
 * with g0 the first input channel of o's group (groups split the channels evenly) and padding "same" putting
 * floor(d (k - 1) / 2) before and the rest after, "valid" none. A Conv1d on [C, L] is the Conv2d on [C, 1, L] with
 * the kernel [1, K].
 */
final class SparseMap {
    final int rows;
    final int cols;
    final int[] row;
    final int[] col;
    final double[] value;
    /** Per output element; null for pooling. */
    final double[] bias;

    private SparseMap(int rows, int cols, int[] row, int[] col, double[] value, double[] bias) {
        this.rows = rows;
        this.cols = cols;
        this.row = row;
        this.col = col;
        this.value = value;
        this.bias = bias;
    }

    /** y = A x (+ bias). */
    double[] apply(double[] x) {
        double[] y = bias == null ? new double[rows] : bias.clone();
        for (int k = 0; k < row.length; k++) {
            y[row[k]] += value[k] * x[col[k]];
        }
        return y;
    }

    /** The map of a Conv1d, Conv2d, SumPool2d or AvgPool2d node whose shapes are known. */
    static SparseMap of(String path, NirNode n) {
        NodeRules.Checker c = new NodeRules.Checker("graph", "node '" + path + "' (" + n.type().nirName() + ")",
                n.parameters());
        boolean oneD = n.type() == NodeType.CONV1D;
        int[] in = n.inputShape();
        int[] out = n.outputShape();
        int rank = oneD ? 2 : 3;
        if (in.length != rank || out.length != rank) {
            throw new NirMappingException("'" + path + "' (" + n.type().nirName() + ")", "input " + Arrays.toString(in)
                    + " and output " + Arrays.toString(out) + " must both be " + (oneD ? "[C, L]" : "[C, H, W]"));
        }
        if (oneD) {
            // a 1-d convolution is the 2-d one over a single row: [C, L] as [C, 1, L], the kernel [1, K]
            in = new int[] {in[0], 1, in[1]};
            out = new int[] {out[0], 1, out[1]};
        }
        int rows = NodeRules.product(out);
        int cols = NodeRules.product(in);
        Builder b = new Builder();
        if (n.type() == NodeType.CONV2D || oneD) {
            NirArray w = n.parameter("weight");
            int groups = (int) c.intScalar("groups");
            int[] s = spatial(c.intVector("stride", rank - 1, 1), oneD, 1);
            int[] d = spatial(c.intVector("dilation", rank - 1, 1), oneD, 1);
            int[] k = oneD ? new int[] {1, w.dim(2)} : new int[] {w.dim(2), w.dim(3)};
            int[] p = padding(c, n, k, d, oneD);
            int cinPerGroup = w.dim(1);
            int coutPerGroup = out[0] / groups;
            double[] wd = w.toDoubleArray();
            NirArray bias = n.parameter("bias");
            double[] bo = new double[rows];
            for (int o = 0; o < out[0]; o++) {
                int g0 = (o / coutPerGroup) * cinPerGroup;
                for (int i = 0; i < out[1]; i++) {
                    for (int j = 0; j < out[2]; j++) {
                        int r = (o * out[1] + i) * out[2] + j;
                        bo[r] = bias.getDouble(bias.size() == 1 ? 0 : o);
                        for (int cc = 0; cc < cinPerGroup; cc++) {
                            for (int ky = 0; ky < k[0]; ky++) {
                                int y = i * s[0] - p[0] + ky * d[0];
                                if (y < 0 || y >= in[1]) {
                                    continue;
                                }
                                for (int kx = 0; kx < k[1]; kx++) {
                                    int x = j * s[1] - p[1] + kx * d[1];
                                    if (x < 0 || x >= in[2]) {
                                        continue;
                                    }
                                    double v = wd[((o * cinPerGroup + cc) * k[0] + ky) * k[1] + kx];
                                    if (v != 0) {
                                        b.add(r, ((g0 + cc) * in[1] + y) * in[2] + x, v);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return b.build(rows, cols, bo);
        }
        int[] k = c.intVector("kernel_size", 2, 1);
        int[] s = c.intVector("stride", 2, 1);
        int[] p = c.intVector("padding", 2, 0);
        double v = n.type() == NodeType.AVG_POOL2D ? 1.0 / (k[0] * k[1]) : 1.0;
        for (int ch = 0; ch < out[0]; ch++) {
            for (int i = 0; i < out[1]; i++) {
                for (int j = 0; j < out[2]; j++) {
                    int r = (ch * out[1] + i) * out[2] + j;
                    for (int ky = 0; ky < k[0]; ky++) {
                        int y = i * s[0] - p[0] + ky;
                        for (int kx = 0; kx < k[1]; kx++) {
                            int x = j * s[1] - p[1] + kx;
                            if (y >= 0 && y < in[1] && x >= 0 && x < in[2]) {
                                b.add(r, (ch * in[1] + y) * in[2] + x, v);
                            }
                        }
                    }
                }
            }
        }
        return b.build(rows, cols, null);
    }

    /** A 1-d node's stride, dilation or padding as the 2-d one over a single row: {fill, v}. */
    private static int[] spatial(int[] v, boolean oneD, int fill) {
        return oneD ? new int[] {fill, v[0]} : v;
    }

    private static int[] padding(NodeRules.Checker c, NirNode n, int[] k, int[] d, boolean oneD) {
        NirArray pad = n.parameter("padding");
        if (pad.dtype() == NirArray.DType.STRING) {
            int[] p = new int[2];
            if (pad.getString(0).equals("same")) {
                for (int i = 0; i < 2; i++) {
                    p[i] = d[i] * (k[i] - 1) / 2;
                }
            }
            return p;
        }
        return spatial(c.intVector("padding", oneD ? 1 : 2, 0), oneD, 0);
    }

    private static final class Builder {
        int size;
        int[] row = new int[1024];
        int[] col = new int[1024];
        double[] value = new double[1024];

        void add(int r, int c, double v) {
            if (size == row.length) {
                row = Arrays.copyOf(row, size * 2);
                col = Arrays.copyOf(col, size * 2);
                value = Arrays.copyOf(value, size * 2);
            }
            row[size] = r;
            col[size] = c;
            value[size++] = v;
        }

        SparseMap build(int rows, int cols, double[] bias) {
            return new SparseMap(rows, cols, Arrays.copyOf(row, size), Arrays.copyOf(col, size),
                    Arrays.copyOf(value, size), bias);
        }
    }
}
