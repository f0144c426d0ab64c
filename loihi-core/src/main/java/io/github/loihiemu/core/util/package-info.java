/**
 * Internal helpers of loihi-core; not part of its API, and not exported by the module. {@link SplitMix64} is the
 * seedable generator each neurocore owns (noise, trace rounding, synaptic stochastic rounding: docs/loihi-semantics.md,
 * "Learning engine"); {@link IntList} is a growable int list for build-time assembly in {@code mapping} and
 * {@code chip}, never used inside the timestep loop.
 */
package io.github.loihiemu.core.util;
