package io.github.loihiemu.core.synapse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weight-quantisation table of section 7.7 of the semantics. */
class WeightFormatTest {
    @ParameterizedTest
    @CsvSource({
        "255,8,EXCITATORY,0,255,16320",
        "255,8,MIXED,0,254,16256",
        "75,6,EXCITATORY,0,72,4608",
        "75,6,MIXED,0,72,4608",
        "-75,6,MIXED,0,-80,-5120",
        "-75,6,MIXED,-2,-80,-1280",
        "13,8,EXCITATORY,-3,13,64",
        "-13,8,MIXED,-3,-14,-128",
        "200,4,EXCITATORY,3,192,98304"})
    void quantisationTable(int w, int bits, SignMode mode, int exp, int quantized, int increment) {
        WeightFormat f = new WeightFormat(bits, exp, mode);
        assertEquals(quantized, f.quantize(w));
        assertEquals(increment, f.accumulatorIncrement(w));
    }

    @Test
    void outOfRangeValuesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WeightFormat(7, 0, SignMode.MIXED));
        assertTrue(e.getMessage().contains("numWeightBits = 7"));
        assertThrows(IllegalArgumentException.class, () -> new WeightFormat(8, 8, SignMode.MIXED));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> new WeightFormat(8, 0, SignMode.EXCITATORY).checkMantissa(-1, "conn a -> b"));
        assertEquals("conn a -> b: weight -1 is outside 0..255 allowed by sign mode EXCITATORY", w.getMessage());
        assertEquals(254, new WeightFormat(8, 0, SignMode.MIXED).maxWeight());
        assertEquals(-256, new WeightFormat(8, 0, SignMode.MIXED).minWeight());
    }
}
