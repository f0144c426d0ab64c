package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.BoardConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapped networks on the chip against {@link NirFloatSimulator} (the float equations docs/nir.md states, the chip's
 * timing), through {@link NirComparison}, on
 * 100 seeded random inputs each (256 steps, every input port spiking with probability 0.1): spike counts per neuron
 * node. The tolerances are the measured agreement with a margin, and docs/nir.md, "Agreement", gives the numbers:
 * the single-neuron graphs agree spike for spike; the two-neuron graph within one spike per run (its bias is
 * rounded to 4e-5); the Braille networks, whose weights carry 1-4 % RMS quantisation error (and, with bias, the
 * steady-state bias approximation) fed back through a recurrent layer, within 8 % over the 100 runs and 12 % in
 * mean absolute difference per run.
 */
class MappingAgreementTest {

    /** A seeded random input: every port of every Input node spikes with probability p in each row. */
    static Map<String, boolean[][]> randomInput(NirMapping m, int steps, double p, long seed) {
        Random rnd = new Random(seed);
        Map<String, boolean[][]> in = new LinkedHashMap<>();
        for (String i : m.inputs().keySet()) {
            int n = m.input(i).size();
            boolean[][] s = new boolean[steps][n];
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < n; k++) {
                    s[t][k] = rnd.nextDouble() < p;
                }
            }
            in.put(i, s);
        }
        return in;
    }

    /** Chip and float spike counts per neuron node for one random input, through {@link NirComparison}. */
    static long[][] compare(NirMapping m, int steps, double p, long seed) {
        NirComparison c = NirComparison.run(m, randomInput(m, steps, p, seed), steps, BoardConfig.defaults());
        List<NirComparison.NodeAgreement> nodes = c.nodes();
        long[][] out = new long[2][nodes.size()];
        for (int k = 0; k < nodes.size(); k++) {
            out[0][k] = nodes.get(k).chipSpikes();
            out[1][k] = nodes.get(k).floatSpikes();
        }
        return out;
    }

    private static void agree(String sample, double dt, double totalTol, double meanAbsTol, int perRunTol) {
        NirGraph g = NirSamplesTest.load(sample);
        NirMapping m = NirMapper.map(g, MapOptions.defaults().withDt(dt));
        List<String> nodes = new ArrayList<>(m.neurons().keySet());
        long[] chip = new long[nodes.size()];
        long[] flt = new long[nodes.size()];
        long[] absDiff = new long[nodes.size()];
        for (int s = 0; s < 100; s++) {
            long[][] r = compare(m, 256, 0.1, s);
            for (int k = 0; k < nodes.size(); k++) {
                chip[k] += r[0][k];
                flt[k] += r[1][k];
                absDiff[k] += Math.abs(r[0][k] - r[1][k]);
                if (perRunTol >= 0) {
                    assertTrue(Math.abs(r[0][k] - r[1][k]) <= perRunTol, sample + " run " + s + " " + nodes.get(k)
                            + ": chip " + r[0][k] + ", float " + r[1][k]);
                }
            }
        }
        for (int k = 0; k < nodes.size(); k++) {
            String what = sample + " " + nodes.get(k) + ": chip " + chip[k] + ", float " + flt[k] + ", sum |diff| "
                    + absDiff[k];
            assertTrue(Math.abs(chip[k] - flt[k]) <= totalTol * flt[k], what);
            assertTrue(absDiff[k] <= meanAbsTol * flt[k], what);
        }
    }

    @Test
    void singleLifGraphsAgreeSpikeForSpike() {
        agree("lif_norse.nir", 1e-3, 0, 0, 0);
        agree("lif_rockpool.nir", 1e-3, 0, 0, 0);
    }

    @Test
    void twoLifNeuronsAgreeWithinOneSpikePerRun() {
        agree("two_lif_neurons.nir", 1e-3, 0.01, 0.01, 1);
    }

    @Test
    void brailleNetworksAgreeWithinTheStatedTolerance() {
        // measured: chip 5.7 % (bias, hidden layer) and 5.0 % (subtract, output) above float, sum of differences
        // up to 10.6 %; docs/nir.md, "Agreement"
        agree("braille_noDelay_bias_zero.nir", 1e-4, 0.08, 0.12, -1);
        agree("braille_noDelay_noBias_subtract.nir", 1e-4, 0.08, 0.12, -1);
    }
}
