package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.util.VectorSupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mapper step 6 (optional): the compute layout. Runs of neighbouring chip cores become one compute core, so that a
 * spike reaches one input axon per compute core instead of one per chip core; a placement that spreads every group
 * thinly over many cores (the nBP authors' 6 compartments per group per core) then costs the emulator about what a
 * packed one does. The chip layout stays what users see and what every counter is charged to.
 *
 * <p>Only cores whose results provably do not depend on the grouping are merged: no compartment with noise (each
 * core draws its own noise), the same per-core settings (voltage limits), the same set of learning rules, and rules
 * that never draw a random number ({@link LearningRuleSpec#drawsNothing}); a rule's traces are per axon, so without
 * draws every chip core's copy of an axon's trace holds the same value as the compute core's one copy.
 */
final class ComputeLayout {
    /**
     * Largest compute core on one thread: more compartments cut messages further (nBP, paper placement, one thread:
     * 0.47-0.55 ms per sample at 1,024, 0.41-0.42 at 2,048, 0.37-0.38 at 4,096, no better beyond).
     */
    static final int MAX_COMPARTMENTS = 4096;
    /**
     * Only chip cores with fewer compartments are merged: there a spike's many short rows are what costs (the nBP
     * authors' placement, networks whose cores are limited by input axons). Fuller cores already give long rows, and
     * running them on the merged kernel costs more than the messages it saves (CUBA's 400-compartment cores: 81 ms
     * per biological second merged against 61 ms).
     */
    static final int SMALL_CORE = 256;
    /**
     * Where the vector kernels run ({@link VectorSupport}), chip cores below this size whose compartments all share
     * decays, threshold and refractory delay (and do not forget their state every step) are merged too: the merged core
     * runs the uniform vector kernel, which keeps the activity flags at no cost, and a spike reaches one row instead of
     * one per chip core (CUBA's ten 400-compartment cores, one thread: 51-57 ms per biological second merged against
     * 62 ms core by core, both on the vector kernel).
     */
    static final int UNIFORM_CORE = 512;
    /**
     * Chip cores with fewer compartments on average are merged even when they share no sources: their per-step fixed
     * work (mailbox, counters, probes) outweighs their kernel (the paper placement's 14 synfire cores of 16-24).
     */
    static final int TINY_CORE = 64;
    /** Compute cores per worker thread that the size limit aims for, so that the threads can balance their share. */
    static final int PIECES_PER_THREAD = 1;
    /** Input axons of a compute core stay below the 15 bits a message carries. */
    static final int MAX_AXONS = 30_000;

    private ComputeLayout() {
    }

    /** The compute plan of the chip plan given by its parts, or null when no two cores can be merged. */
    static MappingPlan derive(Network network, MappingConfig config, List<LearningRuleSpec> rules,
                              CoreAssignment chip, CoreLayout[] layouts, AxonLayout chipAxons, int threads,
                              boolean synapseOrder) {
        String[] keys = new String[layouts.length];
        long mergeable = 0;
        for (int s = 0; s < layouts.length; s++) {
            int n = layouts[s].compartments();
            keys[s] = n < SMALL_CORE ? signature(network, config, rules, layouts[s])
                    : n < UNIFORM_CORE && VectorSupport.available() ? uniformSignature(network, config, rules,
                    layouts[s]) : null;
            mergeable += keys[s] == null ? 0 : layouts[s].compartments();
        }
        int cap = threads <= 1 ? MAX_COMPARTMENTS
                : (int) Math.min(MAX_COMPARTMENTS, (mergeable + PIECES_PER_THREAD * threads - 1)
                / (PIECES_PER_THREAD * threads));
        int[][] members = groups(keys, layouts, chipAxons, cap);
        if (members.length == layouts.length) {
            return null;
        }
        if (!synapseOrder) {
            // a plan for compileReleasing: the chip layout's synapses are not needed any more, and its lists must
            // go before the compute layout's are built, so that the synapses are never held twice
            for (int s = 0; s < layouts.length; s++) {
                chipAxons.release(s);
            }
        }
        // each compartment goes to the compute core of its chip core, in (group, index) order there as on any
        // core, so that a group spread thinly over many chip cores is contiguous again and its rows are dense
        int[] computeOf = new int[layouts.length];
        for (int k = 0; k < members.length; k++) {
            for (int s : members[k]) {
                computeOf[s] = k;
            }
        }
        int[][] coreOf = new int[chip.groupCoreSlot.length][];
        for (int g = 0; g < coreOf.length; g++) {
            int[] slot = chip.groupCoreSlot[g];
            coreOf[g] = new int[slot.length];
            for (int i = 0; i < slot.length; i++) {
                coreOf[g][i] = chip.coreIds[members[computeOf[slot[i]]][0]];
            }
        }
        CoreAssignment cores = new CoreAssignment(network.groups(), coreOf);
        AxonLayout axons = new AxonLayout(network.connections(), cores, synapseOrder);
        RoutingTables routing = new RoutingTables(network, cores, axons, rules);
        CoreLayout[] merged = new CoreLayout[cores.coreCount()];
        for (int s = 0; s < merged.length; s++) {
            merged[s] = Mapper.layout(s, cores, axons, routing, synapseOrder);
        }
        MappingPlan plan = new MappingPlan(network, config, merged, rules, cores.groupCoreSlot, cores.groupLocal,
                routing.groupRouting, routing.generatorRouting, axons.connectionSynapseCore,
                axons.connectionSynapseIndex, synapseOrder ? null : axons);
        plan.setMembers(members);
        return plan;
    }

    /**
     * Consecutive runs of mergeable chip slots with the same signature, within the size limits; a run is kept only if
     * it cuts the input axons (so the messages) of its chip cores by a quarter or more, else its cores run on their
     * own (the automatic placement's cores hold different groups, share no sources, and would only lose their own
     * kernels).
     */
    private static int[][] groups(String[] keys, CoreLayout[] layouts, AxonLayout axons, int cap) {
        List<int[]> out = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        // the run's input axons: one per (connection, source) however many of its chip cores that source reaches
        java.util.Set<Long> runAxons = new java.util.HashSet<>();
        long chipAxons = 0;
        String runKey = null;
        int runCompartments = 0;
        for (int s = 0; s < layouts.length; s++) {
            String key = keys[s];
            int n = layouts[s].compartments();
            boolean fits = key != null && key.equals(runKey) && nearerCap(runCompartments, n, cap)
                    && addAxons(runAxons, axons, s, layouts[s]);
            if (!fits) {
                flush(out, run, runAxons.size(), chipAxons, runCompartments);
                runAxons.clear();
                chipAxons = 0;
                runCompartments = 0;
                if (key != null) {
                    addAxons(runAxons, axons, s, layouts[s]);
                }
            }
            run.add(s);
            chipAxons += axons.axonConnection[s].size();
            runKey = key;
            runCompartments += n;
            if (key == null) {
                flush(out, run, 0, 0, 0);
                runKey = null;
            }
        }
        flush(out, run, runAxons.size(), chipAxons, runCompartments);
        return out.toArray(new int[0][]);
    }

    /**
     * Whether a run of {@code run} compartments takes a chip core of {@code n} more: while it stays within the cap, or
     * ends nearer the cap than without it (never beyond {@link #MAX_COMPARTMENTS}), so that the pieces of a network of
     * equal cores come out about equal (CUBA's ten cores of 364-409 on two threads: two pieces of 2,045 and 1,955
     * instead of 1,636, 1,636 and 728, which left one thread a third more work than the other).
     */
    static boolean nearerCap(int run, int n, int cap) {
        int with = run + n;
        return with <= cap || with <= MAX_COMPARTMENTS && with - cap < cap - run;
    }

    /**
     * Emits {@code run} as one compute core if that saves a quarter of its axons or its chip cores are tiny (each
     * core costs the emulator some fixed work per step), else one compute core per chip core.
     */
    private static void flush(List<int[]> out, List<Integer> run, long union, long chipAxons, int compartments) {
        if (run.size() > 1 && (4 * union <= 3 * chipAxons || compartments < TINY_CORE * run.size())) {
            out.add(run.stream().mapToInt(Integer::intValue).toArray());
        } else {
            for (int s : run) {
                out.add(new int[] {s});
            }
        }
        run.clear();
    }

    /**
     * Adds chip core s's input axons to {@code set} if the union stays within {@link #MAX_AXONS} (reward axons, one
     * per rule, are few); else leaves {@code set} as it was and returns false.
     */
    private static boolean addAxons(java.util.Set<Long> set, AxonLayout axons, int s, CoreLayout layout) {
        IntList conn = axons.axonConnection[s];
        IntList src = axons.axonSource[s];
        List<Long> added = new ArrayList<>();
        for (int a = 0; a < conn.size(); a++) {
            long key = ((long) conn.get(a) << 32) | (src.get(a) & 0xFFFFFFFFL);
            if (set.add(key)) {
                added.add(key);
            }
        }
        if (set.size() + layout.rewardRule().length > MAX_AXONS) {
            set.removeAll(added);
            return false;
        }
        return true;
    }

    /**
     * The key of a fuller chip core that may merge with its neighbours of the same key: every compartment with the
     * same decays (not both 4096), threshold and refractory delay, so that the merged core is uniform; null if not.
     */
    private static String uniformSignature(Network network, MappingConfig config, List<LearningRuleSpec> rules,
                                           CoreLayout layout) {
        String base = signature(network, config, rules, layout);
        if (base == null) {
            return null;
        }
        CompartmentPrototype p0 = network.groups().get(layout.compartmentGroup()[0]).prototype();
        if (p0.currentDecay() == 4096 && p0.voltageDecay() == 4096) {
            return null;
        }
        for (int g : layout.compartmentGroup()) {
            CompartmentPrototype p = network.groups().get(g).prototype();
            if (p.currentDecay() != p0.currentDecay() || p.voltageDecay() != p0.voltageDecay()
                    || p.threshold() != p0.threshold() || p.refractoryDelay() != p0.refractoryDelay()) {
                return null;
            }
        }
        return "uniform/" + p0.currentDecay() + "/" + p0.voltageDecay() + "/" + p0.threshold() + "/"
                + p0.refractoryDelay() + "/" + base;
    }

    /**
     * What must be equal for two chip cores to share a compute core (their voltage limits and their learning rules),
     * or null when the core must run on its own: a noisy compartment, or a rule that might draw.
     */
    private static String signature(Network network, MappingConfig config, List<LearningRuleSpec> rules,
                                    CoreLayout layout) {
        int[] group = layout.compartmentGroup();
        if (group.length == 0) {
            return null;
        }
        CompartmentPrototype p0 = network.groups().get(group[0]).prototype();
        int last = -1;
        for (int g : group) {
            if (g == last) {
                continue;
            }
            last = g;
            CompartmentPrototype p = network.groups().get(g).prototype();
            if (p.enableNoise() || !p.sharesCoreSettingsWith(p0)) {
                return null;
            }
        }
        int[] ruleSet = layout.rewardRule();
        Arrays.sort(ruleSet);
        for (CoreLayout.SynapseFormat f : layout.formats()) {
            Connection c = network.connections().get(f.connection());
            LearningRuleSpec r = c.prototype().learningRule();
            if (r != null && !r.drawsNothing(f.weightFormat(), c.prototype().numTagBits(),
                    Math.min(63, config.maxDelay()))) {
                return null;
            }
        }
        return p0.vMin() + "/" + p0.vMax() + "/" + Arrays.toString(ruleSet);
    }
}
