package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The emulated training circuit and the reference algorithm, side by side, weights equal after every sample. */
class ChipEquivalenceTest {
    @Test
    void mnist20Hidden400() {
        equivalence(Dataset.MNIST20, 400, 3, Integer.getInteger("nbp.equivalence.samples", 500));
    }

    @Test
    void fmnist28Hidden40OtherSeed() {
        equivalence(Dataset.FMNIST28, 40, 11, Integer.getInteger("nbp.equivalence.samples", 500));
    }

    private static void equivalence(Dataset dataset, int hidden, long seed, int samples) {
        BinarizedDataset train = Datasets.load(dataset, Split.TRAIN);
        NbpWeights init = NbpWeights.heInit(train.inputCount(), hidden, 10, seed);
        NbpReference ref = new NbpReference(init.copy());
        try (NbpChipSession chip = new NbpChipSession(init, BoardConfig.defaults())) {
            int[] order = train.shuffledOrder(seed, 0);
            int[] buf = new int[train.inputCount()];
            for (int k = 0; k < samples; k++) {
                int i = order[k];
                int n = train.copyOnPixels(i, buf);
                ref.train(buf, n, train.label(i));
                chip.train(buf, n, train.label(i));
                NbpWeights got = chip.weights();
                assertArrayEquals(ref.weights().w2(), got.w2(), "W2 after sample " + k);
                assertArrayEquals(ref.weights().w2tMinus(), got.w2tMinus(), "W2T- after sample " + k);
                assertArrayEquals(ref.weights().w1(), got.w1(), "W1 after sample " + k);
                assertEquals(0, chip.copyViolations(), "copies after sample " + k);
                assertEquals(0, chip.totalSlotViolations(), "slot invariants after sample " + k + ": "
                        + chip.slotViolations());
            }
            org.junit.jupiter.api.Assertions.assertTrue(chip.checkedSpikes() > samples * 100L,
                    "the slot check saw the circuit's spikes: " + chip.checkedSpikes());
            int changed = 0;
            int[] before = init.w1();
            int[] after = chip.weights().w1();
            for (int q = 0; q < before.length; q++) {
                changed += before[q] != after[q] ? 1 : 0;
            }
            org.junit.jupiter.api.Assertions.assertTrue(changed > 1000, "training changed W1: " + changed);
        }
    }
}
