package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InferenceTest {
    @Test
    void chipInferenceEqualsReferenceOnTheMnistTestSet() {
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        BinarizedDataset test = Datasets.load(Dataset.MNIST20, Split.TEST);
        NbpReference ref = new NbpReference(NbpWeights.heInit(400, 400, 10, 3));
        int[] buf = new int[400];
        int[] order = train.shuffledOrder(3, 0);
        for (int k = 0; k < 2_000; k++) {
            ref.train(buf, train.copyOnPixels(order[k], buf), train.label(order[k]));
        }
        int[] sums = new int[10];
        int correct = 0;
        int exact = 0;
        try (NbpInference chip = new NbpInference(ref.weights(), BoardConfig.defaults())) {
            NbpInference.Evaluation e = chip.evaluate(test);
            for (int i = 0; i < test.size(); i++) {
                int p = ref.infer(buf, test.copyOnPixels(i, buf), sums);
                for (int c = 0; c < 10; c++) {
                    assertEquals(sums[c], e.outputSums()[i * 10 + c], "output sum " + c + " of test sample " + i);
                }
                assertEquals(p, e.predictions()[i]);
                correct += p == test.label(i) ? 1 : 0;
                exact += ref.lastExactMatch(test.label(i)) ? 1 : 0;
            }
            assertEquals(correct, e.argmaxCorrect());
            assertEquals(exact, e.exactMatches());
            assertEquals(10_000, e.samples());
        }
    }
}
