package io.github.loihiemu.datasets;

/**
 * Binarisation settings.
 *
 * @param threshold binarisation threshold on the [0, 1] grey scale, strictly between 0 and 1 (default 0.5)
 * @param rule      how the threshold is applied
 */
public record Preprocessing(double threshold, PixelRule rule) {
    public Preprocessing {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("binarisation threshold " + threshold + " is outside (0, 1)");
        }
        if (rule == null) {
            throw new IllegalArgumentException("pixel rule must not be null");
        }
    }

    /** Threshold 0.5 with the plain rule, as the paper states. */
    public static Preprocessing paper() {
        return new Preprocessing(0.5, PixelRule.PLAIN);
    }
}
