/**
 * Internal (not exported): the live operation counters of each neurocore ({@link OperationCounters}, incremented by
 * the core's owning thread in its hot loops, plain fields, no atomics) and the {@link EnergyMeter} that turns every
 * step's counters into energy and time per phase, in per-worker partial sums combined at the end of the step. Users
 * read the results through {@code energy.EnergyReport} and {@code energy.CoreCounters} snapshots.
 *
 * <p>The meter reads counters, never chip state. Formulas: docs/loihi-semantics.md, "Energy and time".
 */
package io.github.loihiemu.core.accounting;
