package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.CompartmentProbe;
import io.github.loihiemu.core.chip.SpikeProbe;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.github.loihiemu.nir.NirGraphTest.chain;
import static io.github.loihiemu.nir.NirGraphTest.input;
import static io.github.loihiemu.nir.NirGraphTest.output;
import static io.github.loihiemu.nir.NirGraphTest.params;
import static io.github.loihiemu.nir.NirMapperTest.linear;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delay nodes as synaptic delays (docs/nir.md, "Delay"): hand-computed cases on the chip and in the float simulator,
 * the chip's limits, and the refusals.
 */
class DelayMappingTest {

    static NirNode delay(String name, double... seconds) {
        return NirNode.of(name, NodeType.DELAY, params("delay", NirArray.float64(seconds)));
    }

    static NirNode ifNode(String name, int n) {
        double[] one = new double[n];
        java.util.Arrays.fill(one, 1);
        return NirNode.of(name, NodeType.IF, params("r", NirArray.float64(one), "v_threshold",
                NirArray.float64(one)));
    }

    private static boolean[][] spikesAt(int steps, int ports, int[]... portAndStamp) {
        boolean[][] in = new boolean[steps][ports];
        for (int[] ps : portAndStamp) {
            in[ps[1]][ps[0]] = true;
        }
        return in;
    }

    /**
     * Input (2) -> Delay [2 ms, 5 ms] -> Linear [[0.75, 0.5]] -> IF (r 1, v_th 1) at dt = 1 ms: the delays are 2 and
     * 5 steps on the synapses from port 0 and port 1 (a Delay before the weights delays per source element). The IF's
     * scale is 64 * 16384 = 2^20 per unit of v and its gain r = 1, so the weights are 0.75 * 2^14 = 12288 and
     * 0.5 * 2^14 = 8192 steps of 64: excitatory, exponent 6, mantissas 192 and 128, exact (exponent 5 would need
     * 384 > 255). Both ports spike stamped 0: port 0 arrives at 0 + 1 + 2 = 3 (v = 786432 < 2^20), port 1 at
     * 0 + 1 + 5 = 6 (v = 786432 + 524288 = 1310720 > 2^20): one spike, at step 6. Float: y_0(3) = x_0(1),
     * y_1(6) = x_1(1); v = 0.75 at 3, 1.25 at 6: the same spike.
     */
    @Test
    void delayBeforeWeightsByHand() {
        NirGraph g = NirGraph.of(List.of(input("in", 2), delay("d", 0.002, 0.005), linear("w", 1, 2, 0.75, 0.5),
                ifNode("if", 1), output("out", 1)), chain("in", "d", "w", "if", "out"));
        NirMapping m = NirMapper.map(g);
        QuantisationReport.ConnectionEntry c = m.report().connection("in", "if");
        assertEquals(2, c.minDelay());
        assertEquals(5, c.maxDelay());
        assertEquals(SignMode.EXCITATORY, c.signMode());
        assertEquals(6, c.exponent());
        assertEquals(0, c.rmsError());
        assertEquals(1, m.network().connections().size());
        assertEquals(List.of(), m.report().notes());
        boolean[][] in = spikesAt(10, 2, new int[] {0, 0}, new int[] {1, 0});
        try (Board board = Board.compile(m.network())) {
            assertArrayEquals(new int[] {192, 128}, board.weights(m.network().connections().get(0)));
            CompartmentProbe v = board.probeCompartments(m.parts("if").get(0).group());
            SpikeProbe s = board.probeSpikes(m.parts("if").get(0).group());
            board.spikeInput(m.input("in")).addSpike(0, 0);
            board.spikeInput(m.input("in")).addSpike(1, 0);
            board.run(10);
            int[][] vs = v.voltages();
            assertArrayEquals(new int[] {0, 0, 786432, 786432, 786432, 0, 0},
                    new int[] {vs[0][0], vs[1][0], vs[2][0], vs[3][0], vs[4][0], vs[5][0], vs[6][0]});
            assertEquals(1, s.size());
            assertEquals(6, s.time(0));
        }
        NirSpikes f = NirFloatSimulator.of(g, 1e-3).run(in);
        assertEquals(1, f.total("if"));
        assertTrue(f.spikes("if")[5][0]);
        NirComparison cmp = NirComparison.run(m, in);
        assertEquals(-1, cmp.node("if").firstDifference(), cmp.toString());
    }

    /**
     * Input (1) -> Linear [[0.5], [0.5]] -> Delay [1 ms, 3 ms] -> IF (2): a Delay after the weights delays per
     * target, 1 step into neuron 0 and 3 into neuron 1. Two input spikes stamped 0 and 1 put 2 x 0.5 = 1.0 into each
     * neuron, not above the threshold; a third stamped 2 makes 1.5: neuron 0 spikes at 2 + 1 + 1 = 4, neuron 1 at
     * 2 + 1 + 3 = 6.
     */
    @Test
    void delayAfterWeightsByHand() {
        NirGraph g = NirGraph.of(List.of(input("in", 1), linear("w", 2, 1, 0.5, 0.5), delay("d", 0.001, 0.003),
                ifNode("if", 2), output("out", 2)), chain("in", "w", "d", "if", "out"));
        NirMapping m = NirMapper.map(g);
        assertEquals(1, m.report().connection("in", "if").minDelay());
        assertEquals(3, m.report().connection("in", "if").maxDelay());
        boolean[][] in = spikesAt(10, 1, new int[] {0, 0}, new int[] {0, 1}, new int[] {0, 2});
        NirComparison cmp = NirComparison.run(m, in);
        boolean[][] chip = cmp.chip().spikes().spikes("if");
        assertEquals(2, cmp.node("if").chipSpikes());
        assertTrue(chip[3][0]);
        assertTrue(chip[5][1]);
        assertEquals(-1, cmp.node("if").firstDifference(), cmp.toString());
    }

    /**
     * Input (1) -> Linear [[1], [1]] -> Delay [1 ms, 3 ms] -> Linear [[0.5, 0.625]] -> IF (1): between weight nodes
     * the delays differ per path, so the one pair (port 0, neuron 0) needs two synapses, delay 1 with 0.5 (8192 steps,
     * mantissa 128 at exponent 6) and delay 3 with 0.625 (10240 steps, mantissa 160): two loihi-core connections (a
     * topology holds one synapse per pair). One spike stamped 0: v = 0.5 at step 2, 1.125 at step 4: a spike at 4.
     */
    @Test
    void delayBetweenWeightNodesGivesOneSynapsePerDelay() {
        NirGraph g = NirGraph.of(List.of(input("in", 1), linear("a", 2, 1, 1, 1), delay("d", 0.001, 0.003),
                linear("b", 1, 2, 0.5, 0.625), ifNode("if", 1), output("out", 1)),
                chain("in", "a", "d", "b", "if", "out"));
        NirMapping m = NirMapper.map(g);
        QuantisationReport.ConnectionEntry c = m.report().connection("in", "if");
        assertEquals(2, c.synapses());
        assertEquals(1, c.minDelay());
        assertEquals(3, c.maxDelay());
        assertEquals(2, m.network().connections().size());
        try (Board board = Board.compile(m.network())) {
            assertArrayEquals(new int[] {128}, board.weights(m.network().connections().get(0)));
            assertArrayEquals(new int[] {160}, board.weights(m.network().connections().get(1)));
            CompartmentProbe v = board.probeCompartments(m.parts("if").get(0).group());
            SpikeProbe s = board.probeSpikes(m.parts("if").get(0).group());
            board.spikeInput(m.input("in")).addSpike(0, 0);
            board.run(6);
            assertEquals(1 << 19, v.voltages()[1][0]);
            assertEquals(1, s.size());
            assertEquals(4, s.time(0));
        }
        NirSpikes f = NirFloatSimulator.of(g, 1e-3).run(spikesAt(6, 1, new int[] {0, 0}));
        assertEquals(1, f.total("if"));
        assertTrue(f.spikes("if")[3][0]);
    }

    /**
     * A delay of 10 steps needs D = 16 dendritic accumulators (D - 2 >= 10): the report says so, the default board
     * (D = 8) refuses the network, and {@link NirMapping#boardConfig} gives the board 16, with which the spike stamped
     * 0 arrives at 0 + 1 + 10 = 11 (weight 1.5 of the threshold: a spike there).
     */
    @Test
    void longDelaysGetTheDendriticAccumulatorsTheyNeed() {
        NirGraph g = NirGraph.of(List.of(input("in", 1), delay("d", 0.01), linear("w", 1, 1, 1.5), ifNode("if", 1),
                output("out", 1)), chain("in", "d", "w", "if", "out"));
        NirMapping m = NirMapper.map(g);
        assertEquals(10, m.report().maxDelay());
        assertEquals(List.of("synaptic delays up to 10 steps need 16 dendritic accumulators per compartment (the "
                + "default is 8, for delays up to 6); NirMapping.boardConfig gives the board them"), m.report().notes());
        assertEquals(16, m.boardConfig(BoardConfig.defaults()).mapping().dendriticAccumulators());
        assertEquals(8, NirMapping.dendriticAccumulators(6));
        assertEquals(64, NirMapping.dendriticAccumulators(62));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Board.compile(m.network()));
        assertTrue(e.getMessage().contains("delay 10 exceeds 6"), e.getMessage());
        NirChipRun r = NirChipRun.run(m, spikesAt(14, 1, new int[] {0, 0}));
        assertEquals(1, r.spikes().total("if"));
        assertTrue(r.spikes().spikes("if")[10][0]);
    }

    @Test
    void refusals() {
        // not a whole number of steps
        NirMappingException e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(
                input("in", 1), delay("d", 0.0015), linear("w", 1, 1, 1), ifNode("if", 1)),
                chain("in", "d", "w", "if"))));
        assertEquals("node 'd' (Delay): delay = 0.0015 s (element 0) is 1.50000 steps of dt = 0.001 s; the chip "
                + "delays by whole steps", e.getMessage());
        // beyond the chip's 62 steps
        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                delay("d", 0.063), linear("w", 1, 1, 1), ifNode("if", 1)), chain("in", "d", "w", "if"))));
        assertEquals("node 'd' (Delay): delay = 0.063 s (element 0) is 63 steps of dt = 0.001 s; the chip delays by "
                + "at most 62 (64 dendritic accumulators, docs/loihi-semantics.md 4.4)", e.getMessage());
        // two Delay nodes in a chain that add up past 62 (the walk meets the one nearer the neuron first)
        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                delay("d1", 0.03), linear("w", 1, 1, 1), delay("d2", 0.04), ifNode("if", 1)),
                chain("in", "d1", "w", "d2", "if"))));
        assertEquals("node 'd1' (Delay): delays by 30 steps and the Delay nodes after it by 40: 70 steps, more than "
                + "the chip's 62 (64 dendritic accumulators, docs/loihi-semantics.md 4.4)", e.getMessage());
        // negative
        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                delay("d", -0.001), linear("w", 1, 1, 1), ifNode("if", 1)), chain("in", "d", "w", "if"))));
        assertEquals("node 'd' (Delay): delay = -0.001 (element 0) must be a non-negative number of seconds", e.getMessage());
        // a Delay the chip has no synapse for: after the last neuron, before an Output
        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                linear("w", 1, 1, 1), ifNode("if", 1), delay("d", 0.001), output("out", 1)),
                chain("in", "w", "if", "d", "out"))));
        assertEquals("node 'out' (Output): follows 'd' (Delay); the chip's outputs are the spikes (or an LI's voltage)"
                + " of a neuron node, so an Output must follow one", e.getMessage());
        // a loop of a weight and a Delay node without a neuron
        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                linear("w", 1, 1, 1), delay("d", 0.001), ifNode("if", 1)), List.of(new NirEdge("in", "w"),
                new NirEdge("w", "d"), new NirEdge("d", "w"), new NirEdge("d", "if")))));
        assertEquals("node 'd' (Delay): is on a loop of weight and Delay nodes (a recurrent edge between non-neuron "
                + "nodes); the chip needs a neuron on every loop", e.getMessage());
    }

    /**
     * A recurrent network with delays on the chip against the float simulator: Input (4) -> Delay [1..4 ms] ->
     * Linear 3x4 -> IF (3), and IF -> Delay [2 ms each] -> Linear 3x3 (inhibitory) -> IF. The weights are multiples of
     * 1/16 of the threshold, exact on the chip, so the IF neurons spike identically in every run.
     */
    @Test
    void recurrentNetworkWithDelaysAgreesWithTheFloatSimulator() {
        Random rnd = new Random(5);
        double[] w = new double[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = (1 + rnd.nextInt(8)) / 16.0;
        }
        double[] rec = new double[9];
        for (int i = 0; i < rec.length; i++) {
            rec[i] = -rnd.nextInt(6) / 16.0;
        }
        NirGraph g = NirGraph.of(List.of(input("in", 4), delay("d", 0.001, 0.002, 0.003, 0.004),
                linear("w", 3, 4, w), ifNode("if", 3), delay("drec", 0.002, 0.002, 0.002), linear("rec", 3, 3, rec),
                output("out", 3)), List.of(new NirEdge("in", "d"), new NirEdge("d", "w"), new NirEdge("w", "if"),
                new NirEdge("if", "drec"), new NirEdge("drec", "rec"), new NirEdge("rec", "if"),
                new NirEdge("if", "out")));
        NirMapping m = NirMapper.map(g);
        assertEquals(2, m.report().connection("if", "if").minDelay());
        assertEquals(2, m.report().connection("if", "if").maxDelay());
        List<Long> counts = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            Map<String, boolean[][]> in = MappingAgreementTest.randomInput(m, 100, 0.3, s);
            NirComparison c = NirComparison.run(m, in, 100, BoardConfig.defaults());
            assertEquals(-1, c.node("if").firstDifference(), c.toString());
            counts.add(c.node("if").chipSpikes());
        }
        assertTrue(counts.stream().allMatch(n -> n > 20), counts.toString());
    }
}
