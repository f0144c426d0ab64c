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
 * Trains nBP on the emulated chip on 10,000 MNIST20 samples and evaluates the 10,000 test images on the emulated
 * inference circuit. The reference algorithm, run on the same initial weights and order, reaches 85.86 % (argmax)
 * for this seed; the chip must reach exactly the same weights and the same score, and the floor of 85 % guards the
 * reference itself against regressions.
 */
class MnistTrainingTest {
    @Test
    void tenThousandSamplesOnTheChip() {
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        BinarizedDataset test = Datasets.load(Dataset.MNIST20, Split.TEST);
        NbpWeights init = NbpWeights.heInit(400, 400, 10, 3);
        NbpReference ref = new NbpReference(init.copy());
        int[] order = train.shuffledOrder(3, 0);
        int[] buf = new int[400];
        NbpWeights trained;
        try (NbpChipSession chip = new NbpChipSession(init, BoardConfig.defaults())) {
            for (int k = 0; k < 10_000; k++) {
                int i = order[k];
                int n = train.copyOnPixels(i, buf);
                chip.train(buf, n, train.label(i));
                ref.train(buf, n, train.label(i));
            }
            trained = chip.weights();
            assertEquals(0, chip.copyViolations());
        }
        assertEquals(ref.weights(), trained, "chip and reference weights after 10,000 samples");
        try (NbpInference inference = new NbpInference(trained, BoardConfig.defaults())) {
            NbpInference.Evaluation e = inference.evaluate(test);
            assertEquals(8586, e.argmaxCorrect(), "the reference's score for this seed and order");
            assertTrue(e.argmaxAccuracy() >= 0.85);
        }
    }
}
