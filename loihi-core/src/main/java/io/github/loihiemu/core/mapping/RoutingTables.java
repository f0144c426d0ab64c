package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mapper step 4, routing: the reward axons of every core (one per learning rule with plastic synapses there), the
 * output axons of every compartment and generator port in CSR form, and each core's output-axon count.
 */
final class RoutingTables {
    /** Per core slot: the rule index of each reward axon. */
    final IntList[] rewardRule;
    final MappingPlan.Routing[] groupRouting;
    final MappingPlan.Routing[] generatorRouting;
    final int[] outputAxons;

    RoutingTables(Network network, CoreAssignment cores, AxonLayout axons, List<LearningRuleSpec> rules) {
        int coreCount = cores.coreCount();
        rewardRule = new IntList[coreCount];
        for (int s = 0; s < coreCount; s++) {
            rewardRule[s] = new IntList();
            Set<Integer> seen = new HashSet<>();
            for (int a = 0; a < axons.axonConnection[s].size(); a++) {
                LearningRuleSpec r = network.connections().get(axons.axonConnection[s].get(a)).prototype()
                        .learningRule();
                if (r != null && seen.add(rules.indexOf(r))) {
                    rewardRule[s].add(rules.indexOf(r));
                }
            }
        }
        for (Network.Reinforcement link : network.reinforcements()) {
            int r = rules.indexOf(link.rule());
            if (r < 0) {
                continue; // a rule that no connection uses has nothing to reinforce
            }
            IntList[] out = axons.outputs.computeIfAbsent(link.source(), k -> AxonLayout.pairLists(k.size()));
            for (int s = 0; s < coreCount; s++) {
                for (int q = 0; q < rewardRule[s].size(); q++) {
                    if (rewardRule[s].get(q) == r) {
                        out[link.index()].add(s);
                        out[link.index()].add(-(q + 1));
                    }
                }
            }
        }
        List<CompartmentGroup> groups = network.groups();
        groupRouting = new MappingPlan.Routing[groups.size()];
        generatorRouting = new MappingPlan.Routing[network.generators().size()];
        outputAxons = new int[coreCount];
        for (CompartmentGroup g : groups) {
            MappingPlan.Routing r = routing(axons.outputs.get(g), g.size());
            groupRouting[g.index()] = r;
            for (int i = 0; i < g.size(); i++) {
                outputAxons[cores.groupCoreSlot[g.index()][i]] += r.start()[i + 1] - r.start()[i];
            }
        }
        for (SpikeGenerator gen : network.generators()) {
            generatorRouting[gen.index()] = routing(axons.outputs.get(gen), gen.size());
        }
    }

    /** Output axons per compartment of group g, as the exact estimate for re-packing. */
    int[] outputsPerCompartment(CompartmentGroup g) {
        int[] start = groupRouting[g.index()].start();
        int[] n = new int[g.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = start[i + 1] - start[i];
        }
        return n;
    }

    private static MappingPlan.Routing routing(IntList[] out, int size) {
        int[] start = new int[size + 1];
        int total = 0;
        for (int i = 0; i < size; i++) {
            start[i] = total;
            total += out == null ? 0 : out[i].size() / 2;
        }
        start[size] = total;
        int[] core = new int[total];
        int[] axon = new int[total];
        int k = 0;
        for (int i = 0; out != null && i < size; i++) {
            for (int q = 0; q < out[i].size(); q += 2) {
                core[k] = out[i].get(q);
                axon[k++] = out[i].get(q + 1);
            }
        }
        return new MappingPlan.Routing(start, core, axon);
    }
}
