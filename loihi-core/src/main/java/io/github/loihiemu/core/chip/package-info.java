/**
 * The running chip. A {@link Board} is a compiled network: it maps a {@code network.Network} with the
 * {@code mapping} package (settings in {@link BoardConfig}), owns the neurocores, the routing between them and their
 * learning engines, and advances barrier-synchronised timesteps on worker threads. The host feeds generator spikes
 * through {@link SpikeInput}, records with {@link SpikeProbe}, {@link StateProbe} and {@link WeightProbe}, and may run
 * {@link StepHook}s in a phase of every step. The neurocore (state as primitive arrays, the branch-free compartment
 * kernel, spike delivery), the learning engine and the scheduler are package-private.
 *
 * <p>The last layer: {@code network} describes, {@code mapping} compiles, {@code chip} runs. Each core counts its
 * operations in an {@code energy.CoreCounters}, which the {@code energy} package turns into energy and time. Results
 * depend on the seed, never on the number of threads.
 *
 * <p>Specified in docs/loihi-semantics.md, "Time and phases", "Compartment (CUBA LIF), per step", "Synapses" and
 * "Learning engine"; threads and barriers in docs/architecture.md, "One timestep".
 */
package io.github.loihiemu.core.chip;
