package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;

import java.util.List;

/**
 * Mapper step 5, the one resource check: every per-core and per-board limit of {@link Limits}, the dendritic
 * accumulators' delay limit, the per-core registers that groups must agree on, and every learning-rule constraint that
 * depends on where rules land (tEpoch and the post-synaptic traces are per core). A network that breaks one fails
 * here, before any timestep, naming the core, the resource, the need and the limit.
 */
final class ResourceCheck {
    private final Network network;
    private final MappingConfig config;

    ResourceCheck(Network network, MappingConfig config) {
        this.network = network;
        this.config = config;
    }

    /** Before placement: what the description alone can break. */
    void checkNetwork() {
        if (network.groups().isEmpty()) {
            throw new IllegalArgumentException("the network has no compartment groups to map");
        }
        for (Connection c : network.connections()) {
            if (c.maxDelay() > config.maxDelay()) {
                throw new IllegalArgumentException("connection " + c.source().name() + " -> " + c.target().name()
                        + ": delay " + c.maxDelay() + " exceeds " + config.maxDelay()
                        + " = dendritic accumulators (" + config.dendriticAccumulators() + ") - 2");
            }
        }
    }

    /** After placement: compartments per core, per-core settings, and the number of chips. */
    void checkAssignment(CoreAssignment cores) {
        List<CompartmentGroup> groups = network.groups();
        for (int s = 0; s < cores.coreCount(); s++) {
            int[] group = cores.compartmentGroup[s];
            CompartmentPrototype first = groups.get(group[0]).prototype();
            for (int g : group) {
                if (!groups.get(g).prototype().sharesCoreSettingsWith(first)) {
                    throw new IllegalArgumentException("core " + cores.coreIds[s] + ": groups "
                            + groups.get(group[0]).name() + " and " + groups.get(g).name()
                            + " disagree on per-core settings (voltage limits or noise); place them on different cores");
                }
            }
            if (group.length > Limits.COMPARTMENTS_PER_CORE) {
                throw new ResourceLimitException(cores.coreIds[s], "compartments", group.length,
                        Limits.COMPARTMENTS_PER_CORE, null);
            }
        }
        int last = cores.coreIds[cores.coreCount() - 1];
        if (last >= config.maxChips() * Limits.CORES_PER_CHIP) {
            throw new ResourceLimitException(-1, "cores", last + 1L,
                    (long) config.maxChips() * Limits.CORES_PER_CHIP, "highest core id " + last + ", "
                    + config.maxChips() + " chip" + (config.maxChips() == 1 ? "" : "s") + " of 128 cores"
                    + " (MappingConfig.maxChips)");
        }
    }

    /**
     * After the layout and routing: input axons, output axons, synaptic memory and the learning rules of core slot
     * s. An output-axon overflow is returned (not thrown) so that the mapper can re-pack; null when the core fits.
     */
    ResourceLimitException checkCore(int s, CoreAssignment cores, AxonLayout axons, RoutingTables routing,
                                     List<LearningRuleSpec> rules) {
        int id = cores.coreIds[s];
        int inputs = inputAxons(s, axons, routing);
        if (inputs > Limits.INPUT_AXONS_PER_CORE) {
            throw new ResourceLimitException(id, "input axons", inputs, Limits.INPUT_AXONS_PER_CORE,
                    "one per (connection, source) with synapses here, plus one per reward channel");
        }
        if (routing.outputAxons[s] > Limits.OUTPUT_AXONS_PER_CORE) {
            return new ResourceLimitException(id, "output axons", routing.outputAxons[s],
                    Limits.OUTPUT_AXONS_PER_CORE, null);
        }
        if (axons.synapseBits[s] > Limits.SYNAPSE_BITS_PER_CORE) {
            throw new ResourceLimitException(id, "synaptic memory bits", axons.synapseBits[s],
                    Limits.SYNAPSE_BITS_PER_CORE, axons.synapseCount[s] + " synapses on "
                            + axons.axonConnection[s].size() + " axons");
        }
        checkLearningRules(id, s, axons);
        return null;
    }

    static int inputAxons(int s, AxonLayout axons, RoutingTables routing) {
        return axons.axonConnection[s].size() + routing.rewardRule[s].size();
    }

    /** The rules of one core share its tEpoch register and its compartments' post-synaptic trace settings. */
    private void checkLearningRules(int coreId, int s, AxonLayout axons) {
        LearningRuleSpec first = null;
        for (int a = 0; a < axons.axonConnection[s].size(); a++) {
            LearningRuleSpec r = network.connections().get(axons.axonConnection[s].get(a)).prototype()
                    .learningRule();
            if (r == null || r == first) {
                continue;
            }
            if (first == null) {
                first = r;
            } else if (first.tEpoch() != r.tEpoch()) {
                throw new IllegalArgumentException("core " + coreId + ": learning rules with tEpoch "
                        + first.tEpoch() + " and " + r.tEpoch() + " share the core; tEpoch is a per-core register");
            } else if (!r.sharesPostTracesWith(first)) {
                throw new IllegalArgumentException("core " + coreId + ": learning rules " + first + " and " + r
                        + " disagree on the post-synaptic traces (y1..y3), which the core's compartments share");
            }
        }
    }

    /** The greedy packer's verdict on a compartment that does not fit even an empty core. */
    static ResourceLimitException aloneDoesNotFit(int core, int entries, long bits, int index, CompartmentGroup g) {
        boolean axons = entries > Limits.INPUT_AXONS_PER_CORE;
        return new ResourceLimitException(core, axons ? "input axons" : "synaptic memory bits",
                axons ? entries : bits, axons ? Limits.INPUT_AXONS_PER_CORE : Limits.SYNAPSE_BITS_PER_CORE,
                "compartment " + index + " of " + g.name() + " alone does not fit an empty core");
    }
}
