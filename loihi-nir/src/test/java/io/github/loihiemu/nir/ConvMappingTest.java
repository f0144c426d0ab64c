package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.BoardConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.loihiemu.nir.NirGraphTest.input;
import static io.github.loihiemu.nir.NirGraphTest.output;
import static io.github.loihiemu.nir.NirGraphTest.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conv2d, SumPool2d and Flatten mapped as sparse connections: a small CNN (input [2, 8, 8], Conv2d 3x2x3x3
 * stride 1 padding 1, IF, SumPool2d 2, Flatten, Affine 4x48, IF) on the chip against the float simulator.
 */
class ConvMappingTest {

    private static NirGraph smallCnn() {
        java.util.Random rnd = new java.util.Random(11);
        double[] w = new double[3 * 2 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.round((rnd.nextDouble() - 0.3) * 8) / 16.0;
        }
        double[] fc = new double[4 * 48];
        for (int i = 0; i < fc.length; i++) {
            fc[i] = Math.round((rnd.nextDouble() - 0.3) * 8) / 16.0;
        }
        NirNode conv = NirNode.of("conv", NodeType.CONV2D, params("weight", NirArray.float64(new int[] {3, 2, 3, 3}, w),
                "stride", NirArray.int64(1), "padding", NirArray.int64(1), "dilation", NirArray.int64(1),
                "groups", NirArray.int64(1), "bias", NirArray.float64(0, 0, 0)));
        NirNode if1 = NirNode.of("if1", NodeType.IF, params("r", NirArray.float32(new int[] {3, 8, 8}, fill(192, 1)),
                "v_threshold", NirArray.float32(new int[] {3, 8, 8}, fill(192, 1))));
        NirNode pool = NirNode.of("pool", NodeType.SUM_POOL2D, params("kernel_size", NirArray.int64(2),
                "stride", NirArray.int64(2), "padding", NirArray.int64(0)));
        NirNode flat = NirNode.of("flat", NodeType.FLATTEN, params("start_dim", NirArray.int64(0),
                "end_dim", NirArray.int64(-1)));
        NirNode aff = NirNode.of("fc", NodeType.AFFINE, params("weight", NirArray.float64(new int[] {4, 48}, fc),
                "bias", NirArray.float64(0, 0, 0, 0)));
        NirNode if2 = NirNode.of("if2", NodeType.IF, params("r", NirArray.float32(fill(4, 1)),
                "v_threshold", NirArray.float32(fill(4, 1))));
        List<NirEdge> edges = new ArrayList<>();
        String[] chain = {"in", "conv", "if1", "pool", "flat", "fc", "if2", "out"};
        for (int i = 0; i + 1 < chain.length; i++) {
            edges.add(new NirEdge(chain[i], chain[i + 1]));
        }
        return NirGraph.of(List.of(input("in", 2, 8, 8), conv, if1, pool, flat, aff, if2, output("out", 4)), edges);
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void smallCnnOnTheChipAgreesWithTheFloatSimulator() {
        NirGraph g = smallCnn();
        NirMapping m = NirMapper.map(g);
        assertEquals(List.of("if1", "if2"), new ArrayList<>(m.neurons().keySet()));
        assertEquals(2, m.report().connections().size());
        long chip = 0;
        long flt = 0;
        for (int s = 0; s < 10; s++) {
            Map<String, boolean[][]> in = MappingAgreementTest.randomInput(m, 100, 0.2, s);
            NirComparison c = NirComparison.run(m, in, 100, BoardConfig.defaults());
            // the convolution's weights are multiples of 1/16 of the threshold, exact on the chip: identical spikes
            assertEquals(-1, c.node("if1").firstDifference(), c.toString());
            assertTrue(c.node("if1").chipSpikes() > 100, c.toString());
            chip += c.node("if2").chipSpikes();
            flt += c.node("if2").floatSpikes();
        }
        // pooled and fully connected: the threshold mantissa is lowered so that the current cannot wrap, and the
        // weights are no longer exact (measured: chip 3,790, float 3,874 spikes over the 10 runs)
        assertTrue(Math.abs(chip - flt) <= 0.05 * flt, "chip " + chip + ", float " + flt);
    }

    /**
     * The Sinabs CNN maps (every layer a sparse connection, pooling multiplied into the next convolution), compiles
     * (the packer counts the index bits of a convolution's sparse rows) and runs.
     */
    @Test
    void cnnMapsCompilesAndRuns() {
        long t0 = System.nanoTime();
        NirGraph g = NirSamplesTest.load("cnn_sinabs.nir");
        NirMapping m = NirMapper.map(g);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(java.util.Locale.ROOT, "cnn_sinabs: loaded and mapped in %.2f s%n", seconds);
        assertEquals(List.of("1", "10", "12", "3", "6"), new ArrayList<>(m.neurons().keySet())); // file order
        assertEquals(5, m.report().connections().size());
        try (io.github.loihiemu.core.chip.Board board = io.github.loihiemu.core.chip.Board.compile(m.network())) {
            System.out.printf(java.util.Locale.ROOT, "cnn_sinabs: %d cores%n", board.plan().coreCount());
            assertTrue(board.plan().coreCount() > 1);
            board.run(3);
        }
    }
}
