package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a {@link Network} into a {@link MappingPlan}, in named steps:
 *
 * <ol>
 *   <li>{@link Placement}: the core of every compartment (explicit core ranges, or greedy packing);</li>
 *   <li>{@link CoreAssignment}: core slots and local compartment indices;</li>
 *   <li>{@link AxonLayout}: input axons, synapses and synapse formats per core, and their synaptic memory;</li>
 *   <li>{@link RoutingTables}: reward axons and the output routing of every compartment and generator port;</li>
 *   <li>{@link ResourceCheck}: every limit and every learning-rule constraint, then one {@link CoreLayout} per core.</li>
 * </ol>
 *
 * A network that does not fit fails here, before any timestep, with a {@link ResourceLimitException} naming the core,
 * the resource, the need and the limit (or an {@link IllegalArgumentException} for a constraint that is not an
 * amount). When the packer's output-axon estimate proves too low, the network is packed again with the exact counts.
 */
public final class Mapper {
    private static final Logger LOG = LoggerFactory.getLogger(Mapper.class);
    private static final int REPACK_ATTEMPTS = 5;

    private final Network network;
    private final MappingConfig config;
    private final ResourceCheck check;

    /** Whether the plan records each connection's synapse order (for reading and setting weights by connection). */
    private final boolean synapseOrder;
    /** Worker threads the plan will run on (sizes its compute layout). */
    private final int threads;

    private Mapper(Network network, MappingConfig config, boolean synapseOrder, int threads) {
        this.network = network;
        this.config = config;
        this.synapseOrder = synapseOrder;
        this.threads = threads;
        this.check = new ResourceCheck(network, config);
    }

    /** Maps {@code network} with {@code config}. */
    public static MappingPlan map(Network network, MappingConfig config) {
        if (network == null || config == null) {
            throw new IllegalArgumentException("map: network and config must not be null");
        }
        return new Mapper(network, config, true, 1).run();
    }

    /**
     * Maps {@code network} with {@code config} for a board that runs on {@code threads} worker threads: the compute
     * layout ({@link MappingPlan#compute()}) then leaves enough compute cores for the threads to share.
     */
    public static MappingPlan map(Network network, MappingConfig config, int threads) {
        if (network == null || config == null) {
            throw new IllegalArgumentException("map: network and config must not be null");
        }
        return new Mapper(network, config, true, threads).run();
    }

    /**
     * Maps {@code network} with {@code config}; with {@code synapseOrder} false the plan leaves out where each
     * connection's synapses went ({@link MappingPlan#connectionSynapseCore} and {@link
     * MappingPlan#connectionSynapseIndex} return null), 8 bytes per synapse that only reading or setting weights by
     * connection needs.
     */
    public static MappingPlan map(Network network, MappingConfig config, boolean synapseOrder) {
        return map(network, config, synapseOrder, 1);
    }

    /** As {@link #map(Network, MappingConfig, boolean)}, for a board that runs on {@code threads} worker threads. */
    public static MappingPlan map(Network network, MappingConfig config, boolean synapseOrder, int threads) {
        if (network == null || config == null) {
            throw new IllegalArgumentException("map: network and config must not be null");
        }
        return new Mapper(network, config, synapseOrder, threads).run();
    }

    /** Per core: the synapses of its plastic connections (what its learning engine reports at each epoch). */
    private static long[] plasticSynapses(Network network, AxonLayout axons) {
        long[] plastic = new long[axons.axonStart.length];
        for (int s = 0; s < plastic.length; s++) {
            IntList start = axons.axonStart[s];
            IntList conn = axons.axonConnection[s];
            for (int a = 0; a < conn.size(); a++) {
                if (network.connections().get(conn.get(a)).prototype().learningRule() != null) {
                    plastic[s] += start.get(a + 1) - start.get(a);
                }
            }
        }
        return plastic;
    }

    private MappingPlan run() {
        check.checkNetwork();
        List<LearningRuleSpec> rules = collectRules();
        Map<CompartmentGroup, int[]> estimate = null;
        for (int attempt = 0; ; attempt++) {
            long t0 = System.nanoTime();
            Placement placement = new Placement(network, config, estimate);
            CoreAssignment cores = new CoreAssignment(network.groups(), placement.place());
            check.checkAssignment(cores);
            long t1 = System.nanoTime();
            AxonLayout axons = new AxonLayout(network.connections(), cores, synapseOrder);
            long t2 = System.nanoTime();
            RoutingTables routing = new RoutingTables(network, cores, axons, rules);
            long t3 = System.nanoTime();
            CoreLayout[] layouts = new CoreLayout[cores.coreCount()];
            ResourceLimitException overflow = null;
            for (int s = 0; s < layouts.length && overflow == null; s++) {
                overflow = check.checkCore(s, cores, axons, routing, rules);
                if (overflow == null) {
                    // without the synapse order the plan is for one board, which takes each core's synapses as it
                    // builds the core (MappingPlan.handOver): until then they stay in the axon layout's lists, where
                    // uniform delays and formats take no memory
                    layouts[s] = layout(s, cores, axons, routing, synapseOrder);
                }
            }
            long t4 = System.nanoTime();
            if (overflow == null) {
                MappingPlan plan = new MappingPlan(network, config, layouts, rules, cores.groupCoreSlot,
                        cores.groupLocal, routing.groupRouting, routing.generatorRouting,
                        axons.connectionSynapseCore, axons.connectionSynapseIndex, synapseOrder ? null : axons);
                plan.setPlasticSynapses(plasticSynapses(network, axons));
                if (config.computeLayout()) {
                    MappingPlan compute = ComputeLayout.derive(network, config, rules, cores, layouts, axons, threads,
                            synapseOrder);
                    if (compute != null) {
                        plan.setCompute(compute);
                        plan.dropPending();     // the board is built from the compute plan's synapses
                    }
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("mapped {} cores: placement {} ms, axon layout {} ms, routing {} ms, checks and layouts"
                                    + " {} ms, compute layout {} ms (attempt {})", cores.coreCount(), ms(t1 - t0),
                            ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(System.nanoTime() - t4), attempt + 1);
                }
                return plan;
            }
            if (attempt == REPACK_ATTEMPTS || !placement.anyPacked()) {
                throw overflow;
            }
            estimate = exactOutputs(routing, estimate);
        }
    }

    /**
     * The exact output-axon counts of the last layout as the packer's next estimate; never lowered, because spreading
     * a group over more cores makes its sources reach more cores.
     */
    private Map<CompartmentGroup, int[]> exactOutputs(RoutingTables routing, Map<CompartmentGroup, int[]> before) {
        Map<CompartmentGroup, int[]> exact = new HashMap<>();
        for (CompartmentGroup g : network.groups()) {
            int[] now = routing.outputsPerCompartment(g);
            if (before != null) {
                int[] old = before.get(g);
                for (int i = 0; i < now.length; i++) {
                    now[i] = Math.max(now[i], old[i]);
                }
            }
            exact.put(g, now);
        }
        return exact;
    }

    /**
     * Core s's layout; with {@code synapses} false it has no axons and no synapses (its resource use is the full
     * one's), else it takes the axon layout's lists of core s, which must not be used afterwards.
     */
    static CoreLayout layout(int s, CoreAssignment cores, AxonLayout axons, RoutingTables routing,
                                     boolean synapses) {
        int[] none = new int[0];
        return new CoreLayout(cores.coreIds[s], cores.compartmentGroup[s], cores.compartmentIndex[s],
                synapses ? axons.axonStart[s].trimmed() : new int[] {0},
                synapses ? axons.axonConnection[s].trimmed() : none, synapses ? axons.axonSource[s].trimmed() : none,
                synapses ? axons.targetInts(s) : none, synapses ? axons.weightInts(s) : none,
                synapses ? axons.synapseDelay[s].trimmed() : none, synapses ? axons.formatInts(s) : none,
                axons.formats.get(s), routing.rewardRule[s].toArray(),
                new CoreLayout.ResourceUsage(cores.compartmentGroup[s].length,
                        ResourceCheck.inputAxons(s, axons, routing), routing.outputAxons[s], axons.synapseBits[s]));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private List<LearningRuleSpec> collectRules() {
        List<LearningRuleSpec> rules = new ArrayList<>();
        for (Connection c : network.connections()) {
            LearningRuleSpec r = c.prototype().learningRule();
            if (r != null && !rules.contains(r)) {
                rules.add(r);
            }
        }
        return rules;
    }
}
