package io.github.loihiemu.core.learning;

import io.github.loihiemu.core.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceProfileTest {
    /** Five binomial standard deviations of a frequency estimated from n trials. */
    private static double fiveSd(double p, int n) {
        return 5 * Math.sqrt(p * (1 - p) / n);
    }

    /** Probability that one decay step rounds {@code value} up, from the Q16 factor. */
    private static double upProbability(TraceProfile t, int value) {
        return ((value * t.factorQ16()) & 0xFFFF) / 65536.0;
    }

    @Test
    void exampleL3TwoDecaySteps() {
        TraceProfile t = new TraceProfile(40, 4);
        assertEquals(0.152, upProbability(t, 40), 0.001, "40 e^-1/4 = 31.152");
        assertEquals(0.143, upProbability(t, 31), 0.001, "31 e^-1/4 = 24.143");
        assertEquals(0.922, upProbability(t, 32), 0.001, "32 e^-1/4 = 24.922");
        SplitMix64 rng = new SplitMix64(11);
        int n = 200_000;
        int[] first = new int[2];
        int[][] second = new int[2][2];
        for (int k = 0; k < n; k++) {
            int a = t.decay(40, rng);
            assertTrue(a == 31 || a == 32, "40 -> " + a);
            int b = t.decay(a, rng);
            assertTrue(b == 24 || b == 25, a + " -> " + b);
            first[a - 31]++;
            second[a - 31][b - 24]++;
        }
        assertEquals(1 - upProbability(t, 40), first[0] / (double) n, fiveSd(0.848, n));
        int from31 = first[0];
        int from32 = first[1];
        assertEquals(upProbability(t, 31), second[0][1] / (double) from31, fiveSd(0.143, from31));
        assertEquals(upProbability(t, 32), second[1][1] / (double) from32, fiveSd(0.922, from32));
    }

    @ParameterizedTest
    @CsvSource({"100,4,5", "127,20,30", "40,1,3", "7,2,4"})
    void decayIsUnbiasedOverManySteps(int value, int tau, int steps) {
        TraceProfile t = new TraceProfile(0, tau);
        double f = t.factorQ16() / 65536.0;
        assertEquals(StrictMath.exp(-1.0 / tau), f, 1.0 / 65536);
        SplitMix64 rng = new SplitMix64(value * 31L + tau);
        int n = 100_000;
        long sum = 0;
        for (int k = 0; k < n; k++) {
            sum += t.decay(value, steps, rng);
        }
        // each step rounds up with probability equal to the dropped fraction, so E[v_k] = v f^k exactly
        double expected = value * Math.pow(f, steps);
        assertEquals(expected, sum / (double) n, 0.02 + 0.002 * expected);
    }

    @Test
    void multiStepDecayIsTheStepLoopAndDrawsNothingOnceZero() {
        SplittableRandom cases = new SplittableRandom(2024);
        for (int c = 0; c < 2_000; c++) {
            TraceProfile t = new TraceProfile(0, cases.nextInt(0, 30));
            int value = cases.nextInt(0, 128);
            int steps = cases.nextInt(0, 40);
            long seed = cases.nextLong();
            SplitMix64 a = new SplitMix64(seed);
            SplitMix64 b = new SplitMix64(seed);
            int loop = value;
            for (int k = 0; k < steps; k++) {
                loop = t.decay(loop, b);
            }
            assertEquals(loop, t.decay(value, steps, a));
            assertEquals(b.state(), a.state(), "same draws as the per-step loop");
        }
        SplitMix64 rng = new SplitMix64(1);
        long state = rng.state();
        assertEquals(0, new TraceProfile(10, 4).decay(0, 100, rng));
        assertEquals(state, rng.state());
    }

    @Test
    void tauZeroKeepsATraceForItsSpikeStepOnly() {
        TraceProfile t = new TraceProfile(1, 0);
        SplitMix64 rng = new SplitMix64(4);
        int v = t.impulse(0, rng);
        assertEquals(1, v);
        assertEquals(0, t.decay(v, rng));
        assertEquals(0, t.decay(127, 3, rng));
    }

    @Test
    void impulseAddsTheIntegerPartAndRoundsTheFractionStochastically() {
        TraceProfile half = new TraceProfile(20.5, 4);
        assertEquals(20, half.impulseInt());
        assertEquals(64, half.impulseFrac());
        assertEquals(126, new TraceProfile(0.99, 4).impulseFrac(), "floor(128 * 0.99)");
        SplitMix64 rng = new SplitMix64(8);
        int n = 100_000;
        int up = 0;
        for (int k = 0; k < n; k++) {
            int v = half.impulse(3, rng);
            assertTrue(v == 23 || v == 24);
            up += v - 23;
        }
        assertEquals(0.5, up / (double) n, fiveSd(0.5, n));
        assertEquals(127, half.impulse(110, rng), "saturates at 127");
        TraceProfile whole = new TraceProfile(40, 4);
        long state = rng.state();
        assertEquals(80, whole.impulse(40, rng));
        assertEquals(127, whole.impulse(100, rng));
        assertEquals(state, rng.state(), "an integer impulse draws nothing");
    }

    @Test
    void invalidProfilesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TraceProfile(128, 4));
        assertThrows(IllegalArgumentException.class, () -> new TraceProfile(-0.5, 4));
        assertThrows(IllegalArgumentException.class, () -> new TraceProfile(Double.NaN, 4));
        assertThrows(IllegalArgumentException.class, () -> new TraceProfile(1, -1));
    }
}
