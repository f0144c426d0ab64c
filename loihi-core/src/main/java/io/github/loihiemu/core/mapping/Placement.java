package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.util.ParallelBuild;

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
     * Incoming synapses of a group's compartments: compartment i's are {@code start[i] .. start[i+1]-1}, each as its
     * axon key {@code connection << 32 | source}.
     */
    private record Incoming(int[] start, long[] key) {
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
        private final AxonTable axons = new AxonTable();
        private long indexBits;
        /** Per incoming synapse of the compartment being placed: its axon's entry in {@link #axons}, or -1. */
        private int[] entryOf = new int[64];
        /** The entries of the compartment placed last on this core, row {@link #previousRow} of {@link #previous}. */
        private int[] previousEntry = new int[64];
        private Incoming previous;
        private int previousRow;
        /** What the compartment {@link #fits} looked at last would add: entries, synapse bits, index bits. */
        private int pendingEntries;
        private long pendingBits;
        private long pendingIndexBits;
        /** Per connection: the bits one of its synapses takes before index bits. */
        private final int[] synapseBits;



        GreedyPacker(int firstCore) {
            this.core = firstCore;
            synapseBits = new int[connections.size()];
            for (Connection c : connections) {
                synapseBits[c.index()] = AxonLayout.bitsPerSynapse(c);
            }
        }

        void pack(int[][] coreOf) {
            List<CompartmentGroup> packed = new java.util.ArrayList<>();
            for (CompartmentGroup g : groups) {
                if (explicitRange(g) == null) {
                    packed.add(g);
                }
            }
            if (packed.isEmpty()) {
                return;
            }
            // the next group's incoming synapses are gathered (piece 1) while this one is packed in order (piece 0):
            // about half of the placement's time each on a large network. A packing failure comes first, as it would
            // on one thread
            Incoming in = incoming(packed.get(0), 0);
            for (int k = 0; k < packed.size(); k++) {
                int current = k;
                Incoming now = in;
                Incoming[] next = new Incoming[1];
                ParallelBuild.forEach(current + 1 < packed.size() ? 2 : 1, piece -> {
                    if (piece == 0) {
                        pack(packed.get(current), now, coreOf);
                    } else {
                        next[0] = incoming(packed.get(current + 1), (current + 1) & 1);
                    }
                });
                in = next[0];
            }
        }

        private void pack(CompartmentGroup g, Incoming in, int[][] coreOf) {
            int[] out = outgoing(g);
            for (int i = 0; i < g.size(); i++) {
                // the output-axon estimate can fall short (targets placed later may straddle cores), so the
                // packer keeps a 10 % margin; the exact check after the layout has the last word
                if (!fits(g, in, i) || outputs + out[i] > Limits.OUTPUT_AXONS_PER_CORE * 9 / 10) {
                    nextCore();
                    if (!fits(g, in, i)) {
                        add(g, in, i);
                        throw ResourceCheck.aloneDoesNotFit(core, entries, bits, i, g);
                    }
                }
                add(g, in, i);
                outputs += out[i];
                coreOf[g.index()][i] = core;
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
            previous = null;
        }

        /**
         * Whether compartment i of g, whose incoming synapses are {@code in}'s row i, still fits the current core;
         * leaves each synapse's axon entry in {@link #entryOf} and what the compartment would add in the pending
         * fields, for {@link #add}.
         */
        private boolean fits(CompartmentGroup g, Incoming in, int i) {
            int from = in.start[i];
            int to = in.start[i + 1];
            if (entryOf.length < to - from) {
                entryOf = new int[Math.max(to - from, 2 * entryOf.length)];
            }
            long[] key = in.key;
            // a compartment's keys ascend (connection order, then source order), and neighbours on one core share
            // most of their axons: a merge walk against the previous compartment's keys finds those without hashing
            int p = 0;
            int pFrom = 0;
            int pLen = 0;
            if (previous == in) {
                pFrom = in.start[previousRow];
                pLen = in.start[previousRow + 1] - pFrom;
            }
            int newEntries = 0;
            long newBits = 0;
            long newIndexBits = 0;
            int local = compartments;
            for (int q = from; q < to; q++) {
                long k = key[q];
                while (p < pLen && key[pFrom + p] < k) {
                    p++;
                }
                int e = p < pLen && key[pFrom + p] == k ? previousEntry[p] : axons.find(k);
                entryOf[q - from] = e;
                newBits += synapseBits[(int) (k >>> 32)];
                if (e < 0) {
                    newEntries += 1;
                    newBits += 64; // a new axon opens a synapse group: header and word rounding
                } else {
                    newIndexBits += indexBitsDelta(e, local);
                }
            }
            pendingEntries = newEntries;
            pendingBits = newBits;
            pendingIndexBits = newIndexBits;
            if (compartments + 1 > Limits.COMPARTMENTS_PER_CORE) {
                return false;
            }
            if (settings != null && !settings.sharesCoreSettingsWith(g.prototype())) {
                return false;
            }
            // synapse groups cost a 10-bit header per 64 synapses plus rounding to 64-bit words (about 12 % on
            // dense 8-bit rows), which the per-synapse estimate leaves out: keep a 15 % margin
            return entries + newEntries <= Limits.INPUT_AXONS_PER_CORE
                    && bits + indexBits + newBits + newIndexBits <= Limits.SYNAPSE_BITS_PER_CORE * 85 / 100;
        }

        /** The change in axon entry e's index bits when local compartment {@code local} joins its targets. */
        private long indexBitsDelta(int e, int local) {
            AxonTable a = axons;
            if (a.consecutive[e] == 1 && local == a.last[e] + 1) {
                return 0;   // dense before and after: no index bits (the common case of runs of targets)
            }
            return sparseBits(a.synapses[e] + 1, local - a.first[e] + 1, false)
                    - sparseBits(a.synapses[e], a.last[e] - a.first[e] + 1, a.consecutive[e] == 1);
        }

        private static long sparseBits(int synapses, int span, boolean dense) {
            return dense ? 0 : (long) synapses * Limits.indexBits(span);
        }

        /** Adds compartment i of g to the current core; {@link #fits} has just looked up its axons and costs. */
        private void add(CompartmentGroup g, Incoming in, int i) {
            int local = compartments;
            compartments++;
            settings = g.prototype();
            int from = in.start[i];
            int to = in.start[i + 1];
            AxonTable a = axons;
            bits += pendingBits;
            indexBits += pendingIndexBits;
            entries += pendingEntries;
            for (int q = from; q < to; q++) {
                int e = entryOf[q - from];
                if (e < 0) {
                    // a compartment may have two synapses from one source only through two connections, whose
                    // keys differ; so an axon missing at fits() is still missing here
                    entryOf[q - from] = a.add(in.key[q], local);
                } else {
                    a.consecutive[e] = a.consecutive[e] == 1 && local == a.last[e] + 1 ? 1 : 0;
                    a.synapses[e]++;
                    a.last[e] = local;
                }
            }
            // this compartment's entries become the next one's merge partner
            int[] swap = previousEntry;
            previousEntry = entryOf;
            entryOf = swap.length >= previousEntry.length ? swap : new int[previousEntry.length];
            previous = in;
            previousRow = i;
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
                        // one axon per core the run of targets reaches: as many cores as its span needs. A run
                        // that happens to straddle a core boundary reaches one more; that is left to the exact
                        // check, whose overflow re-packs with the exact counts (Mapper), because charging every
                        // run for a straddle stopped cores at 921 of 1,024 compartments where the exact count was
                        // half the estimate (docs/scaling.md)
                        n[src] += Math.min(count, 1 + (hi - lo) / Limits.COMPARTMENTS_PER_CORE);
                    }
                }
                return n;
            });
        }

        /** Block size of the transpose in {@link #incoming}: a block's targets and their write positions stay in cache. */
        private static final int BLOCK_SHIFT = 10;

        /**
         * Buffers of {@link #incoming}, kept from group to group: two for the keys (one group is packed while the next
         * is gathered), one for the buckets (one group is gathered at a time).
         */
        private final long[][] keyBuffer = {new long[0], new long[0]};
        private long[] bucketKey = new long[0];
        private int[] bucketTarget = new int[0];

        /**
         * The incoming synapses of each compartment of {@code g} as axon keys, CSR by target in connection order, then
         * synapse order. A transpose in two stable passes: by block of 1,024 targets first, then by target within each
         * block, so that neither pass scatters over more lines than the cache holds (one pass straight to the targets
         * missed the cache about once per synapse).
         */
        private Incoming incoming(CompartmentGroup g, int buffer) {
            int n = g.size();
            int[] start = new int[n + 1];
            long total = 0;
            for (Connection c : connections) {
                if (c.target() == g) {
                    for (int k = 0; k < c.synapseCount(); k++) {
                        start[c.synapseTarget(k) + 1]++;
                    }
                    total += c.synapseCount();
                }
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("group " + g.name() + ": " + total + " incoming synapses, more"
                        + " than one placement pass can index (" + (Integer.MAX_VALUE - 8) + ")");
            }
            for (int i = 0; i < n; i++) {
                start[i + 1] += start[i];
            }
            int m = (int) total;
            if (keyBuffer[buffer].length < m) {
                keyBuffer[buffer] = new long[m];
            }
            if (bucketKey.length < m) {
                bucketKey = new long[m];
                bucketTarget = new int[m];
            }
            long[] key = keyBuffer[buffer];
            long[] bk = bucketKey;
            int[] bt = bucketTarget;
            int blocks = (n + (1 << BLOCK_SHIFT) - 1) >>> BLOCK_SHIFT;
            int[] blockFill = new int[blocks];
            for (int b = 0; b < blocks; b++) {
                blockFill[b] = start[b << BLOCK_SHIFT];
            }
            for (Connection c : connections) {
                if (c.target() == g) {
                    long ci = (long) c.index() << 32;
                    int count = c.synapseCount();
                    for (int k = 0; k < count; k++) {
                        int t = c.synapseTarget(k);
                        int p = blockFill[t >>> BLOCK_SHIFT]++;
                        bk[p] = ci | c.synapseSource(k);
                        bt[p] = t;
                    }
                }
            }
            int[] fill = java.util.Arrays.copyOf(start, n);
            for (int b = 0; b < blocks; b++) {
                int end = start[Math.min(n, (b + 1) << BLOCK_SHIFT)];
                for (int p = start[b << BLOCK_SHIFT]; p < end; p++) {
                    key[fill[bt[p]]++] = bk[p];
                }
            }
            return new Incoming(start, key);
        }
    }
}
