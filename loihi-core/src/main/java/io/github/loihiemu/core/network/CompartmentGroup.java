package io.github.loihiemu.core.network;

import io.github.loihiemu.core.compartment.CompartmentPrototype;

/**
 * A population of compartments that share one {@link CompartmentPrototype}. Part of the description layer: it holds
 * no state; the mapper places its compartments onto neurocores.
 */
public final class CompartmentGroup implements SpikeSource {
    private final Network network;
    private final int index;
    private final String name;
    private final int size;
    private final CompartmentPrototype prototype;

    CompartmentGroup(Network network, int index, String name, int size, CompartmentPrototype prototype) {
        this.network = network;
        this.index = index;
        this.name = name;
        this.size = size;
        this.prototype = prototype;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    /** The parameters of every compartment of this group. */
    public CompartmentPrototype prototype() {
        return prototype;
    }

    /** Position of this group in its network's creation order. */
    public int index() {
        return index;
    }

    Network network() {
        return network;
    }

    @Override
    public String toString() {
        return "CompartmentGroup[" + name + ", " + size + "]";
    }
}
