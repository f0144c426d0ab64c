package io.github.loihiemu.core.learning;

import io.github.loihiemu.core.util.SplitMix64;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Example L4 of docs/loihi-semantics.md ("Worked examples") in pure arithmetic (no compartments): the E-STDP run
 * recorded on Loihi (NxSDK tutorial 18), replayed with {@link TraceProfile} and {@link ProductSeries} and compared
 * statistically with the records.
 *
 * <p>Order within a step, as docs/loihi-semantics.md ("Learning engine") gives it: both traces decay, then the impulses
 * of this step's spikes are added, then the rule is evaluated (tEpoch = 1, so x0/y0 are this step's spikes and every
 * product reads the traces as they stand). A spike therefore sees its own impulse: at t = 92, where pre and post fire
 * together, both products apply and nearly cancel (recorded -4).
 */
class EStdpRecordTest {
    private static final int[] PRE = {14, 27, 40, 53, 66, 79, 92};
    private static final int[] RECORD_T = {14, 22, 27, 32, 40, 42, 52, 53, 62, 66, 72, 79, 82, 92};
    private static final int[] RECORD_DW = {-48, 10, -26, 24, -10, 50, 6, -68, 8, -32, 18, -12, 38, -4};
    /** Example L4's model means under exp decay with stochastic rounding (the research note's Monte Carlo). */
    private static final double[] DOC_MEANS = {-48.5, 10.8, -24.8, 23.8, -11.8, 50.5, 4.1, -67.9, 8.8, -32.0, 18.6,
        -15.1, 39.3, -3.9};
    private static final int RUNS = 10_000;

    private static boolean contains(int[] times, int t) {
        for (int x : times) {
            if (x == t) {
                return true;
            }
        }
        return false;
    }

    /** One run; writes the weight change of every recorded step into {@code dw}. */
    private static void run(SplitMix64 traceRandom, SplitMix64 synapseRandom, int[] dw) {
        TraceProfile pre = new TraceProfile(40, 4);
        TraceProfile post = new TraceProfile(40, 4);
        ProductSeries rule = ProductSeries.parse("2*x1*y0 - 2*y1*x0");
        int[] vars = new int[RuleVariable.values().length];
        int x1 = 0;
        int y1 = 0;
        int w = 50;
        int k = 0;
        for (int t = 1; t <= 92; t++) {
            x1 = pre.decay(x1, traceRandom);
            y1 = post.decay(y1, traceRandom);
            boolean x0 = contains(PRE, t);
            boolean y0 = t % 10 == 2 && t >= 12;    // relay fires at 11, 21, ..., 91: bAP one step later
            if (x0) {
                x1 = pre.impulse(x1, traceRandom);
            }
            if (y0) {
                y1 = post.impulse(y1, traceRandom);
            }
            if (!x0 && !y0) {
                continue;
            }
            vars[RuleVariable.X0.ordinal()] = x0 ? 1 : 0;
            vars[RuleVariable.Y0.ordinal()] = y0 ? 1 : 0;
            vars[RuleVariable.X1.ordinal()] = x1;
            vars[RuleVariable.Y1.ordinal()] = y1;
            vars[RuleVariable.W.ordinal()] = w;
            // default prototype: mixed sign, 8 weight bits -> lsb = 8 - (8 - 1) = 1, range -256..254
            int next = ProductSeries.round(rule.accumulate(w, vars), 1, -256, 254, synapseRandom);
            if (t == 12) {
                assertEquals(w, next, "no pre trace yet at the first post spike");
            } else {
                assertEquals(RECORD_T[k], t);
                dw[k++] = next - w;
            }
            w = next;
        }
        assertEquals(RECORD_T.length, k);
    }

    @Test
    void recordedHardwareRunIsLikelyUnderTheModel() {
        int n = RECORD_T.length;
        long[] sum = new long[n];
        int[] hits = new int[n];
        int[] dw = new int[n];
        for (int r = 0; r < RUNS; r++) {
            SplitMix64 traceRandom = new SplitMix64(SplitMix64.derive(18, r));
            SplitMix64 synapseRandom = new SplitMix64(r);
            long synapseState = synapseRandom.state();
            run(traceRandom, synapseRandom, dw);
            assertEquals(synapseState, synapseRandom.state(), "2*x1 and 2*y1 are exact: weight rounding never draws");
            for (int i = 0; i < n; i++) {
                assertEquals(0, dw[i] % 2, "mixed 8-bit weights change by even amounts");
                sum[i] += dw[i];
                hits[i] += dw[i] == RECORD_DW[i] ? 1 : 0;
            }
        }
        double deviation = 0;
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double mean = sum[i] / (double) RUNS;
            double p = hits[i] / (double) RUNS;
            deviation += Math.abs(mean - RECORD_DW[i]) / n;
            table.append(String.format(java.util.Locale.ROOT, "t=%d rec=%d mean=%.2f doc=%.1f p=%.3f%n",
                    RECORD_T[i], RECORD_DW[i], mean, DOC_MEANS[i], p));
            assertTrue(p >= 0.01, "recorded delta is unlikely:\n" + table);
            // example L4's means come from 4,000 runs with sd <= 1.9: 0.2 is > 5 standard errors of the difference
            assertEquals(DOC_MEANS[i], mean, 0.2, table.toString());
        }
        assertTrue(deviation <= 1.5, "mean |model mean - record| = " + deviation + "\n" + table);
    }
}
