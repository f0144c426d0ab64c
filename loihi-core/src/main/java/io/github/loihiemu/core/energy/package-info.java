/**
 * The energy and time model as users see it: the {@link EnergyParameters} sets (Davies et al. 2018, Table 2, by
 * default; a silicon-calibrated set as the alternative), the {@link Phase}s of a timestep, the mesh hop counts of
 * {@link MeshGeometry}, the {@link EnergyReport} ({@code Board.energyReport()}) and read-only {@link CoreCounters}
 * snapshots of each core's operations ({@code Board.counters(slot)}).
 *
 * <p>The live per-core counters and the meter that turns each step's counters into energy and time live in the
 * internal {@code accounting} package: they read counters, never chip state, so the model can change without changing
 * what the chip computes.
 *
 * <p>Specified in docs/loihi-semantics.md, "Energy and time" (an example in "Worked examples"); parameters, sources and
 * the comparison with the nBP paper in docs/energy.md.
 */
package io.github.loihiemu.core.energy;
