package io.github.loihiemu.core.learning;

import io.github.loihiemu.core.util.SplitMix64;

/**
 * The arithmetic of one 7-bit learning trace (x1, x2, y1, y2, y3 or r1): docs/loihi-semantics.md, "Learning engine".
 *
 * <pre>
 * impulse: v = min(127, v + impulseInt + [U &lt; impulseFrac / 128])      impulseFrac = floor(128 * frac(impulse))
 * decay:   p = v * f,  v = (p &gt;&gt; 16) + [U &lt; (p &amp; 0xFFFF) / 2^16]        f = round(2^16 * exp(-1/tau))
 * </pre>
 *
 * Decay is {@code exp(-1/tau)}, not the {@code 1 - 1/tau} of Brian2Loihi: the exponential fits the chip's recorded
 * E-STDP run (example L4 of docs/loihi-semantics.md, "Worked examples"), the linear law gives half of its records a
 * probability below 0.001. {@code tau = 0} keeps the impulse for the step of the spike only: the next decay returns 0.
 * The factor is computed once with {@code StrictMath}, so every JVM gives the same bits.
 *
 * <p>A uniform number U is drawn only when the fraction it decides is non-zero (7 bits for the impulse, 16 for the
 * decay), so integer impulses and a zero trace consume no randomness. The order within a timestep is the caller's;
 * docs/loihi-semantics.md gives it as decay, then the impulses of the step's spikes, then the rule, so that a spike's
 * own impulse is visible to the rule in its step (Brian2Loihi and lava agree), and this package's L4 test does the
 * same.
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

    /**
     * {@code steps} timesteps of decay of {@code value}, one {@link #decay(int, SplitMix64)} after the other (so the
     * same draws as a per-step loop); stops early once the trace is 0, which draws nothing. Stochastic rounding at
     * every step has no closed form over k steps, hence the loop.
     */
    public int decay(int value, int steps, SplitMix64 rng) {
        for (int k = 0; k < steps && value != 0; k++) {
            value = decay(value, rng);
        }
        return value;
    }

    /** Integer part of the impulse, 0..127. */
    public int impulseInt() {
        return impulseInt;
    }

    /** Fraction of the impulse in 1/128 units, {@code floor(128 * frac)}, 0..127. */
    public int impulseFrac() {
        return impulseFrac;
    }

    /** The time constant in timesteps; 0 means the trace lasts one step. */
    public int tau() {
        return tau;
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
