package io.github.loihiemu.core.network;

import io.github.loihiemu.core.synapse.ConnectionPrototype;

/**
 * A set of synapses from a {@link SpikeSource} to a {@link CompartmentGroup}, with one synapse format. Immutable
 * description: the weights it holds are the initial weights; the compiled board owns the live ones.
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
    }

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
        return topology.weight[k];
    }

    @Override
    public String toString() {
        return "Connection[" + source.name() + " -> " + target.name() + ", " + synapseCount() + " synapses"
                + (prototype.isPlastic() ? ", plastic" : "") + "]";
    }
}
