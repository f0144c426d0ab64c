package io.github.loihiemu.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests on the real MNIST and Fashion-MNIST files (fetched into the cache on first use). Expected on-pixel counts
 * were computed independently from the raw bytes with a small script.
 */
class RealDataTest {
    private static final Map<Dataset, BinarizedDataset[]> CACHE = new EnumMap<>(Dataset.class);

    private static BinarizedDataset data(Dataset d, Split s, PixelRule rule) {
        if (rule == PixelRule.PLAIN) {
            return CACHE.computeIfAbsent(d, k -> new BinarizedDataset[2])[s.ordinal()] == null
                    ? put(d, s) : CACHE.get(d)[s.ordinal()];
        }
        return Datasets.load(d, s, new Preprocessing(0.5, rule), DatasetStore.defaultStore());
    }

    private static BinarizedDataset put(Dataset d, Split s) {
        BinarizedDataset b = Datasets.load(d, s);
        CACHE.get(d)[s.ordinal()] = b;
        return b;
    }

    @ParameterizedTest
    @CsvSource({"MNIST20,400", "MNIST28,784", "FMNIST28,784"})
    void countsAndInputSizes(Dataset d, int inputs) {
        assertEquals(60_000, data(d, Split.TRAIN, PixelRule.PLAIN).size());
        assertEquals(10_000, data(d, Split.TEST, PixelRule.PLAIN).size());
        assertEquals(inputs, data(d, Split.TRAIN, PixelRule.PLAIN).inputCount());
    }

    @Test
    void firstTenLabels() {
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4},
                Arrays.copyOf(data(Dataset.MNIST20, Split.TRAIN, PixelRule.PLAIN).labels(), 10));
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5},
                Arrays.copyOf(data(Dataset.FMNIST28, Split.TRAIN, PixelRule.PLAIN).labels(), 10));
    }

    @ParameterizedTest
    @CsvSource({
        "MNIST20,TRAIN,0,104,104", "MNIST20,TRAIN,1,125,124", "MNIST20,TRAIN,2,75,75", "MNIST20,TEST,0,63,63",
        "MNIST28,TRAIN,0,111,111", "MNIST28,TRAIN,1,125,124", "MNIST28,TRAIN,2,81,81", "MNIST28,TEST,0,71,71",
        "FMNIST28,TRAIN,0,343,343", "FMNIST28,TRAIN,1,378,378", "FMNIST28,TRAIN,2,21,21", "FMNIST28,TEST,0,154,152"})
    void exactOnPixelCountsUnderBothRules(Dataset d, Split s, int i, int plain, int authors) {
        assertEquals(plain, data(d, s, PixelRule.PLAIN).onPixelCount(i));
        assertEquals(authors, data(d, s, PixelRule.AUTHORS).onPixelCount(i));
    }

    @Test
    void onPixelsAreSortedAndInRange() {
        BinarizedDataset b = data(Dataset.MNIST20, Split.TEST, PixelRule.PLAIN);
        for (int i = 0; i < b.size(); i++) {
            int[] px = b.sample(i).onPixels();
            for (int k = 0; k < px.length; k++) {
                assertTrue(px[k] >= 0 && px[k] < 400);
                assertTrue(k == 0 || px[k] > px[k - 1]);
            }
        }
    }

    @Test
    void pixelsEqualTo128AreTheOnlyDifferenceBetweenTheRulesOnMnist20() throws Exception {
        BinarizedDataset plain = data(Dataset.MNIST20, Split.TRAIN, PixelRule.PLAIN);
        BinarizedDataset authors = data(Dataset.MNIST20, Split.TRAIN, PixelRule.AUTHORS);
        long pixels = 0;
        int images = 0;
        for (int i = 0; i < plain.size(); i++) {
            int d = plain.onPixelCount(i) - authors.onPixelCount(i);
            assertTrue(d >= 0);
            pixels += d;
            images += d > 0 ? 1 : 0;
        }
        assertEquals(71_007, pixels);
        assertEquals(22_189, images);
    }

    @Test
    void shuffledOrderIsADeterministicPermutationThatChangesPerEpoch() {
        BinarizedDataset b = data(Dataset.MNIST20, Split.TEST, PixelRule.PLAIN);
        int[] a = b.shuffledOrder(7, 0);
        assertArrayEquals(a, b.shuffledOrder(7, 0));
        assertFalse(Arrays.equals(a, b.shuffledOrder(7, 1)));
        assertFalse(Arrays.equals(a, b.shuffledOrder(8, 0)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertNotEquals(0, a[0] + a[1] + a[2] - 3); // not the identity at the start
    }
}
