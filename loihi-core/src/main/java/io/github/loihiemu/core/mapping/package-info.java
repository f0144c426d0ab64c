/**
 * The compile step: {@link Mapper} turns a {@code network.Network} into a {@link MappingPlan} in named steps:
 * placement (explicit core ranges, or greedy packing), core assignment, axon layout (each core's input axons,
 * synapses and synapse formats), routing, and one resource check that owns every limit of {@link Limits} and every
 * learning-rule constraint that depends on placement. The plan holds one {@link CoreLayout} per used core. A network
 * that does not fit fails before any timestep with a {@link ResourceLimitException} that names the core, the
 * resource, the need and the limit. {@link MappingConfig} holds the settings (dendritic accumulators, chips, whether
 * to honour placements).
 *
 * <p>Between the description ({@code network}) and the running chip ({@code chip}, which builds its neurocores from
 * the plan and shows it as {@code Board.plan()}). Resource limits and synaptic memory costs:
 * docs/loihi-semantics.md, "Synapses".
 */
package io.github.loihiemu.core.mapping;
