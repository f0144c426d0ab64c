/**
 * The running chip. {@link Board} is the facade: {@code Board.compile(network, config)} runs the build path (the
 * {@code mapping} package's {@code Mapper} gives one {@code CoreLayout} per core, then a package-private core
 * builder turns each into a neurocore with its synaptic memory, output axons, mailboxes and learning engine), and
 * {@link Board#run(int)} drives the package-private timestep engine, which runs the phases of every step over worker
 * threads with a barrier. The host feeds generator spikes through {@link SpikeInput}, records with
 * {@link SpikeProbe}, {@link CompartmentProbe} (u, v and spikes as {@code [steps][compartments]} arrays),
 * {@link StateProbe} and {@link WeightProbe}, and may run {@link StepHook}s in a phase of every step. Settings:
 * {@link BoardConfig}.
 *
 * <p>The last layer: {@code network} describes, {@code mapping} compiles, {@code chip} runs. Each core counts its
 * operations next to the work; the energy model reads the counters, never the state. Results depend on the seed,
 * never on the number of threads.
 *
 * <p>Specified in docs/loihi-semantics.md, "Time and phases", "Compartment (CUBA LIF), per step", "Synapses" and
 * "Learning engine"; the build and run paths in docs/architecture.md.
 */
package io.github.loihiemu.core.chip;
