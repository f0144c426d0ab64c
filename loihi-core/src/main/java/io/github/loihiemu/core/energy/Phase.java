package io.github.loihiemu.core.energy;

/** The phases of a Loihi timestep, in order, as NxSDK's energy probe reports them. */
public enum Phase {
    /** Compartment updates, spike routing and synaptic delivery, then the mesh-wide barrier. */
    SPIKING,
    /** Embedded snips before learning (hooks in the emulator). */
    PRE_LEARN_MANAGEMENT,
    /** Learning engines, on epoch steps. */
    LEARNING,
    /** Embedded snips and probe read-out. */
    MANAGEMENT,
    /** Host-side work. */
    HOST
}
