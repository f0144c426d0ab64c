package io.github.loihiemu.core.network;

/**
 * A host spike generator with {@code size} ports. Spikes are scheduled on the compiled board
 * ({@code Board.spikeInput(generator)}), so they can be refilled between runs without rebuilding anything.
 * A spike stamped {@code t} behaves exactly like a compartment that fired at {@code t}.
 */
public final class SpikeGenerator implements SpikeSource {
    private final Network network;
    private final int index;
    private final String name;
    private final int size;

    SpikeGenerator(Network network, int index, String name, int size) {
        this.network = network;
        this.index = index;
        this.name = name;
        this.size = size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    /** Position of this generator in its network's creation order. */
    public int index() {
        return index;
    }

    Network network() {
        return network;
    }

    @Override
    public String toString() {
        return "SpikeGenerator[" + name + ", " + size + "]";
    }
}
