package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.util.VectorSupport;

/**
 * Which compartment kernels a neurocore runs: where {@link VectorSupport#available()}, a uniform core's update runs on
 * explicit vectors ({@link VectorKernel}), else on the loops that C2 vectorises itself. Both give the same integers.
 */
final class Kernels {
    private Kernels() {
    }

    /** Whether {@link VectorKernel} runs. */
    static final boolean VECTOR = VectorSupport.available();
}
