package io.github.loihiemu.nir;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.loihiemu.nir.NirGraphTest.chain;
import static io.github.loihiemu.nir.NirGraphTest.input;
import static io.github.loihiemu.nir.NirGraphTest.output;
import static io.github.loihiemu.nir.NirGraphTest.params;
import static io.github.loihiemu.nir.NirMapperTest.linear;
import static io.github.loihiemu.nir.NirMapperTest.lif;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The float simulator's Euler steps and timing on hand-computed cases (docs/nir.md, "The discretisation"). */
class NirFloatSimulatorTest {

    private static boolean[][] constant(int steps, int n) {
        boolean[][] s = new boolean[steps][n];
        for (boolean[] row : s) {
            java.util.Arrays.fill(row, true);
        }
        return s;
    }

    /**
     * The mapper test's LIF (tau 10 ms, r 1, v_th 1, weight 3, dt 1 ms): an input spike every step adds 0.3 and
     * leaks a tenth, v = 0.3, 0.57, 0.813, 1.0317: the first spike at step 4, then again from 0, so steps 4 and 8.
     */
    @Test
    void lifByHand() {
        NirGraph g = NirGraph.of(List.of(input("in", 1), linear("w", 1, 1, 3), lif("lif", 0.01, 1, 0, 1),
                output("out", 1)), chain("in", "w", "lif", "out"));
        NirSpikes r = NirFloatSimulator.of(g, 1e-3).run(constant(9, 1));
        boolean[][] s = r.spikes("lif");
        for (int t = 1; t <= 9; t++) {
            assertEquals(t == 4 || t == 8, s[t - 1][0], "step " + t);
        }
        assertEquals(2, r.total("lif"));
        assertArrayEquals(new long[] {2}, r.counts("lif"));
        assertEquals("lif", r.outputs().get("out"));
        assertArrayEquals(s, r.outputSpikes("out"));
        assertEquals(9, r.total("in"));
    }

    /** One input spike stamped 0 reaches the neuron at step 1; one stamped 2 at step 3; rows past the end: none. */
    @Test
    void oneStepPerHop() {
        NirGraph g = NirGraph.of(List.of(input("in", 1), linear("w", 1, 1, 2), NirNode.of("if", NodeType.IF,
                params("r", NirArray.float64(1), "v_threshold", NirArray.float64(1))), output("out", 1)),
                chain("in", "w", "if", "out"));
        boolean[][] in = new boolean[3][1];
        in[0][0] = true;
        in[2][0] = true;
        NirSpikes r = NirFloatSimulator.of(g, 1e-3).run(Map.of("in", in), 5);
        boolean[][] s = r.spikes("if");
        assertTrue(s[0][0]);
        assertTrue(s[2][0]);
        assertEquals(2, r.total("if"));
        assertEquals(5, r.steps());
    }

    /**
     * CubaLIF (tau_syn 2 ms, tau_mem 4 ms, r 2, w_in 1.5, v_th 2, v_leak 0) at 1 ms with a = 0.5, b = 0.25 and one
     * input spike of weight 1 at stamp 0: I = 0.75, 0.375, 0.1875; v = 0.375, 0.46875, 0.4453125. Read through an
     * LI of the CubaLIF's voltage is not possible (spikes only), so the test reads the same numbers through a CubaLI
     * followed by a Threshold at 0.4: it passes at steps 2 and 3 only.
     */
    @Test
    void cubaByHand() {
        NirNode cubaLi = NirNode.of("li", NodeType.CUBA_LI, params("tau_syn", NirArray.float64(0.002),
                "tau_mem", NirArray.float64(0.004), "r", NirArray.float64(2), "v_leak", NirArray.float64(0),
                "w_in", NirArray.float64(1.5)));
        NirNode th = NirNode.of("th", NodeType.THRESHOLD, params("threshold", NirArray.float64(0.4)));
        NirNode iff = NirNode.of("if", NodeType.IF, params("r", NirArray.float64(1), "v_threshold",
                NirArray.float64(0.5)));
        NirGraph g = NirGraph.of(List.of(input("in", 1), linear("w", 1, 1, 1), cubaLi, th, iff, output("out", 1)),
                chain("in", "w", "li", "th", "if", "out"));
        boolean[][] in = new boolean[1][1];
        in[0][0] = true;
        NirSpikes r = NirFloatSimulator.of(g, 1e-3).run(Map.of("in", in), 6);
        boolean[][] s = r.spikes("if");
        // the CubaLI's v after step t is seen by the IF at step t + 1: above 0.4 after steps 2 and 3
        for (int t = 1; t <= 6; t++) {
            assertEquals(t == 3 || t == 4, s[t - 1][0], "step " + t);
        }
    }

    @Test
    void refusesWhatItDoesNotSimulate() {
        // 2.5 steps of 1 ms: the simulator steps at dt, as the chip does
        NirNode delay = NirNode.of("d", NodeType.DELAY, params("delay", NirArray.float64(0.0025)));
        NirGraph g = NirGraph.of(List.of(input("in", 1), delay, lif("lif", 0.01, 1, 0, 1), output("out", 1)),
                chain("in", "d", "lif", "out"));
        NirMappingException e = assertThrows(NirMappingException.class, () -> NirFloatSimulator.of(g, 1e-3));
        assertEquals("node 'd' (Delay): delay = 0.0025 s (element 0) is 2.50000 steps of dt = 0.001 s; the chip "
                + "delays by whole steps", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NirFloatSimulator.of(NirGraph.of(List.of(input("in", 1), output("out", 1)), chain("in", "out")), 0));
    }

    /** The nested Braille graph (after the repair) gives the same spikes as the flat one. */
    @Test
    void nestedGraphEqualsFlat() {
        NirGraph flat = NirSamplesTest.load("braille_noDelay_bias_zero.nir");
        NirGraph nested = NirSamplesTest.load("braille_noDelay_bias_zero_subgraph.nir");
        java.util.Random rnd = new java.util.Random(3);
        boolean[][] in = new boolean[100][12];
        for (boolean[] row : in) {
            for (int k = 0; k < 12; k++) {
                row[k] = rnd.nextDouble() < 0.2;
            }
        }
        NirSpikes a = NirFloatSimulator.of(flat, 1e-4).run(in);
        NirSpikes b = NirFloatSimulator.of(nested, 1e-4).run(in);
        assertTrue(a.total("lif2") > 0);
        assertArrayEquals(a.spikes("lif2"), b.spikes("lif2"));
        assertArrayEquals(a.spikes("lif1.lif"), b.spikes("lif1.lif1"));
    }
}
