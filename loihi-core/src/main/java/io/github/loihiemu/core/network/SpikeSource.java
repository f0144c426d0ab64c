package io.github.loihiemu.core.network;

/**
 * Anything that can be the source of a connection: a group of compartments or a host spike generator.
 * Sealed so that the mapper knows every kind of source.
 */
public sealed interface SpikeSource permits CompartmentGroup, SpikeGenerator {
    /** The name given when the source was created; unique within its network. */
    String name();

    /** The number of compartments (or generator ports). */
    int size();
}
