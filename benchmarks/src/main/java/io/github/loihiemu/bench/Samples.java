package io.github.loihiemu.bench;

import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;

/** A fixed block of training samples (on-pixel lists and labels) held in memory, so the benchmarks time only nBP. */
final class Samples {
    final int[][] on;
    final int[] count;
    final int[] label;
    final int inputs;
    private int next;

    Samples(Dataset dataset, Split split, int n, long seed) {
        BinarizedDataset data = Datasets.load(dataset, split);
        int[] order = split == Split.TRAIN ? data.shuffledOrder(seed, 0) : null;
        inputs = data.inputCount();
        on = new int[n][inputs];
        count = new int[n];
        label = new int[n];
        for (int k = 0; k < n; k++) {
            int i = order != null ? order[k] : k;
            count[k] = data.copyOnPixels(i, on[k]);
            label[k] = data.label(i);
        }
    }

    /** Index of the next sample, cycling. */
    int next() {
        int k = next;
        next = next + 1 == on.length ? 0 : next + 1;
        return k;
    }
}
