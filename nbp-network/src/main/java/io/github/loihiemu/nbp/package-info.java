/**
 * nBP, the on-chip backpropagation circuit of Renner et al., on the emulated chip. {@link NbpWeights} is the plastic
 * state for any list of layers; {@link NbpCircuit} generates the synfire-gated training circuit as a loihi-core
 * {@code Network} from the slot schedule, and {@link NbpChipSession} compiles and drives it with the authors' host
 * schedule; {@link NbpInference} is the inference circuit; {@link NbpReference} is the plain-Java algorithm the
 * circuit computes (the golden model). {@link NbpTrainer} is the Java API and the one training loop (train,
 * resume, evaluate, weights, energy), {@link NbpFiles} reads and writes weight files, checkpoints and orders, and
 * {@link NbpReport} is the energy-delay report.
 *
 * <p>Uses only loihi-core's public API: it describes circuits with {@code core.network}, {@code core.compartment},
 * {@code core.synapse} and {@code core.learning}, runs them on a {@code core.chip.Board} (spike inputs, probes,
 * weights) and reads {@code core.energy} reports; samples come from the datasets module. Subpackages: {@code io}
 * (the .npy/.npz codec and the JSON line writer), {@code plot} (PNG plots), {@code cli} (the {@code nbp} command, a
 * thin layer over this package's API). The circuit and its results: docs/nbp.md; the energy
 * comparison: docs/energy.md; the chip behaviour it relies on: docs/loihi-semantics.md.
 */
package io.github.loihiemu.nbp;
