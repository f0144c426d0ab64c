/**
 * The energy and time model. Each neurocore increments its {@link CoreCounters}; the {@link EnergyMeter} turns the
 * counters of every step into energy and time per {@link Phase}, with an {@link EnergyParameters} set (Davies et al.
 * 2018, Table 2, by default; a silicon-calibrated set as the alternative) and the hop counts of {@link MeshGeometry}.
 * The result is an {@link EnergyReport} ({@code Board.energyReport()}).
 *
 * <p>This package reads counters, never chip state, and depends on no other package of loihi-core: {@code chip} owns
 * the counters and feeds the meter, so the model can change without changing what the chip computes.
 *
 * <p>Specified in docs/loihi-semantics.md, "Energy and time" (an example in "Worked examples"); parameters, sources and
 * the comparison with the nBP paper in docs/energy.md.
 */
package io.github.loihiemu.core.energy;
