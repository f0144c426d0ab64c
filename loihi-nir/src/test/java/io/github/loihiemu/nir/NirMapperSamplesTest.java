package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.SpikeProbe;
import io.github.loihiemu.core.chip.SpikeInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared samples on the mapping: which map, what the report says, and that the mapped networks run. */
class NirMapperSamplesTest {

    static final MapOptions BRAILLE = MapOptions.defaults().withDt(1e-4); // the paper's dt for the Braille graphs

    @Test
    void brailleWithBiasMapsAndRuns() {
        NirMapping m = NirMapper.map(NirSamplesTest.load("braille_noDelay_bias_zero.nir"), BRAILLE);
        QuantisationReport r = m.report();
        // dt / tau_syn = 0.45 -> 1843, dt / tau_mem = 0.1 -> 410
        assertEquals(1843, r.neuron("lif1.lif").currentDecay());
        assertEquals(410, r.neuron("lif1.lif").voltageDecay());
        // 38 distinct biases, one set of decays: one group, the biases per compartment (Network.setBiases)
        assertEquals(1, r.neuron("lif1.lif").groups());
        assertEquals(1, r.neuron("lif2").groups());
        assertEquals(1, m.parts("lif1.lif").size());
        assertTrue(m.network().hasOwnBiases(m.parts("lif1.lif").get(0).group()));
        assertEquals(38, java.util.stream.IntStream.range(0, 38)
                .map(i -> m.network().bias(m.parts("lif1.lif").get(0).group(), i)).distinct().count());
        // the scale is lowered until the largest weight and bias fit
        assertTrue(r.neuron("lif1.lif").vThMant() < MapOptions.DEFAULT_VTH_MANT);
        assertEquals(3, r.connections().size());
        for (QuantisationReport.ConnectionEntry c : r.connections()) {
            assertTrue(c.rmsError() < 0.05, c.toString());
            // the recurrent matrix's most negative weight, -13.4 thresholds, lies beyond the reach of the exponent
            // whose resolution serves the other 1,443 best; least squares clamps it (by 1.09 thresholds)
            assertTrue(c.maxError() < (c.source().equals(c.target()) ? 1.1 : 0.1), c.toString());
        }
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("'lif1.lif' (CubaLIF): the Affine biases")));
        // the scale keeps u from wrapping even if all synapses of one sign spiked in every step
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("can pass the chip's 24-bit range")));
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("can pass the 22-bit dendritic accumulator")));
        long[] counts = run(m, 256, 0.1, 1);
        assertTrue(counts[0] + counts[1] > 0, "some spikes");
    }

    /** The nested-graph variant maps to the same numbers as the flat file. */
    @Test
    void brailleSubgraphMapsLikeTheFlatFile() {
        QuantisationReport flat = NirMapper.map(NirSamplesTest.load("braille_noDelay_bias_zero.nir"), BRAILLE)
                .report();
        NirMapping sub = NirMapper.map(NirSamplesTest.load("braille_noDelay_bias_zero_subgraph.nir"), BRAILLE);
        QuantisationReport nested = sub.report();
        assertEquals(rename(flat.neuron("lif1.lif"), "lif1.lif1"), nested.neuron("lif1.lif1"));
        assertEquals(flat.neuron("lif2"), nested.neuron("lif2"));
        assertEquals(renameC(flat.connection("lif1.lif", "lif1.lif"), "lif1.lif1", "lif1.lif1"),
                nested.connection("lif1.lif1", "lif1.lif1"));
        assertEquals(renameC(flat.connection("input", "lif1.lif"), "input", "lif1.lif1"),
                nested.connection("input", "lif1.lif1"));
        assertEquals(renameC(flat.connection("lif1.lif", "lif2"), "lif1.lif1", "lif2"),
                nested.connection("lif1.lif1", "lif2"));
        assertEquals("lif2", sub.outputs().get("output"));
        // same network, same spikes
        NirMapping f = NirMapper.map(NirSamplesTest.load("braille_noDelay_bias_zero.nir"), BRAILLE);
        assertArrayEquals(run(f, 200, 0.1, 7), run(sub, 200, 0.1, 7));
    }

    @Test
    void brailleSubtractMapsWithResetToZero() {
        NirMapping m = NirMapper.map(NirSamplesTest.load("braille_noDelay_noBias_subtract.nir"), BRAILLE);
        // no biases: one group per node
        assertEquals(1, m.report().neuron("lif1.lif").groups());
        assertEquals(1, m.report().neuron("lif2").groups());
        assertEquals(0, m.report().neuron("lif1.lif").chipBias());
        run(m, 100, 0.1, 3);
    }

    @Test
    void singleNeuronGraphsMap() {
        for (String s : List.of("lif_norse.nir", "lif_rockpool.nir", "two_lif_neurons.nir")) {
            NirMapping m = NirMapper.map(NirSamplesTest.load(s));
            assertEquals(1, m.outputs().size(), s);
            run(m, 50, 0.3, 5);
        }
        // Norse: tau 2.5 ms at 1 ms -> 0.4 -> 1638; weight 1 * gain 0.4 / threshold 0.1 = 4 thresholds per spike
        QuantisationReport r = NirMapper.map(NirSamplesTest.load("lif_norse.nir")).report();
        assertEquals(1638, r.neuron("1").voltageDecay());
        assertEquals(4.0, r.connection("input", "1").maxWeight(), 1e-6);
    }

    private static QuantisationReport.NeuronEntry rename(QuantisationReport.NeuronEntry n, String node) {
        return new QuantisationReport.NeuronEntry(node, n.type(), n.size(), n.groups(), n.floatDecayU(),
                n.currentDecay(), n.floatDecayV(), n.voltageDecay(), n.scale(), n.vThMant(), n.floatBias(),
                n.chipBias(), n.decayError(), n.biasError(), n.thresholdError());
    }

    private static QuantisationReport.ConnectionEntry renameC(QuantisationReport.ConnectionEntry c, String source,
                                                              String target) {
        return new QuantisationReport.ConnectionEntry(source, target, c.synapses(), c.minWeight(), c.maxWeight(),
                c.signMode(), c.exponent(), c.bits(), c.rmsError(), c.maxError(), c.zeroed());
    }

    /** Runs a mapping for {@code steps} with Bernoulli(p) input spikes on every port and counts spikes per node. */
    static long[] run(NirMapping m, int steps, double p, long seed) {
        Random rnd = new Random(seed);
        List<String> nodes = new ArrayList<>(m.neurons().keySet());
        long[] counts = new long[nodes.size()];
        try (Board board = Board.compile(m.network())) {
            List<List<SpikeProbe>> probes = new ArrayList<>();
            for (String n : nodes) {
                List<SpikeProbe> l = new ArrayList<>();
                for (NirMapping.Part part : m.parts(n)) {
                    l.add(board.probeSpikes(part.group()));
                }
                probes.add(l);
            }
            for (var in : m.inputs().values()) {
                SpikeInput si = board.spikeInput(in);
                for (int port = 0; port < in.size(); port++) {
                    for (int t = 0; t < steps; t++) {
                        if (rnd.nextDouble() < p) {
                            si.addSpike(port, t);
                        }
                    }
                }
            }
            board.run(steps);
            for (int k = 0; k < nodes.size(); k++) {
                for (SpikeProbe sp : probes.get(k)) {
                    counts[k] += sp.size();
                }
            }
        }
        return counts;
    }
}
