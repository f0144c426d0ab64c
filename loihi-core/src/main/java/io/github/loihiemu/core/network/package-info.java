/**
 * The description layer: what a spiking network is, before it is placed on any chip. A {@link Network} holds
 * {@link CompartmentGroup}s (populations sharing one compartment prototype), host {@link SpikeGenerator}s,
 * {@link Connection}s from any {@link SpikeSource} to a group, with synapses and initial weights given by a
 * {@link Topology}, learning rules with their reinforcement channels, and optional core placements.
 *
 * <p>Plain and validated as it is built; it holds no state of a running chip. Parameters come from
 * {@code compartment} (compartment prototypes), {@code synapse} (connection prototypes, weight formats) and
 * {@code learning} (rule specifications). The layers: {@code network} describes, {@code mapping} compiles the
 * description into a plan, {@code chip} runs it; {@code Board.compile(network, config)} does the last two.
 *
 * <p>Spike timing, generators included: docs/loihi-semantics.md, "Time and phases". The layers and modules:
 * docs/architecture.md.
 */
package io.github.loihiemu.core.network;
