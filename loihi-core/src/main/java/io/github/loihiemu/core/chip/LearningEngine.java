package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.learning.ProductSeries;

import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.learning.LearningRuleSpec.Trace;
import io.github.loihiemu.core.learning.RuleTarget;
import io.github.loihiemu.core.learning.TraceProfile;
import io.github.loihiemu.core.mapping.CoreLayout;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.synapse.WeightFormat;
import io.github.loihiemu.core.util.SplitMix64;

import java.util.List;

/**
 * The learning engine of one neurocore: it registers pre-synaptic spikes (per input axon), post-synaptic spikes
 * (per compartment with spike back-propagation) and reward spikes (per rule on this core), keeps their traces, and
 * in the learning phase of every epoch evaluates the rules of the plastic synapses.
 *
 * <p>Only synapses whose rule has a product with a satisfied dependency are visited: an axon that did not fire in
 * the epoch is skipped entirely unless its rule has y0- or u_k-gated products. A product's value is 0 when its
 * dependency is 0, so skipping changes nothing but the work done (and the learning-update count). Randomness (trace
 * and weight rounding) comes from this core's own generators.
 *
 * <p>Spike timing: a spike of step t is registered in step t (pre: at delivery; post: after the compartment update;
 * reward: at delivery), so a learning phase at t sees it, as the chip does. A second spike of the same axon or
 * compartment in one epoch is dropped for learning (the synaptic event itself is still delivered) and counted.
 * For tEpoch &gt; 1 every trace is sampled at the end of the epoch (a documented simplification).
 */
final class LearningEngine {
    private static final int VARS = RuleProgram.VARIABLE_COUNT;

    final int tEpoch;
    private final Neurocore core;
    private final int maxDelay;

    // per format (connection on this core): local rule index or -1, weight arithmetic
    private final int[] formatRule;
    private final int[] formatLsb;
    private final int[] formatMin;
    private final int[] formatMax;
    private final int[] formatGuard;     // +1 excitatory (acc >= 0), -1 inhibitory (acc <= 0), 0 mixed
    private final int[] formatTagMin;
    private final int[] formatTagMax;

    // per local rule
    private final RuleProgram[] dw;
    private final RuleProgram[] dd;
    private final RuleProgram[] dt;
    private final TraceProfile[][] preTrace;   // [rule][X1, X2]
    private final TraceProfile[] postTrace;    // Y1, Y2, Y3 (shared by the rules of this core)
    private final TraceProfile[] rewardTrace;  // R1 per rule
    private final boolean[] ruleNeedsAllSynapses;
    /** Rules whose every program changes nothing unless the post compartment spiked in the epoch. */
    private final boolean[] ruleRequiresPost;
    /** Only dw, it needs a post spike, and its product sum reads only per-axon variables (see learn). */
    private final boolean[] rulePerAxonSum;
    /** rulePerAxonSum and no pre trace among the factors: the sum is one number per rule, epoch and x0. */
    private final boolean[] rulePerRuleSum;
    /** Per rule and x0 (index 2r + x0): the sum cached in the current learning phase, and the epoch it is for. */
    private final long[] cachedSum;
    private final long[] cachedEpoch;
    private final boolean allRequirePost;
    private final boolean anyNeedsAll;
    /** Learning axons that registered a pre spike in epoch {@code spikedEpoch}, in arrival order. */
    private final int[] spiked;
    private int spikedCount;
    private long spikedEpoch = -1;
    private long postEpochSeen = -1;
    private int postSpikesInEpoch;
    /** Compartments registered as post events in epoch postEpochSeen, in registration order. */
    private final int[] postList;
    private boolean postListAscending;
    private final long[] rewardEpoch;
    private final int[] r1;

    // per input axon
    private final int[] learningAxons;
    /** Synapses on the learning axons: what a full scan of the plastic memory reads. */
    private final long plasticSynapses;
    private final long[] axonEpoch;
    private final int[] x1;
    private final int[] x2;

    // per compartment
    private final long[] postEpoch;
    private final int[] y1;
    private final int[] y2;
    private final int[] y3;
    private final boolean usesPostTraces;
    /** Whether a compartment is the target of a plastic synapse (only those register post events). */
    private final boolean[] plasticTarget;

    private final SplitMix64 traceRandom;
    private final SplitMix64 synapseRandom;
    private final int[] vars = new int[VARS];

    private LearningEngine(Neurocore core, List<CoreLayout.SynapseFormat> formats, List<Connection> connections,
                           List<LearningRuleSpec> rules, int[] localRuleOfGlobal, LearningRuleSpec[] localRules,
                           long seed) {
        this.core = core;
        this.maxDelay = Math.min(63, core.slotMask - 1);
        int nf = formats.size();
        formatRule = new int[nf];
        formatLsb = new int[nf];
        formatMin = new int[nf];
        formatMax = new int[nf];
        formatGuard = new int[nf];
        formatTagMin = new int[nf];
        formatTagMax = new int[nf];
        for (int f = 0; f < nf; f++) {
            Connection c = connections.get(formats.get(f).connection());
            LearningRuleSpec r = c.prototype().learningRule();
            formatRule[f] = r == null ? -1 : localRuleOfGlobal[rules.indexOf(r)];
            WeightFormat wf = formats.get(f).weightFormat();
            formatLsb[f] = wf.lsb();
            formatMin[f] = wf.minWeight();
            formatMax[f] = wf.maxWeight();
            formatGuard[f] = wf.signMode() == SignMode.EXCITATORY ? 1 : wf.signMode() == SignMode.INHIBITORY ? -1 : 0;
            int tagBits = c.prototype().numTagBits();
            formatTagMin[f] = tagBits == 0 ? 0 : -(1 << (tagBits - 1));
            formatTagMax[f] = tagBits == 0 ? 0 : (1 << (tagBits - 1)) - 1;
        }
        int nr = localRules.length;
        dw = new RuleProgram[nr];
        dd = new RuleProgram[nr];
        dt = new RuleProgram[nr];
        preTrace = new TraceProfile[nr][];
        rewardTrace = new TraceProfile[nr];
        ruleNeedsAllSynapses = new boolean[nr];
        ruleRequiresPost = new boolean[nr];
        rulePerAxonSum = new boolean[nr];
        rulePerRuleSum = new boolean[nr];
        cachedSum = new long[2 * nr];
        cachedEpoch = new long[2 * nr];
        java.util.Arrays.fill(cachedEpoch, -1);
        rewardEpoch = new long[nr];
        java.util.Arrays.fill(rewardEpoch, -1);
        r1 = new int[nr];
        int epoch = localRules[0].tEpoch();
        for (int r = 0; r < nr; r++) {
            LearningRuleSpec s = localRules[r];
            dw[r] = RuleProgram.of(s, RuleTarget.DW);
            dd[r] = RuleProgram.of(s, RuleTarget.DD);
            dt[r] = RuleProgram.of(s, RuleTarget.DT);
            preTrace[r] = new TraceProfile[] {TraceProfile.of(s, Trace.X1), TraceProfile.of(s, Trace.X2)};
            rewardTrace[r] = TraceProfile.of(s, Trace.R1);
            ruleNeedsAllSynapses[r] = needsAll(dw[r]) || needsAll(dd[r]) || needsAll(dt[r]);
            ruleRequiresPost[r] = requiresPost(dw[r]) && requiresPost(dd[r]) && requiresPost(dt[r]);
            rulePerAxonSum[r] = dw[r] != null && dd[r] == null && dt[r] == null && dw[r].sumIsPerAxon();
            rulePerRuleSum[r] = rulePerAxonSum[r] && !dw[r].readsPreTraces();
        }
        boolean all = true;
        for (boolean b : ruleRequiresPost) {
            all &= b;
        }
        allRequirePost = all;
        boolean needAll = false;
        for (boolean b : ruleNeedsAllSynapses) {
            needAll |= b;
        }
        anyNeedsAll = needAll;
        this.tEpoch = epoch;
        LearningRuleSpec first = localRules[0];
        postTrace = new TraceProfile[] {TraceProfile.of(first, Trace.Y1), TraceProfile.of(first, Trace.Y2),
                TraceProfile.of(first, Trace.Y3)};
        usesPostTraces = postTrace[0].active() || postTrace[1].active() || postTrace[2].active();

        int axons = core.axonCount();
        int count = 0;
        for (int a = 0; a < axons; a++) {
            if (formatRule[core.axonFormat[a]] >= 0) {
                count++;
            }
        }
        learningAxons = new int[count];
        count = 0;
        for (int a = 0; a < axons; a++) {
            if (formatRule[core.axonFormat[a]] >= 0) {
                learningAxons[count++] = a;
            }
        }
        spiked = new int[axons];
        axonEpoch = new long[axons];
        java.util.Arrays.fill(axonEpoch, -1);
        x1 = new int[axons];
        x2 = new int[axons];
        postList = new int[core.n];
        postEpoch = new long[core.n];
        java.util.Arrays.fill(postEpoch, -1);
        y1 = new int[core.n];
        y2 = new int[core.n];
        y3 = new int[core.n];
        plasticTarget = new boolean[core.n];
        long synapses = 0;
        for (int a : learningAxons) {
            synapses += core.axonInfo[2 * a + 2] - core.axonInfo[2 * a];
            for (int k = core.axonInfo[2 * a]; k < core.axonInfo[2 * a + 2]; k++) {
                plasticTarget[core.synapseTarget[k]] = true;
            }
        }
        plasticSynapses = synapses;
        traceRandom = new SplitMix64(SplitMix64.derive(seed, 2));
        synapseRandom = new SplitMix64(SplitMix64.derive(seed, 3));
    }

    private static boolean requiresPost(RuleProgram p) {
        return p == null || p.requiresPost();
    }

    private static boolean needsAll(RuleProgram p) {
        return p != null && (p.hasPostDependency() || p.hasEpochDependency());
    }

    /** Builds the engine of {@code core}, or returns null when no plastic synapse lives there. */
    static LearningEngine create(Neurocore core, CoreLayout layout, List<Connection> connections,
                                 List<LearningRuleSpec> rules, long seed) {
        int[] localOfGlobal = new int[rules.size()];
        java.util.Arrays.fill(localOfGlobal, -1);
        java.util.List<LearningRuleSpec> local = new java.util.ArrayList<>();
        for (CoreLayout.SynapseFormat f : layout.formats()) {
            LearningRuleSpec r = connections.get(f.connection()).prototype().learningRule();
            if (r != null && localOfGlobal[rules.indexOf(r)] < 0) {
                localOfGlobal[rules.indexOf(r)] = local.size();
                local.add(r);
            }
        }
        if (local.isEmpty()) {
            return null;
        }
        // the mapper's resource check has made sure that the rules of this core share tEpoch and post traces
        LearningEngine e = new LearningEngine(core, layout.formats(), connections, rules, localOfGlobal,
                local.toArray(new LearningRuleSpec[0]), seed);
        // reward axons of the layout refer to global rules
        int[] rewardRule = layout.rewardRule();
        e.rewardLocal = new int[rewardRule.length];
        for (int q = 0; q < rewardRule.length; q++) {
            e.rewardLocal[q] = localOfGlobal[rewardRule[q]];
        }
        return e;
    }

    private int[] rewardLocal = new int[0];

    private long epochOf(long t) {
        if (t == epochStep) {
            return epochOfStep;     // a long division per spike event was a tenth of the training time
        }
        epochStep = t;
        epochOfStep = (t + tEpoch - 1) / tEpoch;
        return epochOfStep;
    }

    /** The step whose epoch was computed last, and that epoch. */
    private long epochStep = Long.MIN_VALUE;
    private long epochOfStep;

    /** Start of step t: every trace decays by one step. */
    void beginStep(long t) {
        for (int r = 0; r < dw.length; r++) {
            if (r1[r] != 0) {
                r1[r] = rewardTrace[r].decay(r1[r], traceRandom);
            }
            TraceProfile t1 = preTrace[r][0];
            TraceProfile t2 = preTrace[r][1];
            if (t1.active() || t2.active()) {
                for (int a : learningAxons) {
                    if (formatRule[core.axonFormat[a]] != r) {
                        continue;
                    }
                    if (x1[a] != 0) {
                        x1[a] = t1.decay(x1[a], traceRandom);
                    }
                    if (x2[a] != 0) {
                        x2[a] = t2.decay(x2[a], traceRandom);
                    }
                }
            }
        }
        if (usesPostTraces) {
            for (int i = 0; i < core.n; i++) {
                if (y1[i] != 0) {
                    y1[i] = postTrace[0].decay(y1[i], traceRandom);
                }
                if (y2[i] != 0) {
                    y2[i] = postTrace[1].decay(y2[i], traceRandom);
                }
                if (y3[i] != 0) {
                    y3[i] = postTrace[2].decay(y3[i], traceRandom);
                }
            }
        }
    }

    /** Registers the post-synaptic spikes of step t (compartments with spike back-propagation). */
    void postSpikes(long t) {
        long e = epochOf(t);
        for (int k = 0; k < core.firedCount; k++) {
            int i = core.fired[k];
            if (!core.backprop[i] || !plasticTarget[i]) {
                continue;
            }
            if (postEpoch[i] == e) {
                ChipCharges ch = core.charges;
                (ch == null ? core.counters : ch.counters[ch.rangeOf[i]]).droppedLearningSpikes++;
                continue;
            }
            postEpoch[i] = e;
            if (postEpochSeen != e) {
                postEpochSeen = e;
                postSpikesInEpoch = 0;
                postListAscending = true;
            }
            if (postSpikesInEpoch > 0 && postList[postSpikesInEpoch - 1] > i) {
                postListAscending = false;
            }
            postList[postSpikesInEpoch++] = i;
            if (usesPostTraces) {
                y1[i] = postTrace[0].impulse(y1[i], traceRandom);
                y2[i] = postTrace[1].impulse(y2[i], traceRandom);
                y3[i] = postTrace[2].impulse(y3[i], traceRandom);
            }
        }
    }

    /** Registers a pre-synaptic spike on input axon {@code a} at step t. */
    void preSpike(int a, long t) {
        int r = formatRule[core.axonFormat[a]];
        if (r < 0) {
            return;
        }
        long e = epochOf(t);
        if (axonEpoch[a] == e) {
            if (core.charges == null) {
                core.counters.droppedLearningSpikes++;
            } else {
                core.charges.droppedPre(a);
            }
            return;
        }
        axonEpoch[a] = e;
        if (spikedEpoch != e) {
            spikedEpoch = e;
            spikedCount = 0;
        }
        spiked[spikedCount++] = a;
        x1[a] = preTrace[r][0].impulse(x1[a], traceRandom);
        x2[a] = preTrace[r][1].impulse(x2[a], traceRandom);
    }

    /** Registers a reward spike on reward axon {@code q} at step t. */
    void reward(int q, long t) {
        int r = rewardLocal[q];
        long e = epochOf(t);
        if (rewardEpoch[r] == e) {
            if (core.charges == null) {
                core.counters.droppedLearningSpikes++;
            } else {
                core.charges.droppedReward(q);
            }
            return;
        }
        rewardEpoch[r] = e;
        r1[r] = rewardTrace[r].impulse(r1[r], traceRandom);
    }

    /**
     * The weight updates of axon {@code a} for a rule whose product sum is one number per axon (post spike required,
     * no post trace, weight, delay or tag among its factors): the sum is evaluated once per axon (or once per rule
     * when no pre trace is a factor either), and only synapses whose post
     * compartment spiked are visited — through the epoch's post list when the axon's row is dense and the list is in
     * ascending order, so that synapses are still visited in ascending order (the stochastic-rounding draws, if any,
     * then fall exactly as in the plain loop). Returns the number of synapses updated.
     */
    private int learnPerAxonSum(int a, int f, long sum, long e) {
        final int from = core.axonInfo[2 * a];
        final int to = core.axonInfo[2 * a + 2];
        final int posts = postEpochSeen == e ? postSpikesInEpoch : 0;
        final int dense = Neurocore.denseTarget(core.axonInfo[2 * a + 1]);
        int updates = 0;
        final int[] rangeOf = core.charges == null ? null : core.charges.rangeOf;
        final long[] perRange = core.charges == null ? null : core.charges.updates;
        if (dense >= 0 && postListAscending && posts < to - from) {
            final int[] list = postList;
            final int len = to - from;
            for (int q = 0; q < posts; q++) {
                int k = list[q] - dense;
                if (k >= 0 && k < len) {
                    applyWeight(a, from + k, f, sum);
                    updates++;
                    if (rangeOf != null) {
                        perRange[rangeOf[list[q]]]++;
                    }
                }
            }
        } else {
            final char[] target = core.synapseTarget;
            final long[] postEpoch = this.postEpoch;
            for (int s = from; s < to; s++) {
                if (postEpoch[target[s]] == e) {
                    applyWeight(a, s, f, sum);
                    updates++;
                    if (rangeOf != null) {
                        perRange[rangeOf[target[s]]]++;
                    }
                }
            }
        }
        return updates;
    }

    private void applyWeight(int a, int s, int f, long sum) {
        storeWeight(a, s, f, ProductSeries.accumulateSum(core.synapseWeight[s], sum));
    }

    /**
     * Sign guard, rounding to the format and write-back of synapse s's new accumulator value {@code acc}; f is the
     * axon's weight format, or -1 when its synapses have formats of their own.
     */
    private void storeWeight(int a, int s, int f, int acc) {
        if (f < 0) {
            f = core.synapseFormat[s];
        }
        final short[] weight = core.synapseWeight;
        int guard = formatGuard[f];
        if (guard > 0) {
            acc = Math.max(0, acc);
        } else if (guard < 0) {
            acc = Math.min(0, acc);
        }
        int w = RuleProgram.round(acc, formatLsb[f], formatMin[f], formatMax[f], synapseRandom);
        if (w != weight[s]) {
            weight[s] = (short) w;
            core.refreshIncrement(a, s, f);
        }
    }

    /** The learning phase at step t (t mod tEpoch == 0). */
    void learn(long t) {
        final long e = t / tEpoch;
        final ChipCharges charges = core.charges;
        if (charges == null) {
            core.counters.plasticSynapsesAtEpoch = plasticSynapses;
        } else {
            charges.epoch();
        }
        if (allRequirePost && (postEpochSeen != e || postSpikesInEpoch == 0)) {
            return;     // no post spike on this core in the epoch: no rule here can change anything
        }
        final int[] vars = this.vars;
        for (int k = 0; k < RuleProgram.EPOCH_DEPENDENCIES; k++) {
            vars[RuleProgram.U0 + k] = (e & ((1L << k) - 1)) == 0 ? 1 : 0;
        }
        final int[] info = core.axonInfo;
        final char[] target = core.synapseTarget;
        final short[] weight = core.synapseWeight;
        final int[] delay = core.synapseDelay;
        final int[] tag = core.synapseTag;
        long updates = 0;
        // Without y0- or u_k-gated products only axons that fired in the epoch can change anything.
        final int[] axons = anyNeedsAll ? learningAxons : spiked;
        final int count = anyNeedsAll ? learningAxons.length : (spikedEpoch == e ? spikedCount : 0);
        for (int q = 0; q < count; q++) {
            int a = axons[q];
            int f = core.axonFormat[a];
            int r = formatRule[f];
            boolean pre = axonEpoch[a] == e;
            if (!pre && !ruleNeedsAllSynapses[r]) {
                continue;
            }
            vars[RuleProgram.X0] = pre ? 1 : 0;
            vars[RuleProgram.X1] = x1[a];
            vars[RuleProgram.X2] = x2[a];
            vars[RuleProgram.R0] = rewardEpoch[r] == e ? 1 : 0;
            vars[RuleProgram.R1] = r1[r];
            RuleProgram pw = dw[r];
            RuleProgram pd = dd[r];
            RuleProgram pt = dt[r];
            if (rulePerAxonSum[r]) {
                long sum;
                int key = 2 * r + (pre ? 1 : 0);
                if (rulePerRuleSum[r] && cachedEpoch[key] == e) {
                    sum = cachedSum[key];
                } else {
                    vars[RuleProgram.Y0] = 1;
                    sum = pw.productSum(vars);
                    cachedSum[key] = sum;
                    cachedEpoch[key] = rulePerRuleSum[r] ? e : -1;
                }
                updates += learnPerAxonSum(a, core.axonWeightFormat[a], sum, e);
                continue;
            }
            boolean variableDelay = core.variableDelay(a);
            boolean needPost = ruleRequiresPost[r];
            int fw = core.axonWeightFormat[a];
            for (int s = info[2 * a], end = info[2 * a + 2]; s < end; s++) {
                int post = target[s];
                if (needPost && postEpoch[post] != e) {
                    continue;   // every product has y0 as a factor: nothing to change
                }
                vars[RuleProgram.Y0] = postEpoch[post] == e ? 1 : 0;
                vars[RuleProgram.Y1] = y1[post];
                vars[RuleProgram.Y2] = y2[post];
                vars[RuleProgram.Y3] = y3[post];
                vars[RuleProgram.W] = weight[s];
                vars[RuleProgram.D] = delay[s];
                vars[RuleProgram.T] = tag[s];
                updates++;
                if (charges != null) {
                    charges.updates[charges.rangeOf[post]]++;
                }
                if (pw != null) {
                    storeWeight(a, s, fw, pw.accumulate(weight[s], vars));
                }
                if (pd != null) {
                    delay[s] = RuleProgram.round(pd.accumulate(delay[s], vars), 0, 0, maxDelay, synapseRandom);
                    if (!variableDelay) {
                        core.markVariableDelay(a);
                        variableDelay = true;
                    }
                }
                if (pt != null) {
                    tag[s] = RuleProgram.round(pt.accumulate(tag[s], vars), 0, formatTagMin[f], formatTagMax[f],
                            synapseRandom);
                }
            }
        }
        if (charges == null) {
            core.counters.learningUpdates += updates;
        } else {
            charges.foldUpdates();
        }
    }
}
