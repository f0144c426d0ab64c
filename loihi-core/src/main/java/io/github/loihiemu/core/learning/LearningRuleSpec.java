package io.github.loihiemu.core.learning;

/**
 * A learning rule as NxSDK's {@code createLearningRule} takes it: sum-of-products strings for the weight ({@code dw}),
 * delay ({@code dd}) and tag ({@code dt}), the impulse and time constant of every trace, and the learning epoch.
 * Each rule string is parsed and checked once, by {@link Builder#build()}, and kept in its parsed form
 * ({@link #series(RuleTarget)}), which every core that holds the rule shares: a malformed or unrunnable rule fails
 * there with a {@link LearningRuleSyntaxException} (target, text, position and reason), never later.
 *
 * <p>One object is one rule: every connection that names it shares its reinforcement channel (the source connected
 * with {@code Network.connectReinforcement}).
 *
 * <p>Impulses are given in trace units with a 7-bit fraction (0 .. 127 + 127/128); time constants in timesteps,
 * where 0 means the trace holds its impulse only in the step of the spike.
 */
public final class LearningRuleSpec {
    /** The traces a rule can use, in the order of {@link #impulse(Trace)} and {@link #timeConstant(Trace)}. */
    public enum Trace { X1, X2, Y1, Y2, Y3, R1 }

    private final String dw;
    private final String dd;
    private final String dt;
    /** Parsed rules indexed by {@link RuleTarget#ordinal()}; null where the rule is not set. */
    private final ProductSeries[] series = new ProductSeries[RuleTarget.values().length];
    private final double[] impulse;
    private final int[] timeConstant;
    private final int tEpoch;

    private LearningRuleSpec(Builder b) {
        this.dw = b.dw;
        this.dd = b.dd;
        this.dt = b.dt;
        this.impulse = b.impulse.clone();
        this.timeConstant = b.timeConstant.clone();
        this.tEpoch = b.tEpoch;
        // the only place outside tests where rule text is parsed: every later user shares these objects
        for (RuleTarget t : RuleTarget.values()) {
            String given = b.given[t.ordinal()];
            if (given != null) {
                series[t.ordinal()] = ProductSeries.parse(given, t, ProductSeries.DEFAULT_SCALE_WIDTH);
            }
        }
    }

    /** The weight rule, or null. */
    public String dw() {
        return dw;
    }

    /** The delay rule, or null. */
    public String dd() {
        return dd;
    }

    /** The tag rule, or null. */
    public String dt() {
        return dt;
    }

    /**
     * The parsed rule for {@code target}, or null when it is not set: one immutable object per spec, parsed from the
     * text as given to the builder (so its {@link ProductSeries#text()} keeps a prefix the setter accepted).
     */
    public ProductSeries series(RuleTarget target) {
        return series[target.ordinal()];
    }

    /** The impulse added to trace {@code trace} by one spike. */
    public double impulse(Trace trace) {
        return impulse[trace.ordinal()];
    }

    /** The time constant of trace {@code trace} in timesteps (0: the trace lasts one step). */
    public int timeConstant(Trace trace) {
        return timeConstant[trace.ordinal()];
    }

    /** The learning epoch: the learning phase runs at steps {@code t} with {@code t mod tEpoch == 0}. */
    public int tEpoch() {
        return tEpoch;
    }

    /**
     * Whether this rule provably never draws a random number on synapses of weight format {@code format} with
     * {@code tagBits} tag bits and delays up to {@code maxDelay}: every active trace has an integer impulse and lasts
     * one step (so it is 0 or its impulse, and decays without rounding), and each of dw, dd and dt rounds without a
     * draw ({@link ProductSeries#roundsWithoutDraws}). Such a rule gives the same results whichever core's random
     * stream it would have drawn from, which is what lets the emulator group cores for speed. Sufficient, not
     * necessary: false does not mean that a draw will happen.
     */
    public boolean drawsNothing(io.github.loihiemu.core.synapse.WeightFormat format, int tagBits, int maxDelay) {
        int vars = RuleVariable.values().length;
        int[] low = new int[vars];
        int[] high = new int[vars];
        for (RuleVariable v : RuleVariable.values()) {
            high[v.ordinal()] = 1;              // spike bits x0, y0, u0..u9, r0
        }
        for (Trace tr : Trace.values()) {
            TraceProfile p = TraceProfile.of(this, tr);
            if (p.impulseFrac() != 0 || (p.active() && p.tau() != 0)) {
                return false;
            }
            high[RuleVariable.valueOf(tr.name()).ordinal()] = p.impulseInt();
        }
        low[RuleVariable.W.ordinal()] = format.minWeight();
        high[RuleVariable.W.ordinal()] = format.maxWeight();
        high[RuleVariable.D.ordinal()] = maxDelay;
        int tagMin = tagBits == 0 ? 0 : -(1 << (tagBits - 1));
        int tagMax = tagBits == 0 ? 0 : (1 << (tagBits - 1)) - 1;
        low[RuleVariable.T.ordinal()] = tagMin;
        high[RuleVariable.T.ordinal()] = tagMax;
        ProductSeries w = series(RuleTarget.DW);
        ProductSeries d = series(RuleTarget.DD);
        ProductSeries t = series(RuleTarget.DT);
        return (w == null || w.roundsWithoutDraws(format.lsb(), format.minWeight(), format.maxWeight(), low, high))
                && (d == null || d.roundsWithoutDraws(0, 0, maxDelay, low, high))
                && (t == null || t.roundsWithoutDraws(0, tagMin, tagMax, low, high));
    }

    /** Whether two rules agree on the post-synaptic traces (y1, y2, y3), which compartments share on the chip. */
    public boolean sharesPostTracesWith(LearningRuleSpec o) {
        for (Trace tr : new Trace[] {Trace.Y1, Trace.Y2, Trace.Y3}) {
            if (impulse(tr) != o.impulse(tr) || timeConstant(tr) != o.timeConstant(tr)) {
                return false;
            }
        }
        return true;
    }

    /** A builder; at least one of dw, dd, dt must be set. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LearningRuleSpec[");
        if (dw != null) {
            s.append("dw=").append(dw).append(' ');
        }
        if (dd != null) {
            s.append("dd=").append(dd).append(' ');
        }
        if (dt != null) {
            s.append("dt=").append(dt).append(' ');
        }
        return s.append("tEpoch=").append(tEpoch).append(']').toString();
    }

    /** Fluent builder with NxSDK's defaults: impulses 0, time constants 1, tEpoch 1. */
    public static final class Builder {
        private String dw;
        private String dd;
        private String dt;
        /** The texts as given to the setters, which syntax-error positions index; by {@link RuleTarget#ordinal()}. */
        private final String[] given = new String[RuleTarget.values().length];
        private final double[] impulse = new double[Trace.values().length];
        private final int[] timeConstant = {1, 1, 1, 1, 1, 1};
        private int tEpoch = 1;

        private Builder() {
        }

        /**
         * The weight rule, e.g. {@code "2*x1*y0 - 2*y1*x0"}; a leading {@code dw=} is accepted, a prefix naming
         * another target is rejected.
         */
        public Builder dw(String rule) {
            dw = strip(rule, RuleTarget.DW);
            given[RuleTarget.DW.ordinal()] = rule;
            return this;
        }

        /** The delay rule; a leading {@code dd=} is accepted, a prefix naming another target is rejected. */
        public Builder dd(String rule) {
            dd = strip(rule, RuleTarget.DD);
            given[RuleTarget.DD.ordinal()] = rule;
            return this;
        }

        /** The tag rule; a leading {@code dt=} is accepted, a prefix naming another target is rejected. */
        public Builder dt(String rule) {
            dt = strip(rule, RuleTarget.DT);
            given[RuleTarget.DT.ordinal()] = rule;
            return this;
        }

        private static final java.util.regex.Pattern TARGET_PREFIX =
                java.util.regex.Pattern.compile("([A-Za-z0-9]+)\\s*=");

        /** The rule without whitespace around it and without a prefix naming {@code target}. */
        private static String strip(String rule, RuleTarget target) {
            if (rule == null) {
                throw new IllegalArgumentException("learning rule: " + target.symbol() + " must not be null");
            }
            String r = rule.strip();
            java.util.regex.Matcher prefix = TARGET_PREFIX.matcher(r);
            if (prefix.lookingAt()) {
                RuleTarget named = RuleTarget.ofSymbol(prefix.group(1));
                if (named == target) {
                    return r.substring(prefix.end()).strip();
                }
                if (named != null) {
                    // otherwise "dd=..." passed to dw() would silently change weights; an unknown prefix is left
                    // for the parser, which reports it at build()
                    throw new LearningRuleSyntaxException(target, rule, rule.length() - rule.stripLeading().length(),
                            ProductSeries.wrongTarget(named, target));
                }
            }
            return r;
        }

        /** Impulse of {@code trace}: 0 &lt;= value &lt; 128, resolution 1/128. */
        public Builder impulse(Trace trace, double value) {
            if (!(value >= 0 && value < 128)) {
                throw new IllegalArgumentException(
                        "learning rule: " + trace.name().toLowerCase() + "Impulse = " + value + " is outside [0, 128)");
            }
            impulse[trace.ordinal()] = value;
            return this;
        }

        /** Time constant of {@code trace} in timesteps, 0..4095 (0: the trace lasts only its spike's step). */
        public Builder timeConstant(Trace trace, int steps) {
            if (steps < 0 || steps > 4095) {
                throw new IllegalArgumentException("learning rule: " + trace.name().toLowerCase()
                        + "TimeConstant = " + steps + " is outside 0..4095");
            }
            timeConstant[trace.ordinal()] = steps;
            return this;
        }

        /** Shorthand for x1Impulse and x1TimeConstant. */
        public Builder x1(double impulse, int timeConstant) {
            return impulse(Trace.X1, impulse).timeConstant(Trace.X1, timeConstant);
        }

        /** Shorthand for x2Impulse and x2TimeConstant. */
        public Builder x2(double impulse, int timeConstant) {
            return impulse(Trace.X2, impulse).timeConstant(Trace.X2, timeConstant);
        }

        /** Shorthand for y1Impulse and y1TimeConstant. */
        public Builder y1(double impulse, int timeConstant) {
            return impulse(Trace.Y1, impulse).timeConstant(Trace.Y1, timeConstant);
        }

        /** Shorthand for y2Impulse and y2TimeConstant. */
        public Builder y2(double impulse, int timeConstant) {
            return impulse(Trace.Y2, impulse).timeConstant(Trace.Y2, timeConstant);
        }

        /** Shorthand for y3Impulse and y3TimeConstant. */
        public Builder y3(double impulse, int timeConstant) {
            return impulse(Trace.Y3, impulse).timeConstant(Trace.Y3, timeConstant);
        }

        /** Shorthand for r1Impulse and r1TimeConstant (the reward trace). */
        public Builder r1(double impulse, int timeConstant) {
            return impulse(Trace.R1, impulse).timeConstant(Trace.R1, timeConstant);
        }

        /** The learning epoch, 1..63. */
        public Builder tEpoch(int steps) {
            if (steps < 1 || steps > 63) {
                throw new IllegalArgumentException("learning rule: tEpoch = " + steps + " is outside 1..63");
            }
            tEpoch = steps;
            return this;
        }

        /**
         * Builds the rule, parsing and checking each rule string once.
         *
         * @throws LearningRuleSyntaxException if a rule string is malformed or cannot run on the chip (unknown
         *         variable, missing operand, unbalanced parenthesis, constant out of range, product without a
         *         dependency, two different u_k, ...), with the target, the text and the position
         */
        public LearningRuleSpec build() {
            if (dw == null && dd == null && dt == null) {
                throw new IllegalArgumentException("learning rule: none of dw, dd, dt is set");
            }
            return new LearningRuleSpec(this);
        }
    }
}
