package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.SpikeSource;
import io.github.loihiemu.core.synapse.WeightFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mapper step 3, the axon layout: the input axons and synapses of every core, their synapse formats, and the
 * synaptic memory they take. One input axon per (connection, source) with synapses on the core; its synapses are
 * contiguous, sorted by target, because connections are walked in order and their synapses are sorted by source, then
 * target. Each distinct (connection, weight format) on a core is one of its synapse formats.
 */
final class AxonLayout {
    final IntList[] axonStart;
    final IntList[] axonConnection;
    final IntList[] axonSource;
    /**
     * Per core: local target and weight mantissa of each synapse, allocated at their exact final size and in the
     * types the neurocore keeps (a local index fits a char, a mantissa a short), so that a core adopts them without a
     * copy; {@link #synapseCount} of each are filled.
     */
    final char[][] synapseTarget;
    final short[][] synapseWeight;
    final int[] synapseCount;
    final IntList[] synapseDelay;
    /**
     * Per core: the format index of each synapse, used only once {@link #formatPerSynapse} is set for the core (a
     * connection with per-synapse formats reached it); until then the formats are kept per axon in {@link #axonFormat},
     * since every axon of a single-format connection has one format (a core fed by two connections would otherwise
     * hold an int per synapse for two values).
     */
    final IntList[] synapseFormat;
    final IntList[] axonFormat;
    final boolean[] formatPerSynapse;
    final List<List<CoreLayout.SynapseFormat>> formats = new ArrayList<>();
    final long[] synapseBits;
    /** Per connection: the core slot and the index in that core's synapses of each synapse. */
    final int[][] connectionSynapseCore;
    final int[][] connectionSynapseIndex;
    /** Per spike source: for each of its compartments or ports, the (core slot, axon) pairs it feeds. */
    final Map<SpikeSource, IntList[]> outputs = new IdentityHashMap<>();

    /** Bits one synapse of {@code c} takes before index bits: weight, delay and tag fields. */
    static int bitsPerSynapse(Connection c) {
        return c.maxWeightBits() + c.delayBits() + c.prototype().numTagBits();
    }

    /**
     * @param synapseOrder whether to record where each connection's synapses went ({@link #connectionSynapseCore}),
     *                     which only reading and setting weights by connection needs
     */
    AxonLayout(List<Connection> connections, CoreAssignment cores, boolean synapseOrder) {
        int coreCount = cores.coreCount();
        // a counting pass first, so that every list is allocated once at its final size: growing them would copy
        // every synapse about twice and leave up to half of each list unused
        int[] synapses = new int[coreCount];
        int[] axons = new int[coreCount];
        int[] lastSource = new int[coreCount];
        for (Connection c : connections) {
            int[] slotOf = cores.groupCoreSlot[c.target().index()];
            java.util.Arrays.fill(lastSource, -1);
            int n = c.synapseCount();
            int q = 0;
            while (q < n) {
                // one run per (source, core), as the layout appends them: the counts are added once per run, not
                // incremented per synapse through memory
                int src = c.synapseSource(q);
                int cs = slotOf[c.synapseTarget(q)];
                int end = runEnd(c, slotOf, q);
                synapses[cs] += end - q;
                if (lastSource[cs] != src) {
                    lastSource[cs] = src;
                    axons[cs]++;
                }
                q = end;
            }
        }
        axonStart = new IntList[coreCount];
        axonConnection = new IntList[coreCount];
        axonSource = new IntList[coreCount];
        synapseTarget = new char[coreCount][];
        synapseWeight = new short[coreCount][];
        synapseCount = new int[coreCount];
        synapseDelay = new IntList[coreCount];
        synapseFormat = new IntList[coreCount];
        axonFormat = new IntList[coreCount];
        formatPerSynapse = new boolean[coreCount];
        for (int s = 0; s < coreCount; s++) {
            axonStart[s] = new IntList(axons[s] + 1);
            axonConnection[s] = new IntList(axons[s]);
            axonSource[s] = new IntList(axons[s]);
            if (cores.compartmentGroup[s].length > Character.MAX_VALUE + 1) {
                throw new IllegalStateException("core slot " + s + " holds " + cores.compartmentGroup[s].length
                        + " compartments; local indices are stored in 16 bits");
            }
            synapseTarget[s] = new char[synapses[s]];
            synapseWeight[s] = new short[synapses[s]];
            synapseDelay[s] = IntList.constantUntilChanged(synapses[s]);
            synapseFormat[s] = IntList.constantUntilChanged(synapses[s]);
            axonFormat[s] = IntList.constantUntilChanged(axons[s]);
        }
        synapseBits = new long[coreCount];
        for (int s = 0; s < coreCount; s++) {
            formats.add(new ArrayList<>());
        }
        connectionSynapseCore = new int[connections.size()][];
        connectionSynapseIndex = new int[connections.size()][];
        for (Connection c : connections) {
            int gi = c.target().index();
            int n = c.synapseCount();
            int[] sc = synapseOrder ? new int[n] : null;
            int[] si = synapseOrder ? new int[n] : null;
            Arrays.fill(lastSource, -1);
            IntList[] out = outputs.computeIfAbsent(c.source(), k -> pairLists(k.size()));
            if (!c.hasSynapseFormats()) {
                layOutSingleFormat(c, cores, sc, si, lastSource, out);
                connectionSynapseCore[c.index()] = sc;
                connectionSynapseIndex[c.index()] = si;
                continue;
            }
            // the formats of this connection, numbered in first-use order (one when the topology gives none)
            List<WeightFormat> connFormats = new ArrayList<>();
            // per format of the connection: its index among each core's formats (-1: not yet on that core)
            List<int[]> coreFormat = new ArrayList<>();
            boolean perSynapseFormats = c.hasSynapseFormats();
            WeightFormat connectionFormat = c.prototype().weightFormat();
            int k = 0;
            while (k < n) {
                int src = c.synapseSource(k);
                int end = k;
                while (end < n && c.synapseSource(end) == src) {
                    end++;
                }
                for (int q = k; q < end; q++) {
                    int tgt = c.synapseTarget(q);
                    int cs = cores.groupCoreSlot[gi][tgt];
                    if (!formatPerSynapse[cs]) {
                        formatsPerSynapse(cs);
                    }
                    if (lastSource[cs] != src) {
                        lastSource[cs] = src;
                        int axon = axonConnection[cs].size();
                        axonConnection[cs].add(c.index());
                        axonSource[cs].add(src);
                        axonStart[cs].add(synapseCount[cs]);
                        out[src].add(cs);
                        out[src].add(axon);
                    }
                    // most connections have one format: no per-synapse lookup for them
                    WeightFormat f = perSynapseFormats ? c.synapseFormat(q) : connectionFormat;
                    int cf = perSynapseFormats ? connFormats.indexOf(f) : 0;
                    if (cf < 0 || connFormats.isEmpty()) {
                        cf = connFormats.size();
                        connFormats.add(f);
                    }
                    if (cf == coreFormat.size()) {
                        int[] none = new int[coreCount];
                        Arrays.fill(none, -1);
                        coreFormat.add(none);
                    }
                    int fi = coreFormat.get(cf)[cs];
                    if (fi < 0) {
                        fi = formats.get(cs).size();
                        formats.get(cs).add(new CoreLayout.SynapseFormat(c.index(), f));
                        coreFormat.get(cf)[cs] = fi;
                    }
                    int at = synapseCount[cs]++;
                    if (sc != null) {
                        sc[q] = cs;
                        si[q] = at;
                    }
                    synapseTarget[cs][at] = (char) cores.groupLocal[gi][tgt];
                    synapseWeight[cs][at] = (short) f.quantize(c.initialWeight(q));
                    synapseDelay[cs].add(c.synapseDelay(q));
                    synapseFormat[cs].add(fi);
                }
                k = end;
            }
            connectionSynapseCore[c.index()] = sc;
            connectionSynapseIndex[c.index()] = si;
        }
        for (int s = 0; s < coreCount; s++) {
            axonStart[s].add(synapseCount[s]);
            synapseBits[s] = memoryBits(s, connections);
        }
    }

    /**
     * The main loop for a connection whose synapses all have the prototype's weight format (nearly all do): a
     * source's synapses on one core are appended as one run, with the delays and format indices as repeated values,
     * so that a large network's layout costs a few operations per synapse. Gives the same lists as the general loop.
     */
    private void layOutSingleFormat(Connection c, CoreAssignment cores, int[] sc, int[] si, int[] lastSource,
                                    IntList[] out) {
        int gi = c.target().index();
        int[] slotOf = cores.groupCoreSlot[gi];
        int[] localOf = cores.groupLocal[gi];
        WeightFormat f = c.prototype().weightFormat();
        int lsb = f.lsb();
        boolean ownDelays = c.hasSynapseDelays();
        int delay = c.prototype().delay();
        int ci = c.index();
        // this connection's format index on each core (-1: not yet there)
        int[] coreFormat = new int[synapseBits.length];
        Arrays.fill(coreFormat, -1);
        int n = c.synapseCount();
        int q = 0;
        while (q < n) {
            int src = c.synapseSource(q);
            int cs = slotOf[c.synapseTarget(q)];
            int end = runEnd(c, slotOf, q);
            boolean opened = lastSource[cs] != src;
            if (opened) {
                lastSource[cs] = src;
                int axon = axonConnection[cs].size();
                axonConnection[cs].add(ci);
                axonSource[cs].add(src);
                axonStart[cs].add(synapseCount[cs]);
                out[src].add(cs);
                out[src].add(axon);
            }
            int fi = coreFormat[cs];
            if (fi < 0) {
                fi = formats.get(cs).size();
                formats.get(cs).add(new CoreLayout.SynapseFormat(ci, f));
                coreFormat[cs] = fi;
            }
            if (opened && !formatPerSynapse[cs]) {
                axonFormat[cs].add(fi);
            }
            char[] target = synapseTarget[cs];
            short[] weight = synapseWeight[cs];
            int at = synapseCount[cs];
            synapseCount[cs] = at + end - q;
            if (sc != null) {
                for (int k = q; k < end; k++) {
                    sc[k] = cs;
                    si[k] = at + k - q;
                }
            }
            for (int k = q; k < end; k++) {
                target[at + k - q] = (char) localOf[c.synapseTarget(k)];
                weight[at + k - q] = (short) (lsb >= 9 ? 0 : (c.initialWeight(k) >> lsb) << lsb);
            }
            if (ownDelays) {
                for (int k = q; k < end; k++) {
                    synapseDelay[cs].add(c.synapseDelay(k));
                }
            } else {
                synapseDelay[cs].addRepeated(delay, end - q);
            }
            if (formatPerSynapse[cs]) {
                synapseFormat[cs].addRepeated(fi, end - q);
            }
            q = end;
        }
    }

    /** Switches core slot s to one format index per synapse, expanding the per-axon ones it has so far. */
    private void formatsPerSynapse(int s) {
        IntList perSynapse = IntList.constantUntilChanged(synapseTarget[s].length);
        IntList starts = axonStart[s];
        int axons = axonFormat[s].size();
        for (int a = 0; a < axons; a++) {
            // the last axon so far ends at the synapses laid out so far
            int end = a + 1 < axons ? starts.get(a + 1) : synapseCount[s];
            perSynapse.addRepeated(axonFormat[s].get(a), end - starts.get(a));
        }
        synapseFormat[s] = perSynapse;
        formatPerSynapse[s] = true;
    }

    /**
     * The format index of each synapse of core slot s (expanded from the per-axon ones where those are kept), for a
     * {@link CoreLayout}; call after the layout is complete.
     */
    int[] formatInts(int s) {
        if (formatPerSynapse[s]) {
            return synapseFormat[s].trimmed();
        }
        int[] out = new int[synapseTarget[s].length];
        IntList starts = axonStart[s];
        for (int a = 0; a < axonFormat[s].size(); a++) {
            Arrays.fill(out, starts.get(a), starts.get(a + 1), axonFormat[s].get(a));
        }
        return out;
    }

    /**
     * The end of the run that starts at synapse q of {@code c}: the synapses after it from the same source onto the
     * same core slot ({@code slotOf} maps c's targets to slots), which the layout appends as one.
     */
    private static int runEnd(Connection c, int[] slotOf, int q) {
        int n = c.synapseCount();
        int src = c.synapseSource(q);
        int cs = slotOf[c.synapseTarget(q)];
        int end = q + 1;
        while (end < n && c.synapseSource(end) == src && slotOf[c.synapseTarget(end)] == cs) {
            end++;
        }
        return end;
    }

    /** Drops the lists of core slot s (a plan handed them to its core). */
    void release(int s) {
        axonStart[s] = null;
        axonConnection[s] = null;
        axonSource[s] = null;
        synapseTarget[s] = null;
        synapseWeight[s] = null;
        synapseDelay[s] = null;
        synapseFormat[s] = null;
        axonFormat[s] = null;
    }

    /**
     * Synaptic memory of core slot s: per axon and synapse format, groups of up to 64 synapses with a 10-bit header,
     * rounded to 64-bit words; a format group whose targets are consecutive is stored dense (no index bits).
     */
    private long memoryBits(int s, List<Connection> connections) {
        long bits = 0;
        int axons = axonConnection[s].size();
        char[] target = synapseTarget[s];
        IntList format = synapseFormat[s];
        boolean perSynapse = formatPerSynapse[s];
        for (int a = 0; a < axons; a++) {
            Connection c = connections.get(axonConnection[s].get(a));
            int from = axonStart[s].get(a);
            int to = axonStart[s].get(a + 1);
            boolean uniform = true;
            for (int q = from + 1; q < to && uniform && perSynapse && !format.isConstant(); q++) {
                uniform = format.get(q) == format.get(from);
            }
            if (uniform) {
                int f = perSynapse ? format.get(from) : axonFormat[s].get(a);
                bits += groupBits(c, formats.get(s).get(f).weightFormat(), target, from, to, -1, format);
                continue;
            }
            // several formats on one axon: one run of synapse groups per format
            List<Integer> seen = new ArrayList<>();
            for (int q = from; q < to; q++) {
                int f = format.get(q);
                if (!seen.contains(f)) {
                    seen.add(f);
                    bits += groupBits(c, formats.get(s).get(f).weightFormat(), target, from, to, f, format);
                }
            }
        }
        return bits;
    }

    /** Memory of the synapses of axon range [from, to) with format f (all of them when f is -1). */
    private static long groupBits(Connection c, WeightFormat wf, char[] target, int from, int to, int f,
                                  IntList format) {
        int count = 0;
        int first = -1;
        int last = -1;
        boolean dense = true;
        for (int q = from; q < to; q++) {
            if (f >= 0 && format.get(q) != f) {
                continue;
            }
            int t = target[q];
            if (count > 0 && t != last + 1) {
                dense = false;
            }
            if (count == 0) {
                first = t;
            }
            last = t;
            count++;
        }
        int span = last - first + 1;
        int bits = wf.numWeightBits() + c.delayBits() + c.prototype().numTagBits()
                + (dense ? 0 : Limits.indexBits(span));
        return Limits.axonBits(count, bits);
    }

    /** The local targets of core slot s as ints, for a {@link CoreLayout}. */
    int[] targetInts(int s) {
        char[] t = synapseTarget[s];
        int[] out = new int[t.length];
        for (int k = 0; k < t.length; k++) {
            out[k] = t[k];
        }
        return out;
    }

    /** The weight mantissas of core slot s as ints, for a {@link CoreLayout}. */
    int[] weightInts(int s) {
        short[] w = synapseWeight[s];
        int[] out = new int[w.length];
        for (int k = 0; k < w.length; k++) {
            out[k] = w[k];
        }
        return out;
    }

    private static IntList[] lists(int n) {
        IntList[] l = new IntList[n];
        for (int i = 0; i < n; i++) {
            l[i] = new IntList();
        }
        return l;
    }

    static IntList[] pairLists(int n) {
        IntList[] l = new IntList[n];
        for (int i = 0; i < n; i++) {
            l[i] = new IntList(4);
        }
        return l;
    }
}
