package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gate leaks are real chip behaviour: on FMNIST28 with 400 hidden units (seed 3) the h1 family first fires outside
 * its slots at sample 5,167. The reference detects every leak exactly: after each sample the chip's count of spikes
 * outside their slots equals 3 x (the reference's slot-9 leaks + its slot-1 leaks of earlier samples, which the
 * chip sees during the next sample's steps), and the weights stay equal.
 */
class GateLeakTest {
    @Test
    void chipAndReferenceReportTheSameLeaksAtTheSameSamples() {
        BinarizedDataset train = Datasets.load(Dataset.FMNIST28, Split.TRAIN);
        NbpWeights init = NbpWeights.heInit(784, 400, 10, 3);
        NbpReference ref = new NbpReference(init.copy());
        int samples = 5_400;
        try (NbpChipSession chip = new NbpChipSession(init, BoardConfig.defaults().withThreads(2))) {
            int[] order = train.shuffledOrder(3, 0);
            int[] buf = new int[784];
            int firstLeak = -1;
            for (int k = 0; k < samples; k++) {
                int i = order[k];
                int n = train.copyOnPixels(i, buf);
                chip.train(buf, n, train.label(i));
                long slot1Before = ref.leaksSlot1();
                ref.train(buf, n, train.label(i));
                long expected = 3 * (ref.leaksSlot9() + slot1Before);
                assertEquals(expected, chip.totalSlotViolations(), "leaks after sample " + k + ": "
                        + chip.slotViolations());
                if (firstLeak < 0 && expected > 0) {
                    firstLeak = k;
                }
            }
            assertEquals(5_167, firstLeak, "the first leak (a slot-1 leak, seen by the chip one sample later)");
            assertTrue(chip.totalSlotViolations() >= 3);
            assertEquals(ref.weights(), chip.weights());
        }
    }
}
