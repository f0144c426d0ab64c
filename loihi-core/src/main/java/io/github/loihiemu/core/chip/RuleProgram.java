package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.learning.ProductSeries;
import io.github.loihiemu.core.learning.RuleTarget;
import io.github.loihiemu.core.learning.RuleVariable;
import io.github.loihiemu.core.util.SplitMix64;

/**
 * A rule as the learning engine of one core uses it: the spec's parsed product series, shared by every core that
 * holds the rule, and what it depends on. Nothing here parses or checks rule text; that happened when the spec was
 * built.
 */
final class RuleProgram {
    static final int VARIABLE_COUNT = RuleVariable.values().length;
    static final int X0 = RuleVariable.X0.ordinal();
    static final int Y0 = RuleVariable.Y0.ordinal();
    static final int U0 = RuleVariable.U0.ordinal();
    static final int EPOCH_DEPENDENCIES = 10;
    static final int X1 = RuleVariable.X1.ordinal();
    static final int X2 = RuleVariable.X2.ordinal();
    static final int Y1 = RuleVariable.Y1.ordinal();
    static final int Y2 = RuleVariable.Y2.ordinal();
    static final int Y3 = RuleVariable.Y3.ordinal();
    static final int R0 = RuleVariable.R0.ordinal();
    static final int R1 = RuleVariable.R1.ordinal();
    static final int W = RuleVariable.W.ordinal();
    static final int D = RuleVariable.D.ordinal();
    static final int T = RuleVariable.T.ordinal();

    private final ProductSeries series;
    private final boolean post;
    private final boolean epoch;
    private final boolean requiresPost;

    private RuleProgram(ProductSeries series) {
        this.series = series;
        this.post = series.uses(RuleVariable.Y0);
        this.epoch = series.usesEpochDependency();
        this.requiresPost = series.requires(RuleVariable.Y0);
    }

    /** The program of {@code spec}'s rule for {@code target}, or null when the spec has none. */
    static RuleProgram of(LearningRuleSpec spec, RuleTarget target) {
        ProductSeries series = spec.series(target);
        return series == null ? null : new RuleProgram(series);
    }

    /** The spec's parsed series this program evaluates. */
    ProductSeries series() {
        return series;
    }

    boolean hasPostDependency() {
        return post;
    }

    /** Whether the rule changes nothing on a synapse whose post compartment did not spike in the epoch. */
    boolean requiresPost() {
        return requiresPost;
    }

    boolean hasEpochDependency() {
        return epoch;
    }

    int accumulate(int value, int[] vars) {
        return series.accumulate(value, vars);
    }

    long productSum(int[] vars) {
        return series.productSum(vars);
    }

    /**
     * Whether, on a synapse whose post compartment spiked, the rule's products read only per-axon variables (pre
     * state, reward, epoch), so that their sum is one number per axon and epoch.
     */
    boolean readsPreTraces() {
        return series.references(RuleVariable.X1) || series.references(RuleVariable.X2);
    }

    boolean sumIsPerAxon() {
        if (!requiresPost) {
            return false;
        }
        for (RuleVariable v : new RuleVariable[] {RuleVariable.Y1, RuleVariable.Y2, RuleVariable.Y3, RuleVariable.W,
            RuleVariable.D, RuleVariable.T}) {
            if (series.references(v)) {
                return false;
            }
        }
        return true;
    }

    static int round(int acc, int lsb, int min, int max, SplitMix64 rng) {
        return ProductSeries.round(acc, lsb, min, max, rng);
    }
}
