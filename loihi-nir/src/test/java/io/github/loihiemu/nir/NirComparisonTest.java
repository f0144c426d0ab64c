package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeInput;
import io.github.loihiemu.core.chip.SpikeProbe;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chip and float side by side on the LIF, two-neuron and Braille samples. */
class NirComparisonTest {

    private static NirMapping map(String sample, double dt) {
        return NirMapper.map(NirSamplesTest.load(sample), MapOptions.defaults().withDt(dt));
    }

    /** The single LIF agrees spike for spike: no step where they part, outputs identical. */
    @Test
    void lifAgreesSpikeForSpike() {
        NirMapping m = map("lif_norse.nir", 1e-3);
        Map<String, boolean[][]> in = MappingAgreementTest.randomInput(m, 200, 0.2, 7);
        NirComparison c = NirComparison.run(m, in, 200, BoardConfig.defaults());
        assertEquals(-1, c.firstDifference());
        assertTrue(c.outputsIdentical());
        NirComparison.NodeAgreement a = c.nodes().get(0);
        assertTrue(a.chipSpikes() > 10, a.toString());
        assertEquals(a.chipSpikes(), a.floatSpikes());
        assertEquals(0, a.countDifference());
        assertTrue(c.toString().contains("never"), c.toString());
        assertTrue(c.toJson().startsWith("{\"firstDifference\":-1,\"outputsIdentical\":true,"), c.toJson());
        // the input comes back as sent, on both sides
        String input = m.inputs().keySet().iterator().next();
        assertArrayEquals(in.get(input), c.chip().spikes().spikes(input));
        assertArrayEquals(in.get(input), c.floatSpikes().spikes(input));
    }

    /**
     * NirChipRun's spikes per node, placed by the mapping's neuron indices, are the board's own probe records, and
     * the comparison's numbers are those of the two runs.
     */
    @Test
    void twoNeuronsChipRunIsTheBoards() {
        NirMapping m = map("two_lif_neurons.nir", 1e-3);
        Map<String, boolean[][]> in = MappingAgreementTest.randomInput(m, 256, 0.1, 4);
        NirComparison c = NirComparison.run(m, in, 256, BoardConfig.defaults());
        try (Board board = Board.compile(m.network())) {
            SpikeProbe lif1 = board.probeSpikes(m.parts("lif1").get(0).group());
            String input = m.inputs().keySet().iterator().next();
            SpikeInput si = board.spikeInput(m.input(input));
            for (int t = 0; t < 256; t++) {
                if (in.get(input)[t][0]) {
                    si.addSpike(0, t);
                }
            }
            board.run(256);
            boolean[][] chip = c.chip().spikes().spikes("lif1");
            assertEquals(lif1.size(), c.node("lif1").chipSpikes());
            for (int j = 0; j < lif1.size(); j++) {
                assertTrue(chip[(int) lif1.time(j) - 1][0]);
            }
        }
        NirSpikes flt = NirFloatSimulator.of(m).run(in, 256);
        assertEquals(flt.total("lif1"), c.node("lif1").floatSpikes());
        assertEquals(c.chip().energy().steps(), 256);
        assertTrue(c.chip().plan().coreCount() >= 1);
    }

    /**
     * Braille: the spikes part at some step (quantised weights), not before it; the output agreement is computed
     * from the two runs' counts.
     */
    @Test
    void brailleFirstPartAndOutputs() {
        NirMapping m = map("braille_noDelay_bias_zero.nir", 1e-4);
        Map<String, boolean[][]> in = MappingAgreementTest.randomInput(m, 256, 0.1, 1);
        NirComparison c = NirComparison.run(m, in, 256, BoardConfig.defaults());
        int first = c.firstDifference();
        assertTrue(first > 1, "first part " + first);
        for (String node : m.neurons().keySet()) {
            boolean[][] a = c.chip().spikes().spikes(node);
            boolean[][] b = c.floatSpikes().spikes(node);
            for (int t = 0; t < first - 1; t++) {
                assertArrayEquals(a[t], b[t], node + " step " + (t + 1));
            }
        }
        assertEquals(1, c.outputs().size());
        NirComparison.OutputAgreement o = c.outputs().get(0);
        assertEquals("lif2", o.node());
        assertArrayEquals(c.chip().spikes().counts("lif2"), o.chipCounts());
        assertArrayEquals(c.floatSpikes().counts("lif2"), o.floatCounts());
        assertFalse(o.identical());
        long max = Arrays.stream(o.floatCounts()).max().getAsLong();
        assertEquals(max, o.floatCounts()[o.floatMostActive()]);
    }
}
