package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.SpikeSource;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.WeightFormat;
import io.github.loihiemu.core.util.IntList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles a {@link Network} into a {@link MappingPlan}: places compartments on neurocores (explicit core ranges, or
 * greedy packing), lays out input axons and synapses per core, builds the output routing of every source, and checks
 * every per-core resource. A network that does not fit fails here, before any timestep, with a
 * {@link ResourceLimitException} naming the core, the resource, the need and the limit.
 */
public final class Mapper {
    private final Network network;
    private final MappingConfig config;
    private final List<CompartmentGroup> groups;
    private final List<Connection> connections;

    private Mapper(Network network, MappingConfig config) {
        this.network = network;
        this.config = config;
        this.groups = network.groups();
        this.connections = network.connections();
    }

    /** Maps {@code network} with {@code config}. */
    public static MappingPlan map(Network network, MappingConfig config) {
        if (network.groups().isEmpty()) {
            throw new IllegalArgumentException("the network has no compartment groups to map");
        }
        return new Mapper(network, config).run();
    }

    /**
     * Maps; when the packer's output-axon estimate proved too low (a core's exact count after the layout exceeds the
     * limit), packs again with each compartment's exact count from that layout as its estimate, a few times.
     */
    private MappingPlan run() {
        for (int attempt = 0; ; attempt++) {
            try {
                return layout();
            } catch (OutputAxonOverflow e) {
                if (attempt == 5 || !e.anyPacked) {
                    throw e.limit;
                }
                // never lower an estimate: spreading a group over more cores makes its sources reach more cores
                if (outputEstimate != null) {
                    for (Map.Entry<CompartmentGroup, int[]> en : e.exact.entrySet()) {
                        int[] before = outputEstimate.get(en.getKey());
                        int[] now = en.getValue();
                        for (int i = 0; i < now.length; i++) {
                            now[i] = Math.max(now[i], before[i]);
                        }
                    }
                }
                outputEstimate = e.exact;
            }
        }
    }

    /** Exact output axons per compartment of the last layout, by group, to re-pack with (null: first attempt). */
    private Map<CompartmentGroup, int[]> outputEstimate;

    /** A layout whose exact output-axon count broke a core's limit; carries the exact counts. */
    private static final class OutputAxonOverflow extends RuntimeException {
        final ResourceLimitException limit;
        final Map<CompartmentGroup, int[]> exact;
        final boolean anyPacked;

        OutputAxonOverflow(ResourceLimitException limit, Map<CompartmentGroup, int[]> exact, boolean anyPacked) {
            super(limit.getMessage(), null, false, false);
            this.limit = limit;
            this.exact = exact;
            this.anyPacked = anyPacked;
        }
    }

    private MappingPlan layout() {
        for (Connection c : connections) {
            if (c.prototype().delay() > config.maxDelay()) {
                throw new IllegalArgumentException("connection " + c.source().name() + " -> " + c.target().name()
                        + ": delay " + c.prototype().delay() + " exceeds " + config.maxDelay()
                        + " = dendritic accumulators (" + config.dendriticAccumulators() + ") - 2");
            }
        }
        List<LearningRuleSpec> rules = collectRules();

        // 1. placement: global core id of every compartment
        int[][] coreOf = new int[groups.size()][];
        place(coreOf);

        // 2. local indices: cores in id order, compartments in (group, index) order
        TreeMap<Integer, IntList[]> coreCompartments = new TreeMap<>();
        for (CompartmentGroup g : groups) {
            for (int i = 0; i < g.size(); i++) {
                IntList[] l = coreCompartments.computeIfAbsent(coreOf[g.index()][i],
                        k -> new IntList[] {new IntList(), new IntList()});
                l[0].add(g.index());
                l[1].add(i);
            }
        }
        int coreCount = coreCompartments.size();
        int[] coreIds = new int[coreCount];
        Map<Integer, Integer> slotOfCore = new HashMap<>();
        int[][] groupCoreSlot = new int[groups.size()][];
        int[][] groupLocal = new int[groups.size()][];
        for (CompartmentGroup g : groups) {
            groupCoreSlot[g.index()] = new int[g.size()];
            groupLocal[g.index()] = new int[g.size()];
        }
        int slot = 0;
        IntList[][] cxLists = new IntList[coreCount][];
        for (Map.Entry<Integer, IntList[]> e : coreCompartments.entrySet()) {
            coreIds[slot] = e.getKey();
            slotOfCore.put(e.getKey(), slot);
            IntList[] l = e.getValue();
            cxLists[slot] = l;
            CompartmentPrototype first = groups.get(l[0].get(0)).prototype();
            for (int k = 0; k < l[0].size(); k++) {
                int g = l[0].get(k);
                groupCoreSlot[g][l[1].get(k)] = slot;
                groupLocal[g][l[1].get(k)] = k;
                CompartmentPrototype p = groups.get(g).prototype();
                if (!p.sharesCoreSettingsWith(first)) {
                    throw new IllegalArgumentException("core " + e.getKey() + ": groups "
                            + groups.get(l[0].get(0)).name() + " and " + groups.get(g).name()
                            + " disagree on per-core settings (voltage limits or noise); place them on different cores");
                }
            }
            if (l[0].size() > Limits.COMPARTMENTS_PER_CORE) {
                throw new ResourceLimitException(e.getKey(), "compartments", l[0].size(),
                        Limits.COMPARTMENTS_PER_CORE, null);
            }
            slot++;
        }
        if (coreIds[coreCount - 1] >= config.maxChips() * Limits.CORES_PER_CHIP) {
            throw new ResourceLimitException(-1, "cores", coreIds[coreCount - 1] + 1L,
                    (long) config.maxChips() * Limits.CORES_PER_CHIP, config.maxChips() + " chips of 128 cores");
        }

        // 3. input axons and synapses per core; synapses of one axon are contiguous because connections are
        //    walked in order and their synapses are sorted by source, then target.
        IntList[] axonStart = new IntList[coreCount];
        IntList[] axonConn = new IntList[coreCount];
        IntList[] axonSrc = new IntList[coreCount];
        IntList[] synTarget = new IntList[coreCount];
        IntList[] synWeight = new IntList[coreCount];
        long[] synapseBits = new long[coreCount];
        int[] inputEntries = new int[coreCount];
        for (int s = 0; s < coreCount; s++) {
            axonStart[s] = new IntList();
            axonConn[s] = new IntList();
            axonSrc[s] = new IntList();
            synTarget[s] = new IntList();
            synWeight[s] = new IntList();
        }
        // per source (compartment global id or generator port) the list of (core slot, axon) it feeds
        Map<SpikeSource, IntList[]> outputs = new IdentityHashMap<>();
        int[][] connSynCore = new int[connections.size()][];
        int[][] connSynIndex = new int[connections.size()][];
        int[] lastSource = new int[coreCount];
        for (Connection c : connections) {
            ConnectionPrototype proto = c.prototype();
            WeightFormat fmt = proto.weightFormat();
            int gi = c.target().index();
            int n = c.synapseCount();
            int[] sc = new int[n];
            int[] si = new int[n];
            java.util.Arrays.fill(lastSource, -1);
            IntList[] out = outputs.computeIfAbsent(c.source(), k -> newLists(k.size()));
            int k = 0;
            while (k < n) {
                int src = c.synapseSource(k);
                int end = k;
                while (end < n && c.synapseSource(end) == src) {
                    end++;
                }
                for (int q = k; q < end; q++) {
                    int tgt = c.synapseTarget(q);
                    int cs = groupCoreSlot[gi][tgt];
                    if (lastSource[cs] != src) {
                        lastSource[cs] = src;
                        int axon = axonConn[cs].size();
                        axonConn[cs].add(c.index());
                        axonSrc[cs].add(src);
                        axonStart[cs].add(synTarget[cs].size());
                        out[src].add(cs);
                        out[src].add(axon);
                    }
                    sc[q] = cs;
                    si[q] = synTarget[cs].size();
                    synTarget[cs].add(groupLocal[gi][tgt]);
                    synWeight[cs].add(fmt.quantize(c.initialWeight(q)));
                }
                k = end;
            }
            connSynCore[c.index()] = sc;
            connSynIndex[c.index()] = si;
        }
        // synaptic memory and input-axon entries, now that every axon's synapse list is known
        for (int s = 0; s < coreCount; s++) {
            axonStart[s].add(synTarget[s].size());
            int axons = axonConn[s].size();
            for (int a = 0; a < axons; a++) {
                Connection c = connections.get(axonConn[s].get(a));
                int from = axonStart[s].get(a);
                int to = axonStart[s].get(a + 1);
                boolean dense = true;
                for (int q = from + 1; q < to && dense; q++) {
                    dense = synTarget[s].get(q) == synTarget[s].get(q - 1) + 1;
                }
                int span = synTarget[s].get(to - 1) - synTarget[s].get(from) + 1;
                int bits = c.prototype().weightFormat().numWeightBits() + c.prototype().delayBits()
                        + c.prototype().numTagBits() + (dense ? 0 : Limits.indexBits(span));
                synapseBits[s] += Limits.axonBits(to - from, bits);
                inputEntries[s] += 1;
            }
        }

        // 4. reward axons: one per (core, rule) for every core holding synapses of that rule
        IntList[] rewardRule = new IntList[coreCount];
        for (int s = 0; s < coreCount; s++) {
            rewardRule[s] = new IntList();
            Set<Integer> seen = new HashSet<>();
            for (int a = 0; a < axonConn[s].size(); a++) {
                LearningRuleSpec r = connections.get(axonConn[s].get(a)).prototype().learningRule();
                if (r != null && seen.add(rules.indexOf(r))) {
                    rewardRule[s].add(rules.indexOf(r));
                }
            }
            inputEntries[s] += rewardRule[s].size();
        }
        for (Network.Reinforcement link : network.reinforcements()) {
            int r = rules.indexOf(link.rule());
            if (r < 0) {
                continue; // a rule that no connection uses has nothing to reinforce
            }
            IntList[] out = outputs.computeIfAbsent(link.source(), k -> newLists(k.size()));
            for (int s = 0; s < coreCount; s++) {
                for (int q = 0; q < rewardRule[s].size(); q++) {
                    if (rewardRule[s].get(q) == r) {
                        out[link.index()].add(s);
                        out[link.index()].add(-(q + 1));
                    }
                }
            }
        }

        // 5. routing tables and output-axon counts
        MappingPlan.Routing[] groupRouting = new MappingPlan.Routing[groups.size()];
        MappingPlan.Routing[] genRouting = new MappingPlan.Routing[network.generators().size()];
        int[] outputAxons = new int[coreCount];
        for (CompartmentGroup g : groups) {
            MappingPlan.Routing r = routing(outputs.get(g), g.size());
            groupRouting[g.index()] = r;
            for (int i = 0; i < g.size(); i++) {
                outputAxons[groupCoreSlot[g.index()][i]] += r.start()[i + 1] - r.start()[i];
            }
        }
        for (SpikeGenerator gen : network.generators()) {
            genRouting[gen.index()] = routing(outputs.get(gen), gen.size());
        }

        // 6. resource checks and core plans
        CorePlan[] plans = new CorePlan[coreCount];
        for (int s = 0; s < coreCount; s++) {
            int id = coreIds[s];
            if (inputEntries[s] > Limits.INPUT_AXONS_PER_CORE) {
                throw new ResourceLimitException(id, "input axons", inputEntries[s], Limits.INPUT_AXONS_PER_CORE,
                        "one per (connection, source) with synapses here, plus one per reward channel");
            }
            if (outputAxons[s] > Limits.OUTPUT_AXONS_PER_CORE) {
                ResourceLimitException limit = new ResourceLimitException(id, "output axons", outputAxons[s],
                        Limits.OUTPUT_AXONS_PER_CORE, null);
                Map<CompartmentGroup, int[]> exact = new HashMap<>();
                boolean anyPacked = false;
                for (CompartmentGroup g : groups) {
                    int[] start = groupRouting[g.index()].start();
                    int[] n = new int[g.size()];
                    for (int i = 0; i < n.length; i++) {
                        n[i] = start[i + 1] - start[i];
                    }
                    exact.put(g, n);
                    anyPacked |= !(config.honourPlacements() && network.placements().containsKey(g));
                }
                throw new OutputAxonOverflow(limit, exact, anyPacked);
            }
            if (synapseBits[s] > Limits.SYNAPSE_BITS_PER_CORE) {
                throw new ResourceLimitException(id, "synaptic memory bits", synapseBits[s],
                        Limits.SYNAPSE_BITS_PER_CORE, synTarget[s].size() + " synapses on "
                                + axonConn[s].size() + " axons");
            }
            checkLearningRules(id, axonConn[s]);
            plans[s] = new CorePlan(id, cxLists[s][0].toArray(), cxLists[s][1].toArray(), axonStart[s].toArray(),
                    axonConn[s].toArray(), axonSrc[s].toArray(), synTarget[s].toArray(), synWeight[s].toArray(),
                    rewardRule[s].toArray(), new CorePlan.ResourceUsage(cxLists[s][0].size(), inputEntries[s],
                    outputAxons[s], synapseBits[s]));
        }
        return new MappingPlan(network, config, plans, rules, groupCoreSlot, groupLocal, groupRouting, genRouting,
                connSynCore, connSynIndex);
    }

    private static IntList[] newLists(int n) {
        IntList[] l = new IntList[n];
        for (int i = 0; i < n; i++) {
            l[i] = new IntList(4);
        }
        return l;
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

    private List<LearningRuleSpec> collectRules() {
        List<LearningRuleSpec> rules = new ArrayList<>();
        for (Connection c : connections) {
            LearningRuleSpec r = c.prototype().learningRule();
            if (r != null && !rules.contains(r)) {
                rules.add(r);
            }
        }
        return rules;
    }

    private void checkLearningRules(int coreId, IntList axonConn) {
        LearningRuleSpec first = null;
        for (int a = 0; a < axonConn.size(); a++) {
            LearningRuleSpec r = connections.get(axonConn.get(a)).prototype().learningRule();
            if (r == null) {
                continue;
            }
            if (first == null) {
                first = r;
            } else if (first.tEpoch() != r.tEpoch()) {
                throw new IllegalArgumentException("core " + coreId + ": learning rules with tEpoch "
                        + first.tEpoch() + " and " + r.tEpoch() + " share the core; tEpoch is a per-core register");
            }
        }
    }

    // ---------------------------------------------------------------- placement

    private void place(int[][] coreOf) {
        int nextFree = 0;
        for (CompartmentGroup g : groups) {
            coreOf[g.index()] = new int[g.size()];
            Network.CoreRange range = config.honourPlacements() ? network.placements().get(g) : null;
            if (range != null) {
                int cores = range.endCore() - range.firstCore();
                int perCore = (g.size() + cores - 1) / cores;
                for (int i = 0; i < g.size(); i++) {
                    coreOf[g.index()][i] = range.firstCore() + i / perCore;
                }
                int last = range.firstCore() + (g.size() - 1) / perCore;
                nextFree = Math.max(nextFree, last + 1);
            }
        }
        new Packer(nextFree).pack(coreOf);
    }

    /**
     * Greedy packing of the groups without an explicit range, in creation order, onto fresh cores after the
     * explicitly used ones. A compartment goes to the current core while the core's compartments, input axons and an
     * estimate of its synaptic memory stay within the limits; the exact check follows the layout.
     */
    private final class Packer {
        private int core;
        private int compartments;
        private int entries;
        private int outputs;
        private long bits;
        // per source group: for each compartment an estimate of its output axons (one per connection and
        // destination core reached)
        private final Map<CompartmentGroup, int[]> outgoing = new HashMap<>();
        private CompartmentPrototype settings;
        private final Set<Long> axons = new HashSet<>();
        // per target group: incoming synapses of each compartment as (connection, source) pairs
        private final Map<CompartmentGroup, int[][]> incoming = new HashMap<>();

        Packer(int firstCore) {
            this.core = firstCore;
        }

        void pack(int[][] coreOf) {
            for (CompartmentGroup g : groups) {
                if (config.honourPlacements() && network.placements().containsKey(g)) {
                    continue;
                }
                int[][] in = incoming(g);
                int[] out = outgoing(g);
                for (int i = 0; i < g.size(); i++) {
                    // the output-axon estimate can fall short (targets placed later may straddle cores), so the
                    // packer keeps a 10 % margin; the exact check after the layout has the last word
                    if (!fits(g, in[i]) || outputs + out[i] > Limits.OUTPUT_AXONS_PER_CORE * 9 / 10) {
                        nextCore();
                        if (!fits(g, in[i])) {
                            add(g, in[i]);
                            boolean axons = entries > Limits.INPUT_AXONS_PER_CORE;
                            throw new ResourceLimitException(core, axons ? "input axons" : "synaptic memory bits",
                                    axons ? entries : bits,
                                    axons ? Limits.INPUT_AXONS_PER_CORE : Limits.SYNAPSE_BITS_PER_CORE,
                                    "compartment " + i + " of " + g.name() + " alone does not fit an empty core");
                        }
                    }
                    add(g, in[i]);
                    outputs += out[i];
                    coreOf[g.index()][i] = core;
                }
            }
        }

        private void nextCore() {
            core++;
            compartments = 0;
            entries = 0;
            outputs = 0;
            bits = 0;
            settings = null;
            axons.clear();
        }

        private boolean fits(CompartmentGroup g, int[] in) {
            if (compartments + 1 > Limits.COMPARTMENTS_PER_CORE) {
                return false;
            }
            if (settings != null && !settings.sharesCoreSettingsWith(g.prototype())) {
                return false;
            }
            int newEntries = 0;
            long newBits = 0;
            for (int q = 0; q < in.length; q += 2) {
                Connection c = connections.get(in[q]);
                int perSynapse = c.prototype().weightFormat().numWeightBits() + c.prototype().delayBits()
                        + c.prototype().numTagBits();
                newBits += perSynapse;
                if (!axons.contains(key(in[q], in[q + 1]))) {
                    newEntries += 1;
                    newBits += 64; // a new axon opens a synapse group: header and word rounding
                }
            }
            // synapse groups cost a 10-bit header per 64 synapses plus rounding to 64-bit words (about 12 % on
            // dense 8-bit rows), which the per-synapse estimate leaves out: keep a 15 % margin
            return entries + newEntries <= Limits.INPUT_AXONS_PER_CORE
                    && bits + newBits <= Limits.SYNAPSE_BITS_PER_CORE * 85 / 100;
        }

        private void add(CompartmentGroup g, int[] in) {
            compartments++;
            settings = g.prototype();
            for (int q = 0; q < in.length; q += 2) {
                Connection c = connections.get(in[q]);
                bits += c.prototype().weightFormat().numWeightBits() + c.prototype().delayBits()
                        + c.prototype().numTagBits();
                if (axons.add(key(in[q], in[q + 1]))) {
                    entries += 1;
                    bits += 64;
                }
            }
        }

        private int[] outgoing(CompartmentGroup g) {
            if (outputEstimate != null && outputEstimate.containsKey(g)) {
                return outputEstimate.get(g);
            }
            return outgoing.computeIfAbsent(g, grp -> {
                int[] n = new int[grp.size()];
                for (Connection c : connections) {
                    if (c.source() != grp) {
                        continue;
                    }
                    int k = 0;
                    while (k < c.synapseCount()) {
                        int src = c.synapseSource(k);
                        int lo = Integer.MAX_VALUE;
                        int hi = Integer.MIN_VALUE;
                        int count = 0;
                        for (; k < c.synapseCount() && c.synapseSource(k) == src; k++) {
                            lo = Math.min(lo, c.synapseTarget(k));
                            hi = Math.max(hi, c.synapseTarget(k));
                            count++;
                        }
                        // the targets of one source may straddle a core boundary: one axon per core reached
                        n[src] += Math.min(count, 2 + (hi - lo) / Limits.COMPARTMENTS_PER_CORE);
                    }
                }
                return n;
            });
        }

        private long key(int connection, int source) {
            return ((long) connection << 32) | source;
        }

        private int[][] incoming(CompartmentGroup g) {
            return incoming.computeIfAbsent(g, grp -> {
                IntList[] lists = new IntList[grp.size()];
                for (int i = 0; i < grp.size(); i++) {
                    lists[i] = new IntList(4);
                }
                for (Connection c : connections) {
                    if (c.target() != grp) {
                        continue;
                    }
                    for (int k = 0; k < c.synapseCount(); k++) {
                        IntList l = lists[c.synapseTarget(k)];
                        l.add(c.index());
                        l.add(c.synapseSource(k));
                    }
                }
                int[][] r = new int[grp.size()][];
                for (int i = 0; i < grp.size(); i++) {
                    r[i] = lists[i].toArray();
                }
                return r;
            });
        }
    }
}
