package io.github.loihiemu.core.learning;

import io.github.loihiemu.core.util.SplitMix64;

/**
 * The arithmetic of one 7-bit learning trace (x1, x2, y1, y2, y3 or r1): a spike adds the impulse (integer part plus a
 * 7-bit fraction resolved by stochastic rounding) and saturates at 127; every timestep the trace decays by
 * {@code exp(-1/tau)} with stochastic rounding (the decay law that fits the chip's recorded E-STDP run, section 5.3);
 * {@code tau = 0} keeps the impulse for the step of the spike only.
 *
 * <p>The decay factor is computed once, with {@code StrictMath}, as a Q16 integer, so every JVM gives the same bits.
 */
public final class TraceProfile {
    private static final int MAX = 127;

    private final int impulseInt;
    private final int impulseFrac;
    private final int tau;
    private final long factorQ16;

    /** @param impulse 0 &lt;= impulse &lt; 128; @param tau time constant in steps, 0 = one-step trace */
    public TraceProfile(double impulse, int tau) {
        if (!(impulse >= 0 && impulse < 128)) {
            throw new IllegalArgumentException("trace impulse " + impulse + " is outside [0, 128)");
        }
        if (tau < 0) {
            throw new IllegalArgumentException("trace time constant " + tau + " is negative");
        }
        this.impulseInt = (int) Math.floor(impulse);
        this.impulseFrac = (int) Math.floor((impulse - impulseInt) * 128);
        this.tau = tau;
        this.factorQ16 = tau == 0 ? 0 : Math.round(StrictMath.exp(-1.0 / tau) * 65536.0);
    }

    /** The profile of {@code trace} in {@code spec}. */
    public static TraceProfile of(LearningRuleSpec spec, LearningRuleSpec.Trace trace) {
        return new TraceProfile(spec.impulse(trace), spec.timeConstant(trace));
    }

    /** Whether a spike changes the trace at all (impulse &gt; 0). */
    public boolean active() {
        return impulseInt > 0 || impulseFrac > 0;
    }

    /** The decay factor exp(-1/tau) in Q16. */
    public long factorQ16() {
        return factorQ16;
    }

    /** One timestep of decay of {@code value}, stochastically rounded; draws only on a non-zero fraction. */
    public int decay(int value, SplitMix64 rng) {
        if (tau == 0) {
            return 0;
        }
        long prod = value * factorQ16;
        int base = (int) (prod >>> 16);
        int frac = (int) (prod & 0xFFFF);
        if (frac != 0 && rng.nextBits(16) < frac) {
            base++;
        }
        return base;
    }

    /** {@code value} plus one impulse, saturating at 127; draws only when the impulse has a fraction. */
    public int impulse(int value, SplitMix64 rng) {
        int add = impulseInt;
        if (impulseFrac != 0 && rng.nextBits(7) < impulseFrac) {
            add++;
        }
        return Math.min(MAX, value + add);
    }
}
