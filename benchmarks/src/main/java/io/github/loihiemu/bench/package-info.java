/**
 * The JMH benchmark suite and the CUBA example, packaged as the shaded {@code benchmarks.jar} and run by
 * {@code benchmarks/run.sh} (never by {@code mvn verify}). {@link KernelBenchmark} times the emulator's kernels per
 * unit of work; {@link NbpTrainingBenchmark}, {@link NbpInferenceBenchmark} and {@link ScalingBenchmark} time nBP
 * training and inference on the emulated chip; {@link CubaBenchmark} times the CUBA network of Brette et al. 2007
 * ({@link CubaNetwork}), which {@link CubaExample} also runs from the command line.
 *
 * <p>The top of the module graph: it uses loihi-core's public API, nbp-network and datasets, and nothing depends on
 * it. Results, methods and what changed: docs/performance.md.
 */
package io.github.loihiemu.bench;
