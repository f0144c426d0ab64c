package io.github.loihiemu.core.energy;

/**
 * A read-only snapshot of one neurocore's operation totals since the board was built or its energy meter was last
 * reset ({@code Board.counters(slot)}); the live counters stay inside the chip.
 *
 * @param core                   global core id (chip * 128 + core)
 * @param steps                  timesteps counted
 * @param activeUpdates          compartment updates with non-zero input or state
 * @param inactiveUpdates        compartment updates of idle compartments
 * @param synapticEvents         synaptic events: one per synapse per incoming spike
 * @param spikes                 spikes emitted by the core's compartments
 * @param messages               spike messages sent, one per output axon per spike
 * @param learningUpdates        synapses visited by the learning engine
 * @param droppedLearningSpikes  learning events dropped because an axon or compartment fired twice in one epoch
 */
public record CoreCounters(int core, long steps, long activeUpdates, long inactiveUpdates, long synapticEvents,
                           long spikes, long messages, long learningUpdates, long droppedLearningSpikes) {
}
