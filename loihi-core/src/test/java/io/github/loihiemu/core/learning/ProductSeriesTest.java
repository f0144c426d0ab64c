package io.github.loihiemu.core.learning;

import io.github.loihiemu.core.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductSeriesTest {
    private static int[] vars() {
        return new int[RuleVariable.values().length];
    }

    @ParameterizedTest
    @ValueSource(strings = {"y0*x0*r1*4 - y0*x0*2", "4*x0*y0*r1 - 2*x0*y0", "2*x1*y0 - 2*y1*x0",
        "2^-3*x1*y0 - 2^-4*sgn(w-80)*x1*y0", "u1*x1*y1*(2^-7)",
        "2^-3*x1*y0-2^-3*y1*x0-2^-4*sgn(w-80)*x1*y0-2^-4*x1*y0", "2^-5*u7*y1*x1 - 2^-6*u7*t*x1",
        "dd=4*2^-7*x1*y0 - 4*2^-7*y1*x0 + 4*x0 - 4*y0", "dt=x1*y0-2^-1*u0", "dw = 2 * (w - 56) * x0",
        "u3*x1 - 2*u3*y1*u3"})
    void observedRuleStringsParseAndRoundTrip(String rule) {
        ProductSeries s = ProductSeries.parse(rule);
        ProductSeries again = ProductSeries.parse(s.toString());
        assertEquals(s.toString(), again.toString());
        assertEquals(s.productCount(), again.productCount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"2*x1*y0|DW", "dw=2*x1*y0|DW", " dd = 4*x0|DD", "dt=x1*y0-2^-1*u0|DT"})
    void theTargetPrefixIsKeptAndPrinted(String rule, RuleTarget target) {
        ProductSeries s = ProductSeries.parse(rule);
        assertEquals(target, s.target());
        assertEquals(target, ProductSeries.parse(s.toString()).target());
        assertEquals(target != RuleTarget.DW, s.toString().startsWith(target.symbol() + "="), s.toString());
    }

    @ParameterizedTest
    @CsvSource({"32*x0,4,3", "4*2^-7*x1*y0,4,-7", "-2*x0*y0,-2,0", "y0*x0*r1*4,4,0", "2^-3*x1*y0,1,-3",
        "12*x0,6,1", "-16*x0,-4,2", "7*2^8*x0,7,8", "16*2^6*x0,4,8", "2^8*x0,1,8", "2^-7*x0,1,-7", "x0,1,0",
        "-x0*y1,-1,0", "(4)*x0,4,0", "x0*( -2 )*(2^-3),-2,-3", "-x0*(-3),3,0"})
    void scaleNormalisation(String rule, int mantissa, int exponent) {
        ProductSeries s = ProductSeries.parse(rule);
        assertEquals(mantissa, s.scaleMantissa(0));
        assertEquals(exponent, s.scaleExponent(0));
    }

    @Test
    void theUnshedMantissaKeepsTheBitsTheOverflowGuardWouldDrop() {
        int[] v = vars();
        v[RuleVariable.U0.ordinal()] = 1;
        v[RuleVariable.X1.ordinal()] = 101;
        v[RuleVariable.Y1.ordinal()] = 51;
        // 4*2^-7 keeps mantissa 4: (5151 * 4) >> 2 << 0 = 5151; a 1*2^-5 scale would give (5151 >> 2) << 2 = 5148
        assertEquals(5151, ProductSeries.parse("4*2^-7*u0*x1*y1").product(0, v));
    }

    @Test
    void sgnFactorsCountWithTheirVariablesWidth() {
        ProductSeries s = ProductSeries.parse("2^-4*sgn(w-80)*x1*y0");
        assertEquals(4, s.overflowShift(0), "w 9 + x1 7 + 3 - 15");
        int[] v = vars();
        v[RuleVariable.Y0.ordinal()] = 1;
        v[RuleVariable.X1.ordinal()] = 40;
        v[RuleVariable.W.ordinal()] = 100;
        assertEquals(16, s.product(0, v), "40 >> 4 << 3");
        v[RuleVariable.W.ordinal()] = 80;
        assertEquals(0, s.product(0, v));
        v[RuleVariable.W.ordinal()] = 50;
        assertEquals(-24, s.product(0, v), "-40 >> 4 = -3 (floor), << 3");
    }

    @Test
    void dependencyIsTheFirstDependencySymbol() {
        ProductSeries s = ProductSeries.parse("4*x0*y0*r1 - 2*y0*x0 + x1*u3");
        assertEquals(RuleVariable.X0, s.dependency(0));
        assertEquals(RuleVariable.Y0, s.dependency(1));
        assertEquals(RuleVariable.U3, s.dependency(2));
        assertEquals(0, s.overflowShift(0), "y0 (1) + r1 (7) + 3 <= 15");
        assertEquals(2, ProductSeries.parse("u1*x1*y1*(2^-7)").overflowShift(0));
        assertEquals(3, ProductSeries.parse("u1*x1*y1*(2^-7)", 4).overflowShift(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2*x1*z0|5|unknown variable 'z0'",
        "3^2*x0|0|bad exponent base 3",
        "x0*(3^-1)|4|bad exponent base 3",
        "2*x1/y0|4|division",
        "2*x1*y0 -|9|missing factor",
        "2*(x1*y0|5|position 2 is not closed",
        "x0*sgn (w-80|12|position 7 is not closed",
        "''|0|empty rule",
        "2*x1*y1|0|no dependency",
        "9*x0*y0|0|cannot be represented",
        "x1*y0 - 3*5*x0|8|cannot be represented",
        "2*2^-8*x0|0|cannot be represented",
        "2^9*x0|0|cannot be represented",
        "16*2^8*x0|0|cannot be represented",
        "x0*y0 )|6|this ')' closes nothing",
        "x0*y0 x1|6|unexpected 'x'",
        "dx=x0|0|unknown target 'dx'",
        "'  dx = x0'|2|unknown target 'dx'",
        "dw=|3|empty rule",
        "x0*y0 = 1|6|unexpected '='",
        "2*sgn(x1-3)*y0|6|sgn() applies only to w, d or t",
        "u1*x1 - u2*y1|8|u2 conflicts with u1",
        "x0*(w + 256)|8|offset 256 is outside -256..255"})
    void syntaxErrorsSayWhereAndWhy(String rule, int position, String reason) {
        LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class,
                () -> ProductSeries.parse(rule));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.reason());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    @Test
    void largeProductsSaturateInsteadOfWrapping() {
        // each product is 255 * 127 * 7 >> 4 << 15 ~ 4.6e8; five of them would wrap a 32-bit sum
        String big = "7*2^8*x0*w*x1";
        ProductSeries s = ProductSeries.parse(String.join(" + ", big, big, big, big, big));
        int[] v = vars();
        v[RuleVariable.X0.ordinal()] = 1;
        v[RuleVariable.W.ordinal()] = 255;
        v[RuleVariable.X1.ordinal()] = 127;
        assertEquals(32767, s.product(0, v));
        assertEquals(32767, s.accumulate(0, v));
        v[RuleVariable.W.ordinal()] = -256;
        assertEquals(-32768, s.accumulate(0, v));
    }

    @Test
    void productsTooWideForTheEvaluatorAreRejected() {
        LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class,
                () -> ProductSeries.parse("x1*y0 + x0*w*w*w*w*w*w*w"));
        assertEquals(8, e.position(), e.getMessage());
        assertTrue(e.reason().contains("too many factors"), e.reason());
    }

    @Test
    void nbpRuleChangesMixedWeightsByExactlyPlusMinusTwoWithoutRandomness() {
        ProductSeries s = ProductSeries.parse("4*x0*y0*r1 - 2*x0*y0");
        SplitMix64 rng = new SplitMix64(99);
        long state = rng.state();
        int[] v = vars();
        v[RuleVariable.X0.ordinal()] = 1;
        v[RuleVariable.Y0.ordinal()] = 1;
        v[RuleVariable.R1.ordinal()] = 1;
        for (int w = -256; w <= 252; w += 2) {
            assertEquals(w + 2, ProductSeries.round(s.accumulate(w, v), 1, -256, 254, rng));
        }
        // 254 + 2 saturates the 16-bit accumulator (32768 -> 32767): both candidates clip to 254, nothing is drawn
        assertEquals(32767, s.accumulate(254, v));
        assertEquals(254, ProductSeries.round(s.accumulate(254, v), 1, -256, 254, rng));
        v[RuleVariable.R1.ordinal()] = 0;
        for (int w = -256; w <= 254; w += 2) {
            assertEquals(Math.max(-256, w - 2), ProductSeries.round(s.accumulate(w, v), 1, -256, 254, rng));
        }
        v[RuleVariable.Y0.ordinal()] = 0;
        assertEquals(40, ProductSeries.round(s.accumulate(40, v), 1, -256, 254, rng));
        v[RuleVariable.Y0.ordinal()] = 1;
        v[RuleVariable.X0.ordinal()] = 0;
        v[RuleVariable.R1.ordinal()] = 1;
        assertEquals(-100, ProductSeries.round(s.accumulate(-100, v), 1, -256, 254, rng));
        assertEquals(state, rng.state(), "exact updates draw no random numbers");
    }

    @Test
    void roundingDrawsOnlyWhenTheDrawCanChangeTheResult() {
        SplitMix64 rng = new SplitMix64(3);
        long state = rng.state();
        // excitatory (min 0): a negative accumulator clips to 0 whichever way it rounds, like step 5's guard
        assertEquals(0, ProductSeries.round(-1000, 0, 0, 255, rng));
        assertEquals(0, ProductSeries.round(-1, 0, 0, 255, rng));
        // inhibitory (max 0): likewise for a positive one
        assertEquals(0, ProductSeries.round(1000, 0, -256, 0, rng));
        // both candidates above max
        assertEquals(254, ProductSeries.round(300 * 128 + 5, 1, -256, 254, rng));
        assertEquals(state, rng.state());
        // a fraction between two reachable values draws exactly once
        ProductSeries.round(100 * 128 + 5, 0, 0, 255, rng);
        assertTrue(state != rng.state());
        SplitMix64 replay = new SplitMix64(3);
        assertEquals(ProductSeries.roundWithDraw(100 * 128 + 5, 0, 0, 255, replay.nextBits(7)),
                ProductSeries.round(100 * 128 + 5, 0, 0, 255, new SplitMix64(3)));
        assertEquals(replay.state(), rng.state());
    }

    @Test
    void exampleL1OneTraceFactor() {
        ProductSeries s = ProductSeries.parse("2^-2*x1*y0");
        int[] v = vars();
        v[RuleVariable.Y0.ordinal()] = 1;
        v[RuleVariable.X1.ordinal()] = 37;
        int acc = s.accumulate(100, v);
        assertEquals(13_984, acc);
        // 8-bit excitatory (lsb 0): y = 109.25 -> 110 with probability 0.25
        assertEquals(110, ProductSeries.roundWithDraw(acc, 0, 0, 255, 31));   // draw 31/128 < 0.25
        assertEquals(109, ProductSeries.roundWithDraw(acc, 0, 0, 255, 32));
        // 6-bit excitatory (lsb 2): y = 27.3125 -> 108 or 112 (p = 0.3125)
        assertEquals(112, ProductSeries.roundWithDraw(acc, 2, 0, 252, 159));  // 159/512 < 0.3125
        assertEquals(108, ProductSeries.roundWithDraw(acc, 2, 0, 252, 160));
        SplitMix64 rng = new SplitMix64(5);
        int up = 0;
        int n = 100_000;
        for (int k = 0; k < n; k++) {
            up += ProductSeries.round(acc, 0, 0, 255, rng) == 110 ? 1 : 0;
        }
        assertEquals(0.25, up / (double) n, 0.01);
    }

    @Test
    void exampleL2TwoTraceFactorsWithBothScaleWidths() {
        int[] v = vars();
        v[RuleVariable.U0.ordinal()] = 1;
        v[RuleVariable.X1.ordinal()] = 100;
        v[RuleVariable.Y1.ordinal()] = 50;
        assertEquals(3_810, ProductSeries.parse("2^-7*u0*x1*y1").accumulate(20, v));
        assertEquals(3_185, ProductSeries.parse("2^-7*u0*x1*y1", 4).accumulate(20, v));
    }
}
