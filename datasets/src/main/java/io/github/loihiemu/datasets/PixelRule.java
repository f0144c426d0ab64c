package io.github.loihiemu.datasets;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a grey value p (0..255) becomes an on/off input. Two rules exist because the nBP paper states one and the
 * authors' code applies another; the emulator must be able to reproduce either.
 *
 * <p>Both rules are evaluated exactly, in integer arithmetic, with the threshold taken as the decimal number it
 * prints as ({@link Double#toString}, so {@code 0.6} means 6/10, not the binary double just below it). Both are
 * monotone in p, so each reduces to a cut-off: p is on iff {@code p >= minimumOnValue(threshold)}. A test checks
 * that the exact forms equal the floating-point formulas of the authors' numpy code for every p at every threshold
 * k/1000.
 */
public enum PixelRule {
    /**
     * On iff {@code p / 255 > threshold} (at 0.5: p &gt;= 128), i.e. {@code p >= floor(255 * threshold) + 1}. The
     * preprocessing the paper states, and the default.
     */
    PLAIN,
    /**
     * The rule the authors' code applies by accident: it divides by 255 twice, multiplies by 256 and rounds to two
     * decimals before the comparison, so p is on iff {@code round(100 * 256 * p / 65025) / 100 > threshold} (at
     * 0.5: p &gt;= 129). "Round to two decimals" is numpy's {@code round(x, 2)}, computed as
     * {@code rint(x * 100) / 100} on doubles (half to even); for p in 0..255 the exact value {@code 25600 p / 65025}
     * is never within rounding distance of a half, so this equals rounding the exact rational to the nearest
     * integer, {@code r = floor((51200 p + 65025) / 130050)}, and the rule is {@code r > 100 * threshold}. Use it to
     * reproduce the authors' runs exactly. At thresholds 0.4 and 0.6 it agrees with {@link #PLAIN} on every value;
     * at 0.5 the two differ only at p = 128.
     */
    AUTHORS;

    private static final BigDecimal B255 = BigDecimal.valueOf(255);
    private static final BigDecimal B100 = BigDecimal.valueOf(100);

    /**
     * The smallest grey value that is on at {@code threshold} (256 when none is), so that a hot loop needs a single
     * integer comparison per pixel.
     *
     * @param threshold a finite threshold on the [0, 1] grey scale
     */
    public int minimumOnValue(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("binarisation threshold " + threshold + " is not finite");
        }
        BigDecimal t = BigDecimal.valueOf(threshold);
        if (this == PLAIN) {
            // p / 255 > t  <=>  p > 255 t  <=>  p >= floor(255 t) + 1
            return clamp(t.multiply(B255).setScale(0, RoundingMode.FLOOR).longValue() + 1);
        }
        // r(p) > 100 t  <=>  r(p) >= floor(100 t) + 1; r is non-decreasing in p, so search the smallest such p
        long rMin = t.multiply(B100).setScale(0, RoundingMode.FLOOR).longValue() + 1;
        for (int p = 0; p < 256; p++) {
            if (authorsHundredths(p) >= rMin) {
                return p;
            }
        }
        return 256;
    }

    /** Whether grey value {@code p} (0..255) is on at {@code threshold}. */
    public boolean isOn(int p, double threshold) {
        if (p < 0 || p > 255) {
            throw new IllegalArgumentException("grey value " + p + " is outside 0..255");
        }
        return p >= minimumOnValue(threshold);
    }

    /** The on/off decision for every grey value 0..255, for callers that prefer a lookup table. */
    public boolean[] table(double threshold) {
        int min = minimumOnValue(threshold);
        boolean[] t = new boolean[256];
        for (int p = min; p < 256; p++) {
            t[p] = true;
        }
        return t;
    }

    /** The authors' rounded value of grey value p, in hundredths: the nearest integer to 25600 p / 65025. */
    static int authorsHundredths(int p) {
        return (int) ((51200L * p + 65025L) / 130050L);
    }

    private static int clamp(long v) {
        return (int) Math.max(0, Math.min(256, v));
    }
}
