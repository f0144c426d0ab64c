package io.github.loihiemu.nir;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.loihiemu.nir.NirGraphTest.chain;
import static io.github.loihiemu.nir.NirGraphTest.input;
import static io.github.loihiemu.nir.NirGraphTest.output;
import static io.github.loihiemu.nir.NirGraphTest.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Convolution and pooling as sparse matrices, by hand (docs/nir.md, "Convolution and pooling"). */
class SparseMapTest {

    private static double[] iota(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    private static NirNode conv(Object padding, int stride, double bias, double... w) {
        int k = (int) Math.round(Math.sqrt(w.length));
        return NirNode.of("c", NodeType.CONV2D, params("weight", NirArray.float64(new int[] {1, 1, k, k}, w),
                "stride", NirArray.int64(stride), "padding", padding instanceof String s ? NirArray.string(s)
                        : NirArray.int64((Integer) padding), "dilation", NirArray.int64(1), "groups",
                NirArray.int64(1), "bias", NirArray.float64(bias)));
    }

    /** x = 1..9 on [1, 3, 3], kernel [[1, 2], [3, 4]]: y = 37, 47, 67, 77, plus the bias 0.5. */
    @Test
    void conv2dByHand() {
        NirNode c = graphNode(conv(0, 1, 0.5, 1, 2, 3, 4), 1, 3, 3);
        assertArrayEquals(new int[] {1, 2, 2}, c.outputShape());
        assertArrayEquals(new double[] {37.5, 47.5, 67.5, 77.5}, SparseMap.of("c", c).apply(iota(9)), 1e-12);
    }

    /** Padding 1 (or "same") with a 3x3 kernel of ones, stride 1: each output sums its in-range neighbours. */
    @Test
    void conv2dPaddingAndSame() {
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] expected = {12, 21, 16, 27, 45, 33, 24, 39, 28};
        assertArrayEquals(expected, SparseMap.of("c", graphNode(conv(1, 1, 0, ones), 1, 3, 3)).apply(iota(9)), 1e-12);
        assertArrayEquals(expected, SparseMap.of("c", graphNode(conv("same", 1, 0, ones), 1, 3, 3)).apply(iota(9)),
                1e-12);
        // stride 2 with padding 1 on 3x3: the four corners' windows
        assertArrayEquals(new double[] {12, 16, 24, 28},
                SparseMap.of("c", graphNode(conv(1, 2, 0, ones), 1, 3, 3)).apply(iota(9)), 1e-12);
    }

    static NirNode conv1d(String name, int[] shape, double[] w, Object padding, int stride, int dilation, int groups,
                          double... bias) {
        return NirNode.of(name, NodeType.CONV1D, params("weight", NirArray.float64(shape, w),
                "stride", NirArray.int64(stride), "padding", padding instanceof String s ? NirArray.string(s)
                        : NirArray.int64((Integer) padding), "dilation", NirArray.int64(dilation), "groups",
                NirArray.int64(groups), "bias", NirArray.float64(bias)));
    }

    /**
     * Conv1d [1, 1, 3] kernel (1, 2, 3), padding 1, bias 0.5 on x = (1, 0, 0, 2): y_i = sum_k W_k x_{i - 1 + k},
     * y_0 = 2 * 1 + 3 * 0 = 2, y_1 = 1 * 1 = 1, y_2 = 3 * 2 = 6, y_3 = 2 * 2 = 4 (x_4 is padding), each + 0.5.
     */
    @Test
    void conv1dByHand() {
        NirNode c = graphNode(conv1d("c", new int[] {1, 1, 3}, new double[] {1, 2, 3}, 1, 1, 1, 1, 0.5), 1, 4);
        assertArrayEquals(new int[] {1, 4}, c.outputShape());
        assertArrayEquals(new double[] {2.5, 1.5, 6.5, 4.5}, SparseMap.of("c", c).apply(new double[] {1, 0, 0, 2}),
                1e-12);
        // "same" with an even kernel (1, 1, 1, 1): floor(3 / 2) = 1 before, 2 after, y_i = x_{i-1} + .. + x_{i+2}
        // on x = 1..4: 0 + 1 + 2 + 3, 1 + 2 + 3 + 4, 2 + 3 + 4 + 0, 3 + 4 + 0 + 0
        NirNode same = graphNode(conv1d("c", new int[] {1, 1, 4}, new double[] {1, 1, 1, 1}, "same", 1, 1, 1, 0), 1, 4);
        assertArrayEquals(new double[] {6, 10, 9, 7}, SparseMap.of("c", same).apply(new double[] {1, 2, 3, 4}),
                1e-12);
    }

    /**
     * Conv1d with groups 2, stride 2, dilation 2, no padding on [2, 5]: L' = floor((5 - 2 (2 - 1) - 1) / 2) + 1 = 2;
     * channel o sees only input channel o: y[o, i] = W[o, 0, 0] x[o, 2i] + W[o, 0, 1] x[o, 2i + 2]. With
     * W = ((1, 10), (100, 1000)), x[0] = 1..5, x[1] = 6..10: y[0] = (1 + 30, 3 + 50) = (31, 53),
     * y[1] = (600 + 8000, 800 + 10000) = (8600, 10800).
     */
    @Test
    void conv1dGroupsStrideDilationByHand() {
        NirNode c = graphNode(conv1d("c", new int[] {2, 1, 2}, new double[] {1, 10, 100, 1000}, 0, 2, 2, 2, 0), 2, 5);
        assertArrayEquals(new int[] {2, 2}, c.outputShape());
        assertArrayEquals(new double[] {31, 53, 8600, 10800}, SparseMap.of("c", c).apply(iota(10)), 1e-12);
    }

    /** 2x2 pooling, stride 2, on [1, 4, 4] holding 1..16: sums 14, 22, 46, 54; means a quarter of those. */
    @Test
    void poolingByHand() {
        for (NodeType t : new NodeType[] {NodeType.SUM_POOL2D, NodeType.AVG_POOL2D}) {
            NirNode p = NirNode.of("c", t, params("kernel_size", NirArray.int64(2), "stride", NirArray.int64(2),
                    "padding", NirArray.int64(0)));
            double f = t == NodeType.SUM_POOL2D ? 1 : 0.25;
            assertArrayEquals(new double[] {14 * f, 22 * f, 46 * f, 54 * f},
                    SparseMap.of("c", graphNode(p, 1, 4, 4)).apply(iota(16)), 1e-12);
        }
    }

    /** The Sinabs CNN runs in the float simulator: conv, IF, pooling, Flatten, Affine, all the way to the output. */
    @Test
    void cnnRunsInTheFloatSimulator() {
        NirGraph g = NirSamplesTest.load("cnn_sinabs.nir");
        java.util.Random rnd = new java.util.Random(5);
        boolean[][] in = new boolean[40][2 * 34 * 34];
        for (boolean[] row : in) {
            for (int k = 0; k < row.length; k++) {
                row[k] = rnd.nextDouble() < 0.2;
            }
        }
        NirSpikes s = NirFloatSimulator.of(g, 1e-3).run(in);
        assertTrue(s.total("1") > 0, "first IF layer spikes");
        assertTrue(s.total("12") > 0, "output layer spikes: " + s.total("12"));
        assertArrayEquals(new int[] {40, 10}, new int[] {s.outputSpikes("output").length,
                s.outputSpikes("output")[0].length});
    }

    private static NirNode graphNode(NirNode n, long... in) {
        NirGraph g = NirGraph.of(List.of(input("in", in), n), List.of(new NirEdge("in", n.name())));
        return g.node(n.name());
    }
}
