package io.github.loihiemu.datasets;

/**
 * Binarisation settings, kept apart from the data-set choice because the authors trained one data set at several
 * thresholds (FMNIST28 at 0.5 and 0.6) and their code's rule differs from the paper's.
 *
 * @param threshold binarisation threshold on the [0, 1] grey scale, strictly between 0 and 1 (default 0.5)
 * @param rule      how the threshold is applied
 */
public record Preprocessing(double threshold, PixelRule rule) {
    /** Rejects thresholds outside (0, 1), where every pixel would be on or off. */
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
