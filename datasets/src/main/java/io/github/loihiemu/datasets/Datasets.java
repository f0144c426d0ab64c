package io.github.loihiemu.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Entry point: load a binarised data set, fetching the raw files on first use. */
public final class Datasets {
    private Datasets() {
    }

    /** {@code dataset}'s {@code split} with the paper's preprocessing, from the default store. */
    public static BinarizedDataset load(Dataset dataset, Split split) {
        return load(dataset, split, Preprocessing.paper(), DatasetStore.defaultStore());
    }

    /** {@code dataset}'s {@code split} binarised with {@code pre}, from {@code store}. */
    public static BinarizedDataset load(Dataset dataset, Split split, Preprocessing pre, DatasetStore store) {
        Path[] files = store.files(dataset.source(), split);
        int i = 0;
        try {
            byte[][] labels = new byte[1][];
            IdxReader.Images images = IdxReader.readPair(files[i], files[i + 1], labels);
            return BinarizedDataset.of(dataset, split, pre, images, labels[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
