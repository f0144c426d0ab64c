package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mapper step 1, the placement strategy: the global core id of every compartment. Groups with an explicit core range
 * (and {@link MappingConfig#honourPlacements()}) are spread over it the way the nBP authors did; the others are
 * packed greedily, in creation order, onto fresh cores after the explicitly used ones.
 */
final class Placement {
    private final Network network;
    private final MappingConfig config;
    private final List<CompartmentGroup> groups;
    private final List<Connection> connections;
    /** Exact output axons per compartment of a previous layout, by group, to re-pack with (null: first attempt). */
    private final Map<CompartmentGroup, int[]> outputEstimate;

    Placement(Network network, MappingConfig config, Map<CompartmentGroup, int[]> outputEstimate) {
        this.network = network;
        this.config = config;
        this.groups = network.groups();
        this.connections = network.connections();
        this.outputEstimate = outputEstimate;
    }

    /** {@code coreOf[group][i]}: the global core id of compartment i of each group. */
    int[][] place() {
        int[][] coreOf = new int[groups.size()][];
        int nextFree = 0;
        for (CompartmentGroup g : groups) {
            coreOf[g.index()] = new int[g.size()];
            Network.CoreRange range = explicitRange(g);
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
        new GreedyPacker(nextFree).pack(coreOf);
        return coreOf;
    }

    /** Whether some group is packed (not explicitly placed): only then can re-packing help. */
    boolean anyPacked() {
        for (CompartmentGroup g : groups) {
            if (explicitRange(g) == null) {
                return true;
            }
        }
        return false;
    }

    private Network.CoreRange explicitRange(CompartmentGroup g) {
        return config.honourPlacements() ? network.placements().get(g) : null;
    }

    /**
     * Greedy packing: a compartment goes to the current core while the core's compartments, input axons and an
     * estimate of its synaptic memory stay within the limits; the exact check ({@link ResourceCheck}) follows the
     * layout.
     */
    private final class GreedyPacker {
        private int core;
        private int compartments;
        private int entries;
        private int outputs;
        private long bits;
        // per source group: for each compartment an estimate of its output axons (one per connection and
        // destination core reached)
        private final Map<CompartmentGroup, int[]> outgoing = new HashMap<>();
        private CompartmentPrototype settings;
        // per input axon (connection, source) on the current core: {synapses, first local target, last local target,
        // 1 while the targets are consecutive}; a row whose targets are not consecutive is stored sparse and pays
        // index bits per synapse (AxonLayout.groupBits), which the per-synapse estimate alone leaves out
        private final Map<Long, int[]> axons = new HashMap<>();
        private long indexBits;
        // per target group: incoming synapses of each compartment as (connection, source) pairs
        private final Map<CompartmentGroup, int[][]> incoming = new HashMap<>();

        GreedyPacker(int firstCore) {
            this.core = firstCore;
        }

        void pack(int[][] coreOf) {
            for (CompartmentGroup g : groups) {
                if (explicitRange(g) != null) {
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
                            throw ResourceCheck.aloneDoesNotFit(core, entries, bits, i, g);
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
            indexBits = 0;
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
                newBits += AxonLayout.bitsPerSynapse(c);
                int[] axon = axons.get(key(in[q], in[q + 1]));
                if (axon == null) {
                    newEntries += 1;
                    newBits += 64; // a new axon opens a synapse group: header and word rounding
                } else {
                    newBits += indexBitsDelta(axon, compartments);
                }
            }
            // synapse groups cost a 10-bit header per 64 synapses plus rounding to 64-bit words (about 12 % on
            // dense 8-bit rows), which the per-synapse estimate leaves out: keep a 15 % margin
            return entries + newEntries <= Limits.INPUT_AXONS_PER_CORE
                    && bits + indexBits + newBits <= Limits.SYNAPSE_BITS_PER_CORE * 85 / 100;
        }

        /** The change in an axon's index bits when local compartment {@code local} joins its targets. */
        private static long indexBitsDelta(int[] axon, int local) {
            return sparseBits(axon[0] + 1, local - axon[1] + 1, axon[3] == 1 && local == axon[2] + 1)
                    - sparseBits(axon[0], axon[2] - axon[1] + 1, axon[3] == 1);
        }

        private static long sparseBits(int synapses, int span, boolean dense) {
            return dense ? 0 : (long) synapses * Limits.indexBits(span);
        }

        private void add(CompartmentGroup g, int[] in) {
            int local = compartments;
            compartments++;
            settings = g.prototype();
            for (int q = 0; q < in.length; q += 2) {
                Connection c = connections.get(in[q]);
                bits += AxonLayout.bitsPerSynapse(c);
                long k = key(in[q], in[q + 1]);
                int[] axon = axons.get(k);
                if (axon == null) {
                    axons.put(k, new int[] {1, local, local, 1});
                    entries += 1;
                    bits += 64;
                } else {
                    indexBits += indexBitsDelta(axon, local);
                    axon[3] = axon[3] == 1 && local == axon[2] + 1 ? 1 : 0;
                    axon[0]++;
                    axon[2] = local;
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
