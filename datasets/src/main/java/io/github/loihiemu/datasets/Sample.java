package io.github.loihiemu.datasets;

import java.util.Arrays;

/**
 * One binarised sample: the sorted indices of its on pixels (row-major in the cropped image) and its label. This is
 * the form the emulator consumes, one generator spike per on pixel; it exists for convenience and tests, while hot
 * code reads the flat arrays of {@link BinarizedDataset} without allocating.
 *
 * @param onPixels sorted on-pixel indices (defensively copied in and out, so a sample cannot be changed)
 * @param label    class 0..9
 */
public record Sample(int[] onPixels, int label) {
    /** Copies {@code onPixels}, so the caller's array stays theirs. */
    public Sample {
        onPixels = onPixels.clone();
    }

    /** A copy of the on-pixel indices, so the sample stays immutable. */
    @Override
    public int[] onPixels() {
        return onPixels.clone();
    }

    /** Content equality (a record's default would compare the array by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && label == s.label && Arrays.equals(onPixels, s.onPixels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(onPixels) + label;
    }

    @Override
    public String toString() {
        return "Sample[label=" + label + ", onPixels=" + Arrays.toString(onPixels) + "]";
    }
}
