package io.github.loihiemu.core.synapse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weight-quantisation table of docs/loihi-semantics.md ("Worked examples", "Weight quantisation"). */
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

    /**
     * Every bit width x sign mode x exponent against the formula of docs/loihi-semantics.md ("Synapses"), written
     * out independently here: lsb = 8 - (numWeightBits - isMixed), w_q = floor(w / 2^lsb) * 2^lsb,
     * dq = floor(w_q * 2^wexp) * 64; a 0-bit format stores no weight. Every accepted mantissa is checked, so both
     * ends of each range and the negative values are covered.
     */
    @Test
    void everyFormatFollowsTheSemanticsFormula() {
        int[] widths = {0, 1, 2, 3, 4, 5, 6, 8};
        for (int bits : widths) {
            for (SignMode mode : SignMode.values()) {
                for (int exp = -8; exp <= 7; exp++) {
                    WeightFormat f = new WeightFormat(bits, exp, mode);
                    int lsb = 8 - (bits - (mode.isMixed() ? 1 : 0));
                    for (int w = mode.minMantissa(); w <= mode.maxMantissa(); w++) {
                        long wq = bits == 0 ? 0 : Math.floorDiv(w, 1L << lsb) * (1L << lsb);
                        long dq = (exp >= 0 ? wq * (1L << exp) : Math.floorDiv(wq, 1L << -exp)) * 64;
                        String at = bits + " bits, " + mode + ", exponent " + exp + ", weight " + w;
                        assertEquals(wq, f.quantize(w), at);
                        assertEquals(dq, f.accumulatorIncrement(w), at);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // mixed 1-bit weights keep only the sign: -256 stays -256, everything from -255 up becomes -256 or 0
        "-256,1,MIXED,0,-256,-16384",
        "-1,1,MIXED,0,-256,-16384",
        "0,1,MIXED,0,0,0",
        "254,1,MIXED,0,0,0",
        "-256,1,MIXED,7,-256,-2097152",
        "-256,1,MIXED,-8,-256,-64",
        "-256,1,INHIBITORY,0,-256,-16384",
        "-255,1,INHIBITORY,0,-256,-16384",
        "255,1,EXCITATORY,0,128,8192",
        "127,1,EXCITATORY,0,0,0",
        "-256,2,MIXED,0,-256,-16384",
        "-129,2,MIXED,0,-256,-16384",
        "254,2,MIXED,0,128,8192",
        "-256,0,MIXED,0,0,0",
        "255,0,EXCITATORY,0,0,0",
        "-256,0,INHIBITORY,0,0,0",
        "255,8,EXCITATORY,7,255,2088960",
        "-256,8,INHIBITORY,7,-256,-2097152"})
    void smallestAndLargestWeightsOfTheNarrowFormats(int w, int bits, SignMode mode, int exp, int quantized,
                                                     int increment) {
        WeightFormat f = new WeightFormat(bits, exp, mode);
        assertEquals(quantized, f.quantize(w));
        assertEquals(increment, f.accumulatorIncrement(w));
    }

    @Test
    void mixedOneBitRangeIsMinus256AndZero() {
        WeightFormat f = new WeightFormat(1, 0, SignMode.MIXED);
        assertEquals(8, f.lsb());
        assertEquals(-256, f.minWeight());
        assertEquals(0, f.maxWeight());
        assertEquals(9, new WeightFormat(0, 0, SignMode.MIXED).lsb());
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
