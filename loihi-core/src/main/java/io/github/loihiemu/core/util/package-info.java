/**
 * {@link SplitMix64}, the seedable 64-bit generator each neurocore owns (noise, trace rounding, synaptic stochastic
 * rounding: docs/loihi-semantics.md, "Learning engine"). Exported because the learning package's fixed-point helpers
 * ({@code ProductSeries.round}, {@code TraceProfile.decay} and {@code impulse}) take one, so that research code can
 * reproduce a core's draws; every core's stream derives from the board seed and the core id
 * ({@link SplitMix64#derive}), never from thread timing.
 */
package io.github.loihiemu.core.util;
