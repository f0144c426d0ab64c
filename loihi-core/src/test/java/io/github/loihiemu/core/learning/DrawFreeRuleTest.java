package io.github.loihiemu.core.learning;

import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.synapse.WeightFormat;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which rules provably never draw a random number (what lets the emulator merge their cores), worked by hand. */
class DrawFreeRuleTest {
    private static final WeightFormat EIGHT = new WeightFormat(8, 0, SignMode.MIXED);   // lsb 1 (mixed sign)
    private static final WeightFormat EXC8 = new WeightFormat(8, 0, SignMode.EXCITATORY); // lsb 0

    private static LearningRuleSpec rule(String dw) {
        return LearningRuleSpec.builder().dw(dw).r1(1, 0).tEpoch(1).build();
    }

    @Test
    void formatsOfTheExamples() {
        assertEquals(1, EIGHT.lsb());
        assertEquals(0, EXC8.lsb());
    }

    @Test
    void nbpRulesAreExact() {
        // the nBP rule at steps 1, 2, 4: products 2s*x0*y0*r1 and -s*x0*y0, integers in weight units, r1 0 or 1
        for (int s : new int[] {1, 2, 4}) {
            assertTrue(rule((2 * s) + "*x0*y0*r1 - " + s + "*x0*y0").drawsNothing(EXC8, 0, 6), "step " + s);
        }
        // on a format that drops the low bit, step 1's -1 is a fraction of the precision: it would round
        assertFalse(rule("2*x0*y0*r1 - 1*x0*y0").drawsNothing(EIGHT, 0, 6));
        assertTrue(rule("4*x0*y0*r1 - 2*x0*y0").drawsNothing(EIGHT, 0, 6));
    }

    @Test
    void fractionsAndDecayingTracesDraw() {
        assertFalse(rule("2^-2*x0*y0").drawsNothing(EXC8, 0, 6), "a quarter of the precision");
        assertFalse(LearningRuleSpec.builder().dw("2*x1*y0").x1(20.5, 0).build().drawsNothing(EXC8, 0, 6),
                "a fractional impulse is rounded stochastically");
        assertFalse(LearningRuleSpec.builder().dw("2*x1*y0").x1(2, 4).build().drawsNothing(EXC8, 0, 6),
                "a trace that decays over steps is rounded stochastically");
        assertTrue(LearningRuleSpec.builder().dw("2*x1*y0").x1(2, 0).build().drawsNothing(EXC8, 0, 6));
    }

    @Test
    void aProductThatCanSaturateIsNotExact() {
        // r1 up to 1: 64 * 1 in weight units is 8192 accumulator units, below 32767
        assertTrue(rule("64*x0*r1").drawsNothing(EXC8, 0, 6));
        // r1 up to 127: 64 * 127 * 128 saturates at 32767, which has fraction bits
        assertFalse(LearningRuleSpec.builder().dw("64*x0*r1").r1(127, 0).build().drawsNothing(EXC8, 0, 6));
        // w up to 255 (excitatory, 8 bits): 2*w*x0 reaches 510 * 128, which saturates
        assertFalse(rule("2*w*x0").drawsNothing(EXC8, 0, 6));
    }
}
