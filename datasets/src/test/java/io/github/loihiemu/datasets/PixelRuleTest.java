package io.github.loihiemu.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    @Test
    void thresholdOutsideTheUnitIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Preprocessing(1.5, PixelRule.PLAIN));
        assertTrue(e.getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> Dataset.parse("cifar10"));
    }
}
