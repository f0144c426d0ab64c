package io.github.loihiemu.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelRuleTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.4, 0.6})
    void rulesAgreeOnEveryValueAtPointFourAndPointSix(double threshold) {
        for (int p = 0; p < 256; p++) {
            assertEquals(PixelRule.PLAIN.isOn(p, threshold), PixelRule.AUTHORS.isOn(p, threshold), "p = " + p);
        }
    }

    @Test
    void atOneHalfTheyDifferOnlyAt128() {
        for (int p = 0; p < 256; p++) {
            boolean differ = PixelRule.PLAIN.isOn(p, 0.5) != PixelRule.AUTHORS.isOn(p, 0.5);
            assertEquals(p == 128, differ, "p = " + p);
        }
        assertTrue(PixelRule.PLAIN.isOn(128, 0.5));
        assertFalse(PixelRule.PLAIN.isOn(127, 0.5));
        assertTrue(PixelRule.AUTHORS.isOn(129, 0.5));
        assertFalse(PixelRule.AUTHORS.isOn(128, 0.5));
    }

    /** The authors' numpy arithmetic on doubles: /255 (resize), /255 again, *256, round(x, 2) = rint(x*100)/100. */
    private static boolean numpyAuthors(int p, double threshold) {
        double x = p / 255.0 / 255.0 * 256.0;
        return Math.rint(x * 100.0) / 100.0 > threshold;
    }

    @Test
    void exactIntegerFormsEqualTheFloatingPointFormulasAtEveryThresholdInThousandths() {
        for (int k = 1; k < 1000; k++) {
            double t = k / 1000.0;
            for (int p = 0; p < 256; p++) {
                assertEquals(p / 255.0 > t, PixelRule.PLAIN.isOn(p, t), "plain, p = " + p + ", t = " + t);
                assertEquals(numpyAuthors(p, t), PixelRule.AUTHORS.isOn(p, t), "authors, p = " + p + ", t = " + t);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0.4,103,103", "0.5,128,129", "0.6,154,154", "0.001,1,2", "0.999,255,253"})
    void cutOffs(double threshold, int plain, int authors) {
        assertEquals(plain, PixelRule.PLAIN.minimumOnValue(threshold));
        assertEquals(authors, PixelRule.AUTHORS.minimumOnValue(threshold));
        boolean[] table = PixelRule.AUTHORS.table(threshold);
        for (int p = 0; p < 256; p++) {
            assertEquals(p >= authors, table[p], "p = " + p);
        }
    }

    @Test
    void thresholdOutsideTheUnitIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Preprocessing(1.5, PixelRule.PLAIN));
        assertTrue(e.getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> Dataset.parse("cifar10"));
    }
}
