/**
 * The compile step: {@link Mapper} turns a {@code network.Network} into a {@link MappingPlan}. It places
 * compartments on neurocores (explicit core ranges, or greedy packing), lays out each core's input axons and synapses
 * ({@link CorePlan}), builds the routing of every spike source, and checks every per-core resource against
 * {@link Limits}. A network that does not fit fails before any timestep with a {@link ResourceLimitException} that
 * names the core, the resource, the need and the limit. {@link MappingConfig} holds the settings (dendritic
 * accumulators, chips, whether to honour placements).
 *
 * <p>Between the description ({@code network}) and the running chip ({@code chip}, which builds its neurocores from
 * the plan and shows it as {@code Board.plan()}). Resource limits and synaptic memory costs:
 * docs/loihi-semantics.md, "Synapses".
 */
package io.github.loihiemu.core.mapping;
