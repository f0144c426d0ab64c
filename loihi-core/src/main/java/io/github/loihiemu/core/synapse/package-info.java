/**
 * Synapse formats: how a connection's weights are stored and what a synaptic event adds to its target.
 * {@link ConnectionPrototype} is a connection's format (weight format, delay, tag bits and an optional learning rule);
 * {@link WeightFormat} holds the precision truncation, the weight exponent and the x64 scale; {@link SignMode} says
 * whether mantissas are excitatory, inhibitory or mixed.
 *
 * <p>Part of the description: each {@code network.Connection} carries a prototype, {@code mapping} lays out the
 * synapses and charges their memory, and {@code chip} delivers spikes with the pre-computed increments.
 * Specified in docs/loihi-semantics.md, "Synapses"; the quantisation table is in "Worked examples".
 */
package io.github.loihiemu.core.synapse;
