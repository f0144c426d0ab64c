package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.CompartmentProbe;
import io.github.loihiemu.core.chip.SpikeInput;
import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network -> NIR -> Network runs bit-identically on the chip (spikes, u and v in every step), for a hand-built network
 * and for the samples after NirMapper (NIR -> Network -> NIR -> Network); the file written reads back equal; the
 * export's values by hand; and each refusal.
 */
class NirExporterTest {

    private static CompartmentPrototype proto(int du, int dv, int vThMant, int biasMant, int biasExp) {
        return CompartmentPrototype.builder().currentDecay(du).voltageDecay(dv).vThMant(vThMant).biasMant(biasMant)
                .biasExp(biasExp).build();
    }

    private static ConnectionPrototype format(int bits, int exp, SignMode mode) {
        return ConnectionPrototype.builder().numWeightBits(bits).weightExponent(exp).signMode(mode).build();
    }

    /** Random mantissas in lo..hi for every (target, source) pair, a synapse where the draw says so. */
    private static Topology random(SplitMix64 rng, int src, int tgt, int lo, int hi, double density) {
        Topology.SynapseList s = Topology.synapses();
        for (int j = 0; j < src; j++) {
            for (int i = 0; i < tgt; i++) {
                if (rng.nextDouble() < density) {
                    s.add(j, i, lo + (int) (rng.nextDouble() * (hi - lo + 1)));
                }
            }
        }
        return s.build();
    }

    /**
     * Three groups of the three kinds the export writes (LIF: current decay 4096; CubaLIF; IF: no voltage decay),
     * biases of both signs and exponents, six connections in five formats, a recurrent one among them.
     */
    static Network handBuilt() {
        SplitMix64 rng = new SplitMix64(13);
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 8);
        CompartmentGroup a = net.createCompartmentGroup("a", 5, proto(4096, 300, 100, 30, 2));
        CompartmentGroup b = net.createCompartmentGroup("b", 4, proto(1000, 200, 80, -7, 0));
        CompartmentGroup c = net.createCompartmentGroup("c", 3, proto(4096, 0, 150, 5, 1));
        net.connect(in, a, format(8, 0, SignMode.MIXED), random(rng, 8, 5, -40, 120, 0.8));
        net.connect(in, b, format(6, -1, SignMode.EXCITATORY), random(rng, 8, 4, 0, 255, 0.7));
        net.connect(a, b, format(8, 1, SignMode.INHIBITORY), random(rng, 5, 4, -200, 0, 0.6));
        net.connect(b, b, format(8, 2, SignMode.MIXED), random(rng, 4, 4, -30, 40, 0.5));
        net.connect(a, c, format(8, 0, SignMode.EXCITATORY), random(rng, 5, 3, 0, 255, 0.9));
        net.connect(b, c, format(8, -2, SignMode.MIXED), random(rng, 4, 3, -100, 101, 0.9));
        return net;
    }

    /** Every group's u, v and spikes per step. */
    record Trace(Map<String, int[][]> u, Map<String, int[][]> v, Map<String, boolean[][]> s) {
    }

    /** Runs a network on seeded random input (each generator port spiking with probability p). */
    static Trace run(Network net, int steps, double p, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        Map<String, int[][]> u = new LinkedHashMap<>();
        Map<String, int[][]> v = new LinkedHashMap<>();
        Map<String, boolean[][]> s = new LinkedHashMap<>();
        try (Board board = Board.compile(net)) {
            Map<String, CompartmentProbe> probes = new HashMap<>();
            for (CompartmentGroup g : net.groups()) {
                probes.put(g.name(), board.probeCompartments(g));
            }
            for (SpikeGenerator g : net.generators()) {
                SpikeInput si = board.spikeInput(g);
                for (int t = 0; t < steps; t++) {
                    for (int k = 0; k < g.size(); k++) {
                        if (rng.nextDouble() < p) {
                            si.addSpike(k, t);
                        }
                    }
                }
            }
            board.run(steps);
            for (CompartmentGroup g : net.groups()) {
                CompartmentProbe pr = probes.get(g.name());
                u.put(g.name(), pr.currents());
                v.put(g.name(), pr.voltages());
                s.put(g.name(), pr.spikes());
            }
        }
        return new Trace(u, v, s);
    }

    /** The two runs agree in every group, step and compartment; returns the spikes counted. */
    static long assertSameBehaviour(Trace expected, Trace actual) {
        assertEquals(expected.u().keySet(), actual.u().keySet());
        long spikes = 0;
        for (String g : expected.u().keySet()) {
            assertArrayEquals(expected.u().get(g), actual.u().get(g), "u of " + g);
            assertArrayEquals(expected.v().get(g), actual.v().get(g), "v of " + g);
            assertArrayEquals(expected.s().get(g), actual.s().get(g), "spikes of " + g);
            for (boolean[] row : expected.s().get(g)) {
                for (boolean b : row) {
                    spikes += b ? 1 : 0;
                }
            }
        }
        return spikes;
    }

    /** Per group the chip's integers, and per (source, target) pair the effective weight of every synapse. */
    static void assertSameIntegers(Network expected, Network actual) {
        Map<String, CompartmentPrototype> pa = new HashMap<>();
        actual.groups().forEach(g -> pa.put(g.name(), g.prototype()));
        assertEquals(expected.groups().size(), actual.groups().size());
        for (CompartmentGroup g : expected.groups()) {
            CompartmentPrototype e = g.prototype();
            CompartmentPrototype a = pa.get(g.name());
            assertEquals(List.of(e.currentDecay(), e.voltageDecay(), e.vThMant(), e.bias()),
                    List.of(a.currentDecay(), a.voltageDecay(), a.vThMant(), a.bias()), g.name());
        }
        assertEquals(effective(expected), effective(actual));
    }

    private static Map<String, Integer> effective(Network net) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (Connection c : net.connections()) {
            for (int k = 0; k < c.synapseCount(); k++) {
                int dq = c.synapseFormat(k).accumulatorIncrement(c.initialWeight(k));
                String key = c.source().name() + "[" + c.synapseSource(k) + "] -> " + c.target().name() + "["
                        + c.synapseTarget(k) + "]";
                m.merge(key, dq, Integer::sum);
            }
        }
        m.values().removeIf(x -> x == 0); // a synapse that adds 0 is not written (it changes no state)
        return m;
    }

    @Test
    void handBuiltNetworkRoundTripsBitIdentically(@TempDir Path dir) throws Exception {
        Network original = handBuilt();
        NirGraph g = NirExporter.export(original);
        NirMapping back = NirMapper.map(g);
        assertSameIntegers(original, back.network());
        long spikes = assertSameBehaviour(run(original, 300, 0.25, 5), run(back.network(), 300, 0.25, 5));
        assertTrue(spikes > 100, "the groups must spike for the comparison to mean something: " + spikes);
        // the file reads back equal, and maps to the same again
        Path f = dir.resolve("hand.nir");
        NirWriter.write(g, f);
        NirGraph read = NirReader.read(f);
        assertEquals(g, read);
        assertSameIntegers(original, NirMapper.map(read).network());
    }

    /** The exported values, worked by hand. */
    @Test
    void exportedValuesByHand() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 2);
        CompartmentGroup lif = net.createCompartmentGroup("lif", 1, proto(4096, 1024, 100, 30, 2));
        CompartmentGroup cuba = net.createCompartmentGroup("cuba", 1, proto(512, 2048, 7, -3, 0));
        CompartmentGroup ifg = net.createCompartmentGroup("if", 1, proto(4096, 0, 2, 5, 1));
        // 6-bit excitatory, exponent -1: mantissa 37 loses its two low bits (36), halves (18), times 64 = 1152
        net.connect(in, lif, format(6, -1, SignMode.EXCITATORY), Topology.sparse(new int[] {0, 1},
                new int[] {0, 0}, new int[] {37, 0}));
        // mixed 8-bit, exponent 3: -5 floors to -6 (even), times 8 times 64 = -3072
        net.connect(lif, cuba, format(8, 3, SignMode.MIXED), Topology.oneToOne(1, -5));
        net.connect(cuba, ifg, format(8, 0, SignMode.EXCITATORY), Topology.oneToOne(1, 9));
        NirGraph g = NirExporter.export(net, ExportOptions.defaults().withDt(2e-3));
        assertEquals(2e-3, g.metadata().get("dt").getDouble(0));
        NirNode l = g.node("lif");
        assertEquals(NodeType.LIF, l.type());
        assertArrayEquals(new double[] {8e-3}, l.parameter("tau").toDoubleArray());      // dt * 4096 / 1024
        assertArrayEquals(new double[] {4}, l.parameter("r").toDoubleArray());           // 4096 / 1024
        assertArrayEquals(new double[] {480}, l.parameter("v_leak").toDoubleArray());    // (30 << 2) * 4
        assertArrayEquals(new double[] {6400}, l.parameter("v_threshold").toDoubleArray());
        assertArrayEquals(new double[] {0}, l.parameter("v_reset").toDoubleArray());
        assertEquals(100, l.metadata().get(NirExporter.VTH_MANT_KEY).getLong(0));
        NirNode c = g.node("cuba");
        assertEquals(NodeType.CUBA_LIF, c.type());
        assertArrayEquals(new double[] {16e-3}, c.parameter("tau_syn").toDoubleArray());  // dt * 4096 / 512
        assertArrayEquals(new double[] {4e-3}, c.parameter("tau_mem").toDoubleArray());   // dt * 4096 / 2048
        assertArrayEquals(new double[] {8}, c.parameter("w_in").toDoubleArray());
        assertArrayEquals(new double[] {2}, c.parameter("r").toDoubleArray());
        assertArrayEquals(new double[] {-6}, c.parameter("v_leak").toDoubleArray());
        assertArrayEquals(new double[] {448}, c.parameter("v_threshold").toDoubleArray());
        NirNode i = g.node("if");
        assertEquals(NodeType.IF, i.type());
        assertArrayEquals(new double[] {128}, i.parameter("v_threshold").toDoubleArray());
        assertArrayEquals(new double[] {1152, 0}, g.node("in_to_lif").parameter("weight").toDoubleArray());
        assertArrayEquals(new double[] {-3072}, g.node("lif_to_cuba").parameter("weight").toDoubleArray());
        // the IF's bias (5 << 1) rides on its incoming connection, an Affine
        NirNode aff = g.node("cuba_to_if");
        assertEquals(NodeType.AFFINE, aff.type());
        assertArrayEquals(new double[] {576}, aff.parameter("weight").toDoubleArray());
        assertArrayEquals(new double[] {10}, aff.parameter("bias").toDoubleArray());
        assertEquals(List.of("output"), g.outputNames());
        assertEquals(List.of("if"), g.predecessors("output"));
        // and the mapper gives back the integers
        NirMapping back = NirMapper.map(g, MapOptions.defaults().withDt(2e-3));
        assertSameIntegers(net, back.network());
        assertSameBehaviour(run(net, 200, 0.5, 3), run(back.network(), 200, 0.5, 3));
    }

    /** A trace of a mapped network rearranged by neuron node, each node's neurons in the node's order. */
    static Trace byNode(Trace t, NirMapping m) {
        Map<String, int[][]> u = new LinkedHashMap<>();
        Map<String, int[][]> v = new LinkedHashMap<>();
        Map<String, boolean[][]> s = new LinkedHashMap<>();
        for (Map.Entry<String, List<NirMapping.Part>> e : m.neurons().entrySet()) {
            int size = e.getValue().stream().mapToInt(p -> p.group().size()).sum();
            int steps = t.u().get(e.getValue().get(0).group().name()).length;
            int[][] nu = new int[steps][size];
            int[][] nv = new int[steps][size];
            boolean[][] ns = new boolean[steps][size];
            for (NirMapping.Part p : e.getValue()) {
                String gname = p.group().name();
                for (int step = 0; step < steps; step++) {
                    for (int k = 0; k < p.group().size(); k++) {
                        nu[step][p.neuron(k)] = t.u().get(gname)[step][k];
                        nv[step][p.neuron(k)] = t.v().get(gname)[step][k];
                        ns[step][p.neuron(k)] = t.s().get(gname)[step][k];
                    }
                }
            }
            u.put(e.getKey(), nu);
            v.put(e.getKey(), nv);
            s.put(e.getKey(), ns);
        }
        return new Trace(u, v, s);
    }

    /**
     * Per-compartment biases (Network.setBiases) become per-neuron v_leak (CubaLIF) and per-neuron Affine biases
     * (IF); the mapper splits such a node into a group per distinct bias, and every neuron behaves as before.
     */
    @Test
    void perCompartmentBiasesRoundTrip() {
        SplitMix64 rng = new SplitMix64(3);
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 6);
        CompartmentGroup a = net.createCompartmentGroup("a", 4, proto(900, 250, 60, 0, 0));
        CompartmentGroup c = net.createCompartmentGroup("c", 3, proto(4096, 0, 90, 0, 0));
        net.setBiases(a, new int[] {5, -3, 0, 100}, new int[] {2, 0, 0, 3});
        net.setBiases(c, new int[] {1, 0, -7}, new int[] {4, 0, 1});
        net.connect(in, a, format(8, 1, SignMode.MIXED), random(rng, 6, 4, -60, 90, 0.8));
        net.connect(a, c, format(8, 0, SignMode.EXCITATORY), random(rng, 4, 3, 0, 200, 0.9));
        NirGraph g = NirExporter.export(net);
        double b = 250 / 4096.0;
        assertArrayEquals(new double[] {20 / b, -3 / b, 0, 800 / b}, g.node("a").parameter("v_leak").toDoubleArray());
        assertArrayEquals(new double[] {16, 0, -14}, g.node("a_to_c").parameter("bias").toDoubleArray());
        NirMapping back = NirMapper.map(g);
        for (String node : List.of("a", "c")) {
            CompartmentGroup orig = node.equals("a") ? a : c;
            for (NirMapping.Part p : back.parts(node)) {
                for (int k = 0; k < p.group().size(); k++) {
                    assertEquals(net.bias(orig, p.neuron(k)), back.network().bias(p.group(), k), node + " " + k);
                }
            }
        }
        long spikes = assertSameBehaviour(run(net, 300, 0.3, 8), byNode(run(back.network(), 300, 0.3, 8), back));
        assertTrue(spikes > 100, "spikes: " + spikes);
    }

    /** A uniform synaptic delay becomes a Delay node of d dt seconds after the connection's Linear. */
    @Test
    void delayBecomesDelayNode() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 2);
        CompartmentGroup a = net.createCompartmentGroup("a", 3, proto(4096, 1024, 100, 0, 0));
        net.connect(in, a, ConnectionPrototype.builder().delay(4).build(), Topology.uniform(2, 3, 10));
        NirGraph g = NirExporter.export(net, ExportOptions.defaults().withDt(1e-3));
        NirNode d = g.node("in_to_a_delay");
        assertEquals(NodeType.DELAY, d.type());
        assertArrayEquals(new double[] {4e-3, 4e-3, 4e-3}, d.parameter("delay").toDoubleArray());
        assertEquals(List.of("in_to_a"), g.predecessors("in_to_a_delay"));
        assertEquals(List.of("in_to_a_delay"), g.predecessors("a"));
        // and back: the Delay node becomes the synaptic delay again, with the same integers and the same run
        NirMapping back = NirMapper.map(g, MapOptions.defaults().withDt(1e-3));
        assertEquals(4, back.report().connection("in", "a").minDelay());
        assertEquals(4, back.report().connection("in", "a").maxDelay());
        assertSameIntegers(net, back.network());
        assertSameBehaviour(run(net, 100, 0.4, 3), run(back.network(), 100, 0.4, 3));
    }

    /** NIR -> Network -> NIR -> Network: the samples that map give the same chip run after the second trip. */
    @Test
    void samplesRoundTripBitIdentically() {
        Object[][] samples = {{"lif_norse.nir", 1e-3}, {"lif_rockpool.nir", 1e-3}, {"two_lif_neurons.nir", 1e-3},
            {"braille_noDelay_bias_zero.nir", 1e-4}, {"braille_noDelay_noBias_subtract.nir", 1e-4}};
        for (Object[] s : samples) {
            double dt = (Double) s[1];
            Network first = NirMapper.map(NirSamplesTest.load((String) s[0]), MapOptions.defaults().withDt(dt))
                    .network();
            NirGraph exported = NirExporter.export(first, ExportOptions.defaults().withDt(dt));
            Network second = NirMapper.map(exported, MapOptions.defaults().withDt(dt)).network();
            assertSameIntegers(first, second);
            long spikes = assertSameBehaviour(run(first, 200, 0.1, 9), run(second, 200, 0.1, 9));
            assertTrue(spikes > 0, s[0] + " must spike");
        }
    }

    /**
     * The exported graph's float semantics (NIR's equations, forward Euler, NirFloatSimulator) follow the chip: they
     * differ only by the chip's truncation of the decayed u and v, which moves no spike of this network in 20 runs.
     */
    @Test
    void exportedFloatEquationsFollowTheChip() {
        NirMapping m = NirMapper.map(NirExporter.export(handBuilt()));
        long[] chip = new long[3];
        long[] flt = new long[3];
        long diff = 0;
        for (int seed = 0; seed < 20; seed++) {
            NirComparison c = NirComparison.run(m, MappingAgreementTest.randomInput(m, 300, 0.25, seed), 300,
                    io.github.loihiemu.core.chip.BoardConfig.defaults());
            for (int k = 0; k < 3; k++) {
                NirComparison.NodeAgreement a = c.nodes().get(k);
                chip[k] += a.chipSpikes();
                flt[k] += a.floatSpikes();
                diff += a.countDifference();
            }
        }
        // measured: 14,822, 753 and 12,524 spikes in a, b, c on both sides, every neuron's count equal in every run
        assertArrayEquals(chip, flt);
        assertEquals(0, diff);
        assertTrue(chip[0] > 1000 && chip[1] > 100 && chip[2] > 1000, java.util.Arrays.toString(chip));
    }

    @Test
    void refusals() {
        assertRefused(net -> net.createCompartmentGroup("r", 1, CompartmentPrototype.builder().refractoryDelay(3)
                .build()), "group 'r': refractory delay 3: NIR's neurons have no refractory period");
        assertRefused(net -> net.createCompartmentGroup("n", 1, CompartmentPrototype.builder().voltageDecay(1)
                .currentDecay(4096).enableNoise(true).build()), "group 'n': noise is enabled");
        assertRefused(net -> net.createCompartmentGroup("l", 1, CompartmentPrototype.builder().voltageDecay(1)
                .currentDecay(4096).vMaxExp(2).build()), "group 'l': voltage limits -8388607..8191");
        assertRefused(net -> net.createCompartmentGroup("z", 1, proto(0, 100, 1, 0, 0)),
                "group 'z': current decay 0 (a current that never decays) with voltage decay 100");
        assertRefused(net -> net.createCompartmentGroup("ci", 1, proto(100, 0, 1, 0, 0)),
                "group 'ci': current decay 100 without voltage decay: NIR has no current-based");
        assertRefused(net -> net.createCompartmentGroup("ib", 1, proto(4096, 0, 1, 3, 0)),
                "group 'ib': a bias (3) without voltage decay needs an incoming connection");
        assertRefused(net -> {
            CompartmentGroup a = net.createCompartmentGroup("a", 2, proto(4096, 10, 1, 0, 0));
            net.connect(net.generators().get(0), a, ConnectionPrototype.builder().learningRule(
                    LearningRuleSpec.builder().dw("2*x1*y0").build()).build(), Topology.oneToOne(2, 2));
        }, "connection 'in' -> 'a': plastic (");
        assertRefused(net -> {
            CompartmentGroup a = net.createCompartmentGroup("a", 2, proto(4096, 10, 1, 0, 0));
            net.connect(net.generators().get(0), a, ConnectionPrototype.builder().build(),
                    Topology.sparse(new int[] {0, 1}, new int[] {0, 1}, new int[] {2, 2}, new int[] {1, 3}));
        }, "connection 'in' -> 'a': synapses with delays 1 and 3 (synapse 1 -> 1)");
        // two connections whose sum needs exponent 7 and an odd step: no one 8-bit format holds 254 << 7 + 1
        assertRefused(net -> {
            CompartmentGroup a = net.createCompartmentGroup("a", 2, proto(4096, 10, 1, 0, 0));
            net.connect(net.generators().get(0), a, format(8, 7, SignMode.EXCITATORY), Topology.oneToOne(2, 254));
            net.connect(net.generators().get(0), a, format(8, 0, SignMode.EXCITATORY), Topology.oneToOne(2, 1));
        }, "2 connections 'in' -> 'a': no single 8-bit weight format holds their effective weights exactly");
    }

    private static void assertRefused(java.util.function.Consumer<Network> build, String start) {
        Network net = new Network();
        net.createSpikeGenerator("in", 2);
        build.accept(net);
        NirExportException e = assertThrows(NirExportException.class, () -> NirExporter.export(net));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
