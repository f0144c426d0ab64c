package io.github.loihiemu.core.network;

import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.WeightFormat;

/**
 * A set of synapses from a {@link SpikeSource} to a {@link CompartmentGroup}. Its prototype gives the default synapse
 * format, delay, tags and learning rule; a {@link Topology} may give each synapse a delay and weight format of its
 * own. Immutable description: the weights it holds are the initial weights; the compiled board owns the live ones.
 */
public final class Connection {
    private final int index;
    private final SpikeSource source;
    private final CompartmentGroup target;
    private final ConnectionPrototype prototype;
    private final Topology topology;

    Connection(int index, SpikeSource source, CompartmentGroup target, ConnectionPrototype prototype,
               Topology topology) {
        this.index = index;
        this.source = source;
        this.target = target;
        this.prototype = prototype;
        this.topology = topology;
        int[] d = topology.delay;
        int m = prototype.delay();
        if (d != null) {
            m = 0;
            for (int k = 0; k < d.length; k++) {
                m = Math.max(m, d[k] < 0 ? prototype.delay() : d[k]);
            }
        }
        this.maxDelay = m;
        int bits = prototype.weightFormat().numWeightBits();
        if (topology.formats != null) {
            for (WeightFormat f : topology.formats) {
                bits = f == null ? bits : Math.max(bits, f.numWeightBits());
            }
        }
        this.maxWeightBits = bits;
    }

    private final int maxDelay;
    private final int maxWeightBits;

    /** Position in the network's creation order. */
    public int index() {
        return index;
    }

    /** Where the spikes come from. */
    public SpikeSource source() {
        return source;
    }

    /** The compartments the synapses feed. */
    public CompartmentGroup target() {
        return target;
    }

    /** The synapse format. */
    public ConnectionPrototype prototype() {
        return prototype;
    }

    /** Number of synapses. */
    public int synapseCount() {
        return topology.source.length;
    }

    /** Source index of synapse {@code k} (synapses are ordered by source, then target). */
    public int synapseSource(int k) {
        return topology.source[k];
    }

    /** Target index of synapse {@code k}. */
    public int synapseTarget(int k) {
        return topology.target[k];
    }

    /** Initial weight mantissa of synapse {@code k}. */
    public int initialWeight(int k) {
        return topology.weight(k);
    }

    /** Delay of synapse {@code k}: its own if the topology gives one, else the prototype's. */
    public int synapseDelay(int k) {
        int[] d = topology.delay;
        return d == null || d[k] < 0 ? prototype.delay() : d[k];
    }

    /** Weight format of synapse {@code k}: its own if the topology gives one, else the prototype's. */
    public WeightFormat synapseFormat(int k) {
        int[] f = topology.format;
        return f == null || f[k] == 0 ? prototype.weightFormat() : topology.formats[f[k]];
    }

    /** The largest delay of any synapse (the prototype's when none has its own). */
    public int maxDelay() {
        return maxDelay;
    }

    /** The widest weight precision of any synapse. */
    public int maxWeightBits() {
        return maxWeightBits;
    }

    /**
     * Bits of the delay field, the chip's numDelayBits: the least that holds {@link #maxDelay()}, or 6 when a dd
     * rule can change delays.
     */
    public int delayBits() {
        if (prototype.learningRule() != null && prototype.learningRule().dd() != null) {
            return 6;
        }
        return maxDelay == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(maxDelay);
    }

    /** Whether some synapse has a delay of its own (else all have the prototype's, {@link #maxDelay()}). */
    public boolean hasSynapseDelays() {
        return topology.delay != null;
    }

    /** Whether some synapse has a weight format of its own (else all have the prototype's). */
    public boolean hasSynapseFormats() {
        return topology.format != null;
    }

    @Override
    public String toString() {
        return "Connection[" + source.name() + " -> " + target.name() + ", " + synapseCount() + " synapses"
                + (prototype.isPlastic() ? ", plastic" : "") + "]";
    }
}
