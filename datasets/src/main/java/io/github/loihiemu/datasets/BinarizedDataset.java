package io.github.loihiemu.datasets;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An immutable binarised data set stored compactly: one flat array of on-pixel indices, an offsets array and a label
 * array (no object per sample). Accessors are allocation-free except {@link #sample(int)} and the copying ones.
 */
public final class BinarizedDataset {
    private final Dataset dataset;
    private final Split split;
    private final Preprocessing preprocessing;
    private final int[] onPixels;
    private final int[] offsets;
    private final byte[] labels;

    BinarizedDataset(Dataset dataset, Split split, Preprocessing preprocessing, int[] onPixels, int[] offsets,
                     byte[] labels) {
        this.dataset = dataset;
        this.split = split;
        this.preprocessing = preprocessing;
        this.onPixels = onPixels;
        this.offsets = offsets;
        this.labels = labels;
    }

    /** Binarises raw images with {@code pre}, cropping as {@code dataset} says. */
    static BinarizedDataset of(Dataset dataset, Split split, Preprocessing pre, IdxReader.Images images,
                               byte[] labels) {
        if (images.rows() != 28 || images.cols() != 28) {
            throw new IllegalArgumentException(dataset + " " + split + ": images are " + images.rows() + "x"
                    + images.cols() + ", expected 28x28");
        }
        int minOn = pre.rule().minimumOnValue(pre.threshold());
        int crop = dataset.crop();
        int side = dataset.side();
        int n = images.count();
        byte[] px = images.pixels();
        int[] offsets = new int[n + 1];
        int[] buf = new int[Math.max(1024, n * 200)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            offsets[i] = k;
            if (k + side * side > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, k + side * side));
            }
            int base = i * 784;
            for (int r = 0; r < side; r++) {
                int row = base + (r + crop) * 28 + crop;
                for (int c = 0; c < side; c++) {
                    if ((px[row + c] & 0xFF) >= minOn) {
                        buf[k++] = r * side + c;
                    }
                }
            }
        }
        offsets[n] = k;
        return new BinarizedDataset(dataset, split, pre, Arrays.copyOf(buf, k), offsets, labels.clone());
    }

    /** Which data set this is. */
    public Dataset dataset() {
        return dataset;
    }

    /** Training or test part. */
    public Split split() {
        return split;
    }

    /** The binarisation used. */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Inputs per sample (400 or 784). */
    public int inputCount() {
        return dataset.inputCount();
    }

    /** Label (0..9) of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Number of on pixels of sample {@code i}. */
    public int onPixelCount(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** The {@code k}-th on-pixel index of sample {@code i} (ascending in k). */
    public int onPixel(int i, int k) {
        return onPixels[offsets[i] + k];
    }

    /** Copies the on-pixel indices of sample {@code i} into {@code dst} and returns how many there are. */
    public int copyOnPixels(int i, int[] dst) {
        int n = onPixelCount(i);
        System.arraycopy(onPixels, offsets[i], dst, 0, n);
        return n;
    }

    /** Sample {@code i} as a small immutable record. */
    public Sample sample(int i) {
        return new Sample(Arrays.copyOfRange(onPixels, offsets[i], offsets[i + 1]), labels[i]);
    }

    /** A copy of all labels. */
    public int[] labels() {
        int[] r = new int[labels.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = labels[i];
        }
        return r;
    }

    /**
     * The presentation order of epoch {@code epoch}: a Fisher-Yates shuffle of 0..size-1 driven by a
     * {@link SplittableRandom} seeded from {@code seed} and {@code epoch}, so every epoch has a fresh, reproducible
     * order.
     */
    public int[] shuffledOrder(long seed, int epoch) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
