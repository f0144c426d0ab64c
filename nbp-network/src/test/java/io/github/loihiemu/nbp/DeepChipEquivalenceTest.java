package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nBP with two and more hidden layers: the generated circuit on the emulated chip and the reference algorithm, side
 * by side, every plastic matrix equal after every sample (W_k and W_kT- read from the chip; the copies of every W_k
 * and W_kT+ = W_k transposed checked on the chip), and no spike outside its slot.
 */
class DeepChipEquivalenceTest {
    @Test
    void mnist20With200And200HiddenUnits() {
        int[] learned = equivalence(Dataset.MNIST20, new int[] {400, 200, 200, 10}, 3,
                Integer.getInteger("nbp.equivalence.samples", 300));
        assertTrue(learned[0] > 1000 && learned[1] > 1000 && learned[2] > 100,
                "every matrix learned: " + java.util.Arrays.toString(learned));
    }

    /**
     * Tiny nets with two, three and four hidden layers: fast, and deep enough for relay stages in the delay lines
     * (three and four hidden layers). Seeds chosen so that the net is not dead from the start (deep narrow binary
     * nets often never drive an output above 0, and then no error ever fires).
     */
    @Test
    void tinyNetsWithTwoToFourHiddenLayers() {
        int[][] nets = {{400, 12, 9, 10}, {400, 24, 16, 12, 10}, {400, 30, 30, 30, 30, 10}};
        long[] seeds = {5, 6, 7};
        for (int q = 0; q < nets.length; q++) {
            int[] learned = equivalence(Dataset.MNIST20, nets[q], seeds[q], 200);
            for (int k = 0; k < learned.length; k++) {
                assertTrue(learned[k] > 0, "W" + (k + 1) + " of " + java.util.Arrays.toString(nets[q])
                        + " learned: " + java.util.Arrays.toString(learned));
            }
        }
    }

    /** Other weight steps per matrix (rules 8*x0*y0*r1 - 4*x0*y0 and 12*x0*y0*r1 - 6*x0*y0 next to the paper's). */
    @Test
    void tinyNetWithAWeightStepPerMatrix() {
        int[] learned = equivalence(Dataset.MNIST20, new int[] {400, 12, 9, 10}, 5, 200, new int[] {4, 2, 6});
        assertTrue(learned[0] > 0 && learned[1] > 0 && learned[2] > 0, java.util.Arrays.toString(learned));
    }

    private static int[] equivalence(Dataset dataset, int[] layers, long seed, int samples) {
        return equivalence(dataset, layers, seed, samples, null);
    }

    /** Returns, per W_k, how many of its entries changed. */
    private static int[] equivalence(Dataset dataset, int[] layers, long seed, int samples, int[] steps) {
        BinarizedDataset train = Datasets.load(dataset, Split.TRAIN);
        NbpWeights init = NbpWeights.heInit(layers, seed);
        NbpReference ref = new NbpReference(init.copy(), false, steps);
        int m = layers.length - 1;
        try (NbpChipSession chip = new NbpChipSession(init, BoardConfig.defaults(), true, steps)) {
            assertEquals(12 + 5 * (m - 2), chip.period());
            int[] order = train.shuffledOrder(seed, 0);
            int[] buf = new int[train.inputCount()];
            for (int k = 0; k < samples; k++) {
                int i = order[k];
                int n = train.copyOnPixels(i, buf);
                ref.train(buf, n, train.label(i));
                chip.train(buf, n, train.label(i));
                NbpWeights got = chip.weights();
                for (int q = 1; q <= m; q++) {
                    assertArrayEquals(ref.weights().matrix(q), got.matrix(q), "W" + q + " after sample " + k);
                    if (q >= 2) {
                        assertArrayEquals(ref.weights().tMinus(q), got.tMinus(q), "W" + q + "T- after sample " + k);
                    }
                }
                assertEquals(0, chip.copyViolations(), "copies after sample " + k);
                assertEquals(0, chip.totalSlotViolations(), "slot invariants after sample " + k + ": "
                        + chip.slotViolations());
            }
            assertTrue(chip.checkedSpikes() > samples * 20L, "the slot check saw spikes: " + chip.checkedSpikes());
            int[] changed = new int[m];
            NbpWeights after = chip.weights();
            for (int q = 1; q <= m; q++) {
                int[] a = init.matrix(q);
                int[] b = after.matrix(q);
                for (int e = 0; e < a.length; e++) {
                    changed[q - 1] += a[e] != b[e] ? 1 : 0;
                }
            }
            return changed;
        }
    }
}
