package io.github.loihiemu.datasets;

/**
 * One binarised sample: the sorted indices of its on pixels (row-major in the cropped image) and its label.
 * This is the form the emulator needs: one generator spike per on pixel.
 */
public record Sample(int[] onPixels, int label) {
    public Sample {
        onPixels = onPixels.clone();
    }

    @Override
    public int[] onPixels() {
        return onPixels.clone();
    }
}
