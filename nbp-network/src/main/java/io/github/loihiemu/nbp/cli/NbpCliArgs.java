package io.github.loihiemu.nbp.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Argument checks shared by the CLI commands; each names the option and the bad value. */
final class NbpCliArgs {
    private NbpCliArgs() {
    }

    static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new IllegalArgumentException(option + ": " + n + " must be positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + v + "' is not a positive integer");
        }
    }

    static double nonNegative(String option, String v) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + v + "' is not a number");
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(option + ": " + v + " must be a finite number >= 0");
        }
        return d;
    }

    static Path existing(String option, String v) {
        Path p = Path.of(v);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + ": no such file " + v);
        }
        return p;
    }

    /**
     * An output path, checked before any work starts (a training run must not find out after an hour that it cannot
     * save): see {@link io.github.loihiemu.nbp.io.Npy#checkWritable}.
     */
    static Path writable(String option, String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException(option + ": the path is empty");
        }
        Path p = Path.of(v).toAbsolutePath();
        io.github.loihiemu.nbp.io.Npy.checkWritable(p, option);
        return p;
    }
}
