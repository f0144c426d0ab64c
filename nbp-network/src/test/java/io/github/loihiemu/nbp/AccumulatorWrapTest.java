package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chip sums one step's synaptic input in a 22-bit accumulator that wraps (64 per weight unit, so +-32,768
 * weight units, gate lifts included). With W1 in [100, 254] a forward sum of an MNIST20 digit exceeds that, and the
 * reference must wrap as the chip does or the engines part within a few samples.
 */
class AccumulatorWrapTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void largeW1WrapsAsOnTheChip(boolean paperPlacement) {
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        Random r = new Random(5);
        int hidden = 80;
        int[] w1 = new int[400 * hidden];
        for (int q = 0; q < w1.length; q++) {
            w1[q] = 100 + 2 * r.nextInt(78);
        }
        int[] w2 = new int[hidden * 10];
        int[] tm = new int[hidden * 10];
        for (int j = 0; j < hidden; j++) {
            for (int c = 0; c < 10; c++) {
                w2[j * 10 + c] = 2 * (r.nextInt(121) - 60);
                tm[c * hidden + j] = -w2[j * 10 + c];
            }
        }
        NbpWeights init = NbpWeights.of(400, hidden, 10, w1, w2, tm);
        NbpReference ref = new NbpReference(init.copy());
        int[] order = train.shuffledOrder(3, 0);
        int[] buf = new int[400];
        int maxSum = 0;
        try (NbpChipSession chip = new NbpChipSession(init, BoardConfig.defaults(), paperPlacement)) {
            LeakLockstep lockstep = new LeakLockstep(ref, chip);
            for (int k = 0; k < 30; k++) {
                int i = order[k];
                int n = train.copyOnPixels(i, buf);
                for (int j = 0; j < hidden; j++) {
                    int s = 0;
                    for (int p = 0; p < n; p++) {
                        s += ref.weights().w1()[buf[p] * hidden + j];
                    }
                    maxSum = Math.max(maxSum, s);
                }
                lockstep.train(buf, n, train.label(i));
            }
        }
        // the forward sums did cross the wrap (24,064 = 32,768 - 8,704, h1's gate lift)
        assertTrue(maxSum >= 24_064, "largest forward sum " + maxSum);
    }

    /**
     * W2 in [150, 254] over 160 hidden units, most of them active (W1 in [-20, 60]): the output sums pass 24,064 (o's
     * lift is 8,704) and wrap. Few of them land where a wrap changes d+ or d- (training is equal here without the
     * wrap too), but the inference circuit reads the wrapped sums, and so must the reference's argmax.
     */
    @Test
    void largeW2WrapsAsOnTheChip() {
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        BinarizedDataset test = Datasets.load(Dataset.MNIST20, Split.TEST);
        Random r = new Random(7);
        int hidden = 160;
        int[] w1 = new int[400 * hidden];
        for (int q = 0; q < w1.length; q++) {
            w1[q] = 2 * (r.nextInt(41) - 10);
        }
        int[] w2 = new int[hidden * 10];
        int[] tm = new int[hidden * 10];
        for (int j = 0; j < hidden; j++) {
            for (int c = 0; c < 10; c++) {
                w2[j * 10 + c] = 150 + 2 * r.nextInt(53);
                tm[c * hidden + j] = -w2[j * 10 + c];
            }
        }
        NbpWeights init = NbpWeights.of(400, hidden, 10, w1, w2, tm);
        NbpReference ref = new NbpReference(init.copy());
        int[] buf = new int[400];
        int[] sums = new int[10];
        int wrapped = 0;
        int[] order = train.shuffledOrder(3, 0);
        try (NbpChipSession chip = new NbpChipSession(init, BoardConfig.defaults())) {
            for (int k = 0; k < 10; k++) {
                int i = order[k];
                int n = train.copyOnPixels(i, buf);
                ref.train(buf, n, train.label(i));
                chip.train(buf, n, train.label(i));
                NbpWeights got = chip.weights();
                assertArrayEquals(ref.weights().w1(), got.w1(), "W1 after sample " + k);
                assertArrayEquals(ref.weights().w2(), got.w2(), "W2 after sample " + k);
                assertArrayEquals(ref.weights().w2tMinus(), got.w2tMinus(), "W2T- after sample " + k);
                assertArrayEquals(ref.tPlus(2), chip.board().weights(chip.circuit().plastic("o->h1T")),
                        "W2T+ after sample " + k);
            }
        }
        try (NbpInference chip = new NbpInference(ref.weights(), BoardConfig.defaults())) {
            NbpInference.Evaluation e = chip.evaluate(test, 100);
            for (int i = 0; i < 100; i++) {
                int p = ref.infer(buf, test.copyOnPixels(i, buf), sums);
                for (int c = 0; c < 10; c++) {
                    assertEquals(sums[c], e.outputSums()[i * 10 + c], "output sum " + c + " of test sample " + i);
                }
                assertEquals(p, e.predictions()[i], "prediction of test sample " + i);
            }
        }
        for (int i = 0; i < 100; i++) {
            wrapped += wrapsAnOutput(ref.weights(), test, i, buf) ? 1 : 0;
        }
        assertTrue(wrapped > 10, wrapped + " of 100 test samples wrap an output sum");
    }

    /** Whether some output's forward sum of test sample {@code i} is outside [-41,472, 24,064) (wraps with its lift). */
    private static boolean wrapsAnOutput(NbpWeights w, BinarizedDataset data, int i, int[] buf) {
        int hidden = w.layers()[1];
        int[] w1 = w.w1();      // copies
        int[] w2 = w.w2();
        int n = data.copyOnPixels(i, buf);
        int[] h = new int[hidden];
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < hidden; j++) {
                h[j] += w1[buf[p] * hidden + j];
            }
        }
        for (int c = 0; c < 10; c++) {
            int o = 0;
            for (int j = 0; j < hidden; j++) {
                // a hidden unit is active when its own lifted sum, wrapped, passes the threshold
                o += (short) (h[j] + 8_704) > 9_216 ? w2[j * 10 + c] : 0;
            }
            if (o >= 24_064 || o < -41_472) {
                return true;
            }
        }
        return false;
    }
}
