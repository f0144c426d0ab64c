package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gate leaks of the output family: with a wide hidden layer the o family's input sums cross the bias-held
 * threshold outside its slots, and the reference models what the chip then does (NbpReference's slot model), so
 * that chip and reference stay equal, spike counts outside the slots included.
 */
class WideLayerLeakTest {
    /**
     * MNIST20, 1,600 hidden units, seed 3: the o family fires in slot 9 on the label unit of d+ samples (Σ_{δ1+} W2
     * &gt; 9,216), 10 times in 120 samples. Before the leaks were modelled W2T- parted at sample 19 and W1 at 45.
     */
    @Test
    void mnist20Hidden1600() {
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        NbpWeights init = NbpWeights.heInit(400, 1600, 10, 3);
        long[] o = run(train, init, train.shuffledOrder(3, 0), 120).get("o");
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0}, outsideSlots(o),
                "o spikes per slot outside slots 4, 6 and 10");
    }

    /**
     * Random weights in [-120, 254] with 400 hidden units make most kinds of leak happen: h1 in slots 1 and 9, o in
     * slots 2, 7 and 11, and o firing in slot 10 on h1's slot-9 spikes although no output unit carries an error (so
     * all the learning here comes from leaks: W2 and W2T+ depressed in slots 10 and 11, W1 in slot 0).
     */
    @Test
    void everyLeakSlotOnAdversarialWeights() {
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        Random r = new Random(1);
        int hidden = 400;
        int[] w1 = new int[400 * hidden];
        for (int q = 0; q < w1.length; q++) {
            w1[q] = 2 * ((-120 + r.nextInt(375)) / 2);
        }
        int[] w2 = new int[hidden * 10];
        int[] tm = new int[hidden * 10];
        for (int j = 0; j < hidden; j++) {
            for (int c = 0; c < 10; c++) {
                w2[j * 10 + c] = 2 * ((-120 + r.nextInt(375)) / 2);
                tm[c * hidden + j] = Math.max(NbpWeights.MIN, -w2[j * 10 + c]);
            }
        }
        Map<String, long[]> counts = run(train, NbpWeights.of(400, hidden, 10, w1, w2, tm), train.shuffledOrder(3, 0),
                200);
        assertArrayEquals(new long[] {0, 0, 350, 0, 72, 0, 0, 2000, 0, 0, 10, 1990}, counts.get("o"));
        assertArrayEquals(new long[] {0, 11833, 0, 79994, 0, 0, 79994, 0, 0, 87, 79907, 0}, counts.get("h1"));
        // h1T fires in slot 11 only through o's slot-10 spikes (no output error: oT- never fires)
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 79994, 0, 0, 0, 79994, 391}, counts.get("h1T"));
        assertEquals(0, java.util.Arrays.stream(counts.get("oT-")).sum());
    }

    /**
     * Spikes per population per slot; after every sample the weights, W2T+ and the spikes outside their slots are
     * equal.
     */
    private static Map<String, long[]> run(BinarizedDataset train, NbpWeights init, int[] order, int samples) {
        NbpReference ref = new NbpReference(init.copy());
        try (NbpChipSession chip = new NbpChipSession(init, BoardConfig.defaults(), false)) {
            int[] buf = new int[400];
            LeakLockstep lockstep = new LeakLockstep(ref, chip);
            for (int k = 0; k < samples; k++) {
                int i = order[k];
                lockstep.train(buf, train.copyOnPixels(i, buf), train.label(i));
            }
            Map<String, long[]> counts = chip.spikeCountsPerSlot();
            // the three fire together outside slot 4 (where gm05 and gp05 set their bounds)
            assertArrayEquals(outsideSlots(counts.get("o")), outsideSlots(counts.get("o_copy")));
            assertArrayEquals(outsideSlots(counts.get("o")), outsideSlots(counts.get("o_copy2")));
            return counts;
        }
    }

    private static long[] outsideSlots(long[] perSlot) {
        long[] c = perSlot.clone();
        c[4] = 0;
        c[6] = 0;
        c[10] = 0;
        return c;
    }
}
