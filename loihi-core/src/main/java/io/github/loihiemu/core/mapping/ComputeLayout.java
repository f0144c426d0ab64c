package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;

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
     * Largest compute core: more compartments cut messages further but leave fewer pieces for the worker threads and
     * a larger accumulator per delivery (measured in docs/performance.md).
     */
    static final int MAX_COMPARTMENTS = 1024;
    /** Input axons of a compute core stay below the 15 bits a message carries. */
    static final int MAX_AXONS = 30_000;

    private ComputeLayout() {
    }

    /** The compute plan of the chip plan given by its parts, or null when no two cores can be merged. */
    static MappingPlan derive(Network network, MappingConfig config, List<LearningRuleSpec> rules,
                              CoreAssignment chip, CoreLayout[] layouts) {
        int[][] members = groups(network, config, rules, chip, layouts);
        if (members.length == layouts.length) {
            return null;
        }
        CoreAssignment cores = new CoreAssignment(network.groups(), chip, members);
        AxonLayout axons = new AxonLayout(network.connections(), cores, true);
        RoutingTables routing = new RoutingTables(network, cores, axons, rules);
        CoreLayout[] merged = new CoreLayout[cores.coreCount()];
        for (int s = 0; s < merged.length; s++) {
            merged[s] = Mapper.layout(s, cores, axons, routing, true);
        }
        MappingPlan plan = new MappingPlan(network, config, merged, rules, cores.groupCoreSlot, cores.groupLocal,
                routing.groupRouting, routing.generatorRouting, axons.connectionSynapseCore,
                axons.connectionSynapseIndex, null);
        plan.setMembers(members);
        return plan;
    }

    /** Consecutive runs of mergeable chip slots with the same signature, within the size limits. */
    private static int[][] groups(Network network, MappingConfig config, List<LearningRuleSpec> rules,
                                  CoreAssignment chip, CoreLayout[] layouts) {
        List<int[]> out = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        String runKey = null;
        int runCompartments = 0;
        int runAxons = 0;
        for (int s = 0; s < layouts.length; s++) {
            String key = signature(network, config, rules, layouts[s]);
            int n = layouts[s].compartments();
            int a = layouts[s].usage().inputAxons();
            boolean fits = key != null && key.equals(runKey) && runCompartments + n <= MAX_COMPARTMENTS
                    && runAxons + a <= MAX_AXONS;
            if (!fits && !run.isEmpty()) {
                out.add(run.stream().mapToInt(Integer::intValue).toArray());
                run.clear();
                runCompartments = 0;
                runAxons = 0;
            }
            run.add(s);
            runKey = key;
            runCompartments += n;
            runAxons += a;
            if (key == null) {
                out.add(new int[] {s});
                run.clear();
                runCompartments = 0;
                runAxons = 0;
            }
        }
        if (!run.isEmpty()) {
            out.add(run.stream().mapToInt(Integer::intValue).toArray());
        }
        return out.toArray(new int[0][]);
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
