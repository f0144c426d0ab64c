package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.CompartmentProbe;
import io.github.loihiemu.core.chip.SpikeProbe;
import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.loihiemu.nir.NirGraphTest.chain;
import static io.github.loihiemu.nir.NirGraphTest.input;
import static io.github.loihiemu.nir.NirGraphTest.output;
import static io.github.loihiemu.nir.NirGraphTest.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mapping's formulas on hand-computed cases (docs/nir.md, "Mapping"), and the refusals. */
class NirMapperTest {

    static NirNode lif(String name, double tau, double r, double vLeak, double vTh) {
        return NirNode.of(name, NodeType.LIF, params("tau", NirArray.float64(tau), "r", NirArray.float64(r),
                "v_leak", NirArray.float64(vLeak), "v_threshold", NirArray.float64(vTh)));
    }

    static NirNode linear(String name, int rows, int cols, double... w) {
        return NirNode.of(name, NodeType.LINEAR, params("weight", NirArray.float64(new int[] {rows, cols}, w)));
    }

    /**
     * Input -> Linear 3 -> LIF (tau 10 ms, r 1, v_th 1) at dt = 1 ms: dv = round(4096 * 0.1) = 410, du = 4096,
     * gain 0.1, scale 64 * 16384 = 2^20 per unit of v; the weight 0.3 of v is 4915.2 in steps of 64: 8-bit excitatory,
     * exponent 5, mantissa 154 (4928; exponent 6 with 77 ties and loses to the first found). The chip's v:
     * 315392, 599214, 854626, then 1084471 > 2^20: a spike at the 4th step, as float Euler's 0.3, 0.57, 0.813, 1.03.
     */
    @Test
    void lifByHand() {
        NirGraph g = NirGraph.of(List.of(input("in", 1), linear("w", 1, 1, 3), lif("lif", 0.01, 1, 0, 1),
                output("out", 1)), chain("in", "w", "lif", "out"));
        NirMapping m = NirMapper.map(g);
        QuantisationReport.NeuronEntry n = m.report().neuron("lif");
        assertEquals(4096, n.currentDecay());
        assertEquals(410, n.voltageDecay());
        assertEquals(16384, n.vThMant());
        assertEquals(1 << 20, n.scale(), 0);
        assertEquals(0, n.chipBias());
        assertEquals(Math.abs(410 / 4096.0 - 0.1) / 0.1, n.decayError(), 1e-12);
        QuantisationReport.ConnectionEntry c = m.report().connection("in", "lif");
        assertEquals(SignMode.EXCITATORY, c.signMode());
        assertEquals(5, c.exponent());
        assertEquals(8, c.bits());
        assertEquals(12.8 / 4915.2, c.rmsError(), 1e-9);
        assertEquals(12.8 / 16384, c.maxError(), 1e-9);
        assertEquals(0.3, c.maxWeight(), 1e-12);
        assertEquals(List.of(), m.report().notes());
        assertEquals("lif", m.outputs().get("out"));

        CompartmentGroup grp = m.parts("lif").get(0).group();
        try (Board board = Board.compile(m.network())) {
            SpikeProbe spikes = board.probeSpikes(grp);
            CompartmentProbe state = board.probeCompartments(grp);
            board.spikeInput(m.input("in")).addSpikes(0, 0, 1, 2, 3, 4, 5);
            board.run(6);
            int[][] v = state.voltages();
            assertArrayEquals(new int[] {315392, 599214, 854626, 0}, new int[] {v[0][0], v[1][0], v[2][0], v[3][0]});
            assertEquals(4, spikes.time(0));
        }
    }

    /**
     * CubaLIF (tau_syn 2 ms, tau_mem 4 ms, r 2, w_in 1.5, v_th 2) at 1 ms: du = 2048, dv = 1024, gain
     * 0.25 * 2 * 0.5 * 1.5 = 0.375; scale 2^20 / 2; weights +-1 are +-3072 steps: mixed, exponent 4, mantissa +-192,
     * exact.
     */
    @Test
    void cubaLifByHand() {
        NirNode cuba = NirNode.of("cuba", NodeType.CUBA_LIF, params("tau_syn", NirArray.float32(0.002),
                "tau_mem", NirArray.float32(0.004), "r", NirArray.float32(2), "v_leak", NirArray.float32(0),
                "v_threshold", NirArray.float32(2), "w_in", NirArray.float32(1.5)));
        NirGraph g = NirGraph.of(List.of(input("in", 2), linear("w", 1, 2, 1, -1), cuba, output("out", 1)),
                chain("in", "w", "cuba", "out"));
        NirMapping m = NirMapper.map(g);
        QuantisationReport.NeuronEntry n = m.report().neuron("cuba");
        assertEquals(2048, n.currentDecay());
        assertEquals(1024, n.voltageDecay());
        assertEquals(0, n.decayError(), 1e-6); // float32 time constants: dt / tau is 0.5 only to 1e-7
        QuantisationReport.ConnectionEntry c = m.report().connection("in", "cuba");
        assertEquals(SignMode.MIXED, c.signMode());
        assertEquals(4, c.exponent());
        assertEquals(0, c.rmsError(), 1e-6);
        assertEquals(-0.375 / 2, c.minWeight(), 1e-7);
        try (Board board = Board.compile(m.network())) {
            assertArrayEquals(new int[] {192, -192}, board.weights(m.network().connections().get(0)));
        }
    }

    /**
     * IF (r 1, v_th 1) behind Affine (weight 1, bias 0.25): one step's input is added as it is; the weight is
     * 16384 steps = 128 << 7 (exact), the bias 0.25 * 2^20 = 262144 = 2048 << 7 (exact).
     */
    @Test
    void ifWithBiasByHand() {
        NirNode ifn = NirNode.of("if", NodeType.IF, params("r", NirArray.float32(1), "v_threshold",
                NirArray.float32(1)));
        NirNode aff = NirNode.of("aff", NodeType.AFFINE, params("weight", NirArray.float32(new int[] {1, 1}, 1),
                "bias", NirArray.float32(0.25)));
        NirMapping m = NirMapper.map(NirGraph.of(List.of(input("in", 1), aff, ifn, output("out", 1)),
                chain("in", "aff", "if", "out")));
        QuantisationReport.NeuronEntry n = m.report().neuron("if");
        assertEquals(4096, n.currentDecay());
        assertEquals(0, n.voltageDecay());
        assertEquals(262144, n.chipBias());
        assertEquals(0, n.biasError());
        CompartmentPrototype p = m.parts("if").get(0).group().prototype();
        assertEquals(2048, p.biasMant());
        assertEquals(7, p.biasExp());
        QuantisationReport.ConnectionEntry c = m.report().connection("in", "if");
        assertEquals(7, c.exponent());
        assertEquals(0, c.rmsError());
        // the bias alone reaches the threshold 2^20 after 4 steps (v = 4 * 262144 = 2^20 is not above it), spikes at 5
        try (Board board = Board.compile(m.network())) {
            SpikeProbe spikes = board.probeSpikes(m.parts("if").get(0).group());
            board.run(10);
            assertEquals(5, spikes.time(0));
            assertEquals(10, spikes.time(1));
        }
    }

    /**
     * CubaLI (tau_syn 2 ms, tau_mem 4 ms, r 2, w_in 1.5, v_leak 0) behind Linear [[1]] at 1 ms: du = 2048, dv = 1024,
     * gain 0.25 * 2 * 0.5 * 1.5 = 0.375, which is also its level (no threshold: the most one step of input adds), so
     * the scale is 2^20 / 0.375 and the weight 2^20 / 64 = 16384 steps = 128 << 7, exact. One spike stamped 0:
     * u = 2^20 and v = 2^20 at step 1; at step 2 u = 2^20 * 2048 / 4096 = 2^19 and v = 2^20 * 3072 / 4096 + 2^19 =
     * 1310720. Float Euler: I = 0.75, v = 0.375, then I = 0.375, v = 0.75 * 0.375 + 0.25 * 2 * 0.375 = 0.46875:
     * the chip's v over the scale, exactly. Its threshold is the chip's highest, 131071 * 64: the note says where.
     */
    @Test
    void cubaLiByHand() {
        NirNode cli = NirNode.of("cli", NodeType.CUBA_LI, params("tau_syn", NirArray.float64(0.002),
                "tau_mem", NirArray.float64(0.004), "r", NirArray.float64(2), "v_leak", NirArray.float64(0),
                "w_in", NirArray.float64(1.5)));
        NirMapping m = NirMapper.map(NirGraph.of(List.of(input("in", 1), linear("w", 1, 1, 1), cli,
                output("out", 1)), chain("in", "w", "cli", "out")));
        QuantisationReport.NeuronEntry n = m.report().neuron("cli");
        assertEquals(2048, n.currentDecay());
        assertEquals(1024, n.voltageDecay());
        assertEquals(CompartmentPrototype.VTH_MANT_MAX, n.vThMant());
        assertEquals((1 << 20) / 0.375, n.scale(), 1e-6);
        QuantisationReport.ConnectionEntry c = m.report().connection("in", "cli");
        assertEquals(7, c.exponent());
        assertEquals(0, c.rmsError(), 1e-12);
        assertEquals(List.of("'cli' (CubaLI): the chip's v reads NIR's v while it stays below its highest threshold "
                + "(131071 x 64), 7 times the most one step of input adds; there it would spike and reset to 0"),
                m.report().notes());
        assertEquals("cli", m.outputs().get("out"));
        try (Board board = Board.compile(m.network())) {
            CompartmentProbe state = board.probeCompartments(m.parts("cli").get(0).group());
            board.spikeInput(m.input("in")).addSpike(0, 0);
            board.run(2);
            assertArrayEquals(new int[] {1 << 20, 1 << 19}, new int[] {state.currents()[0][0],
                    state.currents()[1][0]});
            assertArrayEquals(new int[] {1 << 20, 1310720}, new int[] {state.voltages()[0][0],
                    state.voltages()[1][0]});
            assertEquals(0.46875, 1310720 / n.scale(), 1e-12);
        }
    }

    /**
     * I (r 2) behind Linear [[0.25]]: no decay (du 4096, dv 0), gain r = 2, level 0.5, scale 2^21, weight
     * 2^21 * 0.5 / 64 = 16384 steps = 128 << 7. A spike in every step adds 2^20: v = k * 2^20 after k steps, NIR's
     * 0.5 k times the scale, until step 8 where 8 * 2^20 = 8388608 passes the chip's highest threshold 131071 * 64 =
     * 8388544: the compartment spikes and resets, the approximation the note states (131071 / 16384 = 7.99: 7 levels).
     */
    @Test
    void integratorByHand() {
        NirNode i = NirNode.of("i", NodeType.I, params("r", NirArray.float64(2)));
        NirMapping m = NirMapper.map(NirGraph.of(List.of(input("in", 1), linear("w", 1, 1, 0.25), i,
                output("out", 1)), chain("in", "w", "i", "out")));
        QuantisationReport.NeuronEntry n = m.report().neuron("i");
        assertEquals(4096, n.currentDecay());
        assertEquals(0, n.voltageDecay());
        assertEquals(1 << 21, n.scale(), 0);
        assertEquals(7, m.report().connection("in", "i").exponent());
        assertEquals(List.of("'i' (I): the chip's v reads NIR's v while it stays below its highest threshold "
                + "(131071 x 64), 7 times the most one step of input adds; there it would spike and reset to 0 (an I "
                + "integrates without leak: enough input of one sign gets there)"), m.report().notes());
        try (Board board = Board.compile(m.network())) {
            CompartmentProbe state = board.probeCompartments(m.parts("i").get(0).group());
            SpikeProbe spikes = board.probeSpikes(m.parts("i").get(0).group());
            board.spikeInput(m.input("in")).addSpikes(0, 0, 1, 2, 3, 4, 5, 6, 7);
            board.run(8);
            for (int t = 1; t <= 7; t++) {
                assertEquals(t << 20, state.voltages()[t - 1][0], "step " + t);
            }
            assertEquals(1, spikes.size());
            assertEquals(8, spikes.time(0));
        }
        // NIR's I never spikes: v = 0.5 k
        boolean[][] in = new boolean[8][1];
        for (boolean[] row : in) {
            row[0] = true;
        }
        assertEquals(0, NirFloatSimulator.of(m).run(in).total("i"));
    }

    /**
     * The paper's two-neuron graph at dt = 1 ms: lif1 has v_leak 1.2 above its threshold 1, so it fires on its own;
     * bias 0.1 * 1.2 * 2^20 = 125829.12 -> 3932 << 5 = 125824. The chip's v follows the documented update
     * v = floor(v * (4096 - 410) / 4096) + 125824 and first exceeds 2^20 at step 18, as float Euler's
     * v = 0.9 v + 0.12 does (1.2 (1 - 0.9^18) = 1.0199).
     */
    @Test
    void twoLifNeuronsFiresLikeEuler() {
        NirMapping m = NirMapper.map(NirSamplesTest.load("two_lif_neurons.nir"));
        QuantisationReport.NeuronEntry n = m.report().neuron("lif1");
        assertEquals(125824, n.chipBias());
        assertEquals(Math.abs(125824 - 125829.12) / 125829.12, n.biasError(), 1e-9);
        long v = 0;
        int first = 0;
        for (int t = 1; first == 0; t++) {
            v = v * 3686 / 4096 + 125824;
            if (v > (1 << 20)) {
                first = t;
            }
        }
        assertEquals(18, first);
        double fv = 0;
        int firstFloat = 0;
        for (int t = 1; firstFloat == 0; t++) {
            fv = 0.9 * fv + 0.12;
            if (fv > 1) {
                firstFloat = t;
            }
        }
        assertEquals(18, firstFloat);
        try (Board board = Board.compile(m.network())) {
            SpikeProbe spikes = board.probeSpikes(m.parts("lif1").get(0).group());
            board.run(40);
            assertEquals(18, spikes.time(0));
            assertEquals(36, spikes.time(1));
        }
    }

    /** Linear then Scale: one connection, the product diag(s) W (EJML), in units of the threshold. */
    @Test
    void weightChainsMultiplyOut() {
        NirNode scale = NirNode.of("s", NodeType.SCALE, params("scale", NirArray.float64(2, -1)));
        NirNode two = NirNode.of("lif", NodeType.LIF, params("tau", NirArray.float64(0.01, 0.01),
                "r", NirArray.float64(1, 1), "v_leak", NirArray.float64(0, 0), "v_threshold", NirArray.float64(1, 1)));
        NirMapping m = NirMapper.map(NirGraph.of(List.of(input("in", 2), linear("w", 2, 2, 1, 2, 3, 4), scale, two,
                output("out", 2)), chain("in", "w", "s", "lif", "out")));
        QuantisationReport.ConnectionEntry c = m.report().connection("in", "lif");
        assertEquals(4, c.synapses());
        // diag(2, -1) [[1, 2], [3, 4]] = [[2, 4], [-3, -4]], times the gain 0.1
        assertEquals(0.4, c.maxWeight(), 1e-12);
        assertEquals(-0.4, c.minWeight(), 1e-12);
        assertEquals(1, m.report().connections().size());
    }

    /** Neurons with different time constants become one group per prototype, said in the notes. */
    @Test
    void heterogeneousNeuronsSplitIntoGroups() {
        NirNode two = NirNode.of("lif", NodeType.LIF, params("tau", NirArray.float64(0.01, 0.02, 0.01),
                "r", NirArray.float64(1, 1, 1), "v_leak", NirArray.float64(0, 0, 0),
                "v_threshold", NirArray.float64(1, 1, 1)));
        NirMapping m = NirMapper.map(NirGraph.of(List.of(input("in", 3), linear("w", 3, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1),
                two, output("out", 3)), chain("in", "w", "lif", "out")));
        List<NirMapping.Part> parts = m.parts("lif");
        assertEquals(2, parts.size());
        assertArrayEquals(new int[] {0, 2}, parts.get(0).neurons());
        assertArrayEquals(new int[] {1}, parts.get(1).neurons());
        assertEquals("lif[0]", parts.get(0).group().name());
        assertEquals(2, m.report().neuron("lif").groups());
        assertTrue(m.report().notes().get(0).startsWith("'lif' became 2 compartment groups"));
        assertEquals(2, m.network().connections().size());
    }

    @Test
    void refusals() {
        NirNode reset = NirNode.of("lif", NodeType.LIF, params("tau", NirArray.float64(0.01), "r",
                NirArray.float64(1), "v_leak", NirArray.float64(0), "v_threshold", NirArray.float64(1),
                "v_reset", NirArray.float64(0.5)));
        NirMappingException e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(
                List.of(input("in", 1), reset, output("out", 1)), chain("in", "lif", "out"))));
        assertEquals("node 'lif' (LIF): v_reset = 0.5 (neuron 0): the chip resets v to 0", e.getMessage());

        NirNode th = NirNode.of("th", NodeType.THRESHOLD, params("threshold", NirArray.float64(0.5)));
        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                linear("w", 1, 1, 1), th, output("out", 1)), chain("in", "w", "th", "out"))));
        assertEquals("node 'th' (Threshold): a stateless threshold that acts in the same step; the chip thresholds "
                + "only inside a compartment, one step per hop, resetting v to 0 (a LIF with tau = dt, r = 1 and "
                + "v_leak = 0 is the chip's form of a Threshold fed through weights)", e.getMessage());

        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                lif("lif", 0.01, 1, 0, 1), linear("w", 1, 1, 2), output("out", 1)), chain("in", "lif", "w", "out"))));
        assertEquals("node 'out' (Output): follows 'w' (Linear); the chip's outputs are the spikes (or an LI's voltage)"
                + " of a neuron node, so an Output must follow one", e.getMessage());

        NirNode li = NirNode.of("li", NodeType.LI, params("tau", NirArray.float64(0.01), "r", NirArray.float64(1),
                "v_leak", NirArray.float64(0)));
        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1), li,
                linear("w", 1, 1, 1), lif("lif", 0.01, 1, 0, 1)), chain("in", "li", "w", "lif"))));
        assertEquals("node 'li' (LI): feeds 'lif' (LIF), but an LI has no spikes and the chip sends only spikes",
                e.getMessage());

        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                linear("a", 1, 1, 1), linear("b", 1, 1, 1), lif("lif", 0.01, 1, 0, 1)),
                List.of(new NirEdge("in", "a"), new NirEdge("a", "b"), new NirEdge("b", "a"),
                        new NirEdge("b", "lif")))));
        assertEquals("node 'b' (Linear): is on a loop of weight nodes (a recurrent edge between non-neuron nodes); "
                + "the chip needs a neuron on every loop", e.getMessage());

        e = assertThrows(NirMappingException.class, () -> NirMapper.map(NirGraph.of(List.of(input("in", 1),
                linear("w", 1, 1, 1), lif("lif", 0, 1, 0, 1)), chain("in", "w", "lif"))));
        assertEquals("node 'lif' (LIF): tau = 0.0 (neuron 0): a time constant must be positive", e.getMessage());
    }

    /** The quantiser against the core's arithmetic: every value it reports is what the format gives. */
    @Test
    void quantiserPicksTheLeastSquaredError() {
        NirMapper.Quantised q = NirMapper.quantise(new double[] {4915.2});
        assertEquals(5, q.format().weightExponent());
        assertEquals(154, q.mantissas()[0]);
        assertEquals(4928, q.values()[0], 0);
        // small weights: the accumulator's step is 64, so values are whole steps; mixed mantissas are even, and only
        // a negative exponent (floor(w * 2^e)) reaches the odd steps: 1, 1 or 2, -2 (squared error 0.5625)
        q = NirMapper.quantise(new double[] {0.5, 1.5, -2.25});
        assertEquals(SignMode.MIXED, q.format().signMode());
        assertTrue(q.format().weightExponent() < 0);
        for (int k = 0; k < 3; k++) {
            assertEquals(q.format().accumulatorIncrement(q.mantissas()[k]) / 64.0, q.values()[k], 0);
        }
        assertEquals(0.5625, q.squaredError(), 1e-12);
    }
}
