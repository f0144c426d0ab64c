package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.synapse.WeightFormat;
import io.github.loihiemu.core.util.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A dense row of one weight format added straight from its 16-bit weights ({@link VectorKernel#addRow}) against the
 * scalar loop of {@code Neurocore.deliver} and against {@link WeightFormat#scale}, the increment an int row would
 * hold: every length around the vector width, every exponent, the extreme mantissas and accumulators that wrap.
 */
class DenseRowTest {

    private static void scalarRow(int[] s, int o, short[] w, int from, int to, int r, int l) {
        for (int k = from; k < to; k++) {
            s[o + k] += (w[k] >> r) << l;
        }
    }

    @Test
    void vectorRowMatchesScalarLoopForEveryLengthExponentAndOffset() {
        Assumptions.assumeTrue(VectorSupport.available(), "needs the vector module");
        SplittableRandom rnd = new SplittableRandom(17);
        short[] w = new short[200];
        for (int k = 0; k < w.length; k++) {
            w[k] = (short) (k % 7 == 0 ? -256 : k % 7 == 1 ? 255 : rnd.nextInt(512) - 256);
        }
        int checked = 0;
        for (int e = -8; e <= 7; e++) {
            // the two shifts deliver() takes from an axon of exponent e (Neurocore's packing of axonInfo)
            int r = e >= 0 ? 0 : -e;
            int l = e >= 0 ? e + 6 : 6;
            for (int len = 0; len <= 70; len++) {
                for (int from : new int[] {0, 3, 17}) {
                    for (int o : new int[] {-from, 5 - from, 40}) {
                        int[] a = new int[300];
                        for (int i = 0; i < a.length; i++) {
                            a[i] = i % 3 == 0 ? Integer.MAX_VALUE - i : rnd.nextInt();   // sums that wrap
                        }
                        int[] b = a.clone();
                        VectorKernel.addRow(a, o, w, from, from + len, r, l);
                        scalarRow(b, o, w, from, from + len, r, l);
                        assertArrayEquals(b, a, "exponent " + e + ", length " + len + ", from " + from + ", o " + o);
                        checked++;
                    }
                }
            }
        }
        assertEquals(16 * 71 * 9, checked);
    }

    @Test
    void theTwoShiftsGiveTheIncrementOfAnIntRow() {
        for (int e = -8; e <= 7; e++) {
            int r = e >= 0 ? 0 : -e;
            int l = e >= 0 ? e + 6 : 6;
            for (int m = -256; m <= 255; m++) {
                assertEquals(WeightFormat.scale(m, e), (m >> r) << l, "mantissa " + m + ", exponent " + e);
            }
        }
    }
}
