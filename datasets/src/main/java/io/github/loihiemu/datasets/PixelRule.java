package io.github.loihiemu.datasets;

/**
 * How a grey value p (0..255) becomes an on/off input.
 *
 * <ul>
 *   <li>{@link #PLAIN}: on iff {@code p / 255 > threshold} (at 0.5: p &gt;= 128). The paper's stated preprocessing,
 *       and the default.</li>
 *   <li>{@link #AUTHORS}: the rule the authors' code applies by accident: it divides by 255 twice, multiplies by
 *       256 and rounds to two decimals (round half to even on the binary double, as numpy does) before comparing:
 *       on iff {@code round2(p / 255 / 255 * 256) > threshold} (at 0.5: p &gt;= 129). Use it to reproduce their
 *       runs exactly. At thresholds 0.4 and 0.6 the two rules agree on every value.</li>
 * </ul>
 */
public enum PixelRule {
    PLAIN,
    AUTHORS;

    /** Whether grey value {@code p} is on at {@code threshold}. */
    public boolean isOn(int p, double threshold) {
        if (this == PLAIN) {
            return p / 255.0 > threshold;
        }
        double x = p / 255.0 / 255.0 * 256.0;
        return Math.rint(x * 100.0) / 100.0 > threshold;
    }

    /** The on/off decision for every grey value 0..255. */
    public boolean[] table(double threshold) {
        boolean[] t = new boolean[256];
        for (int p = 0; p < 256; p++) {
            t[p] = isOn(p, threshold);
        }
        return t;
    }
}
