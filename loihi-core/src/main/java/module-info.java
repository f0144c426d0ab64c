/**
 * loihi-emu's emulated first-generation Loihi chip. The exported packages are the public API: describe a network
 * ({@code network}, with {@code compartment}, {@code synapse} and {@code learning} for its parameters), compile it
 * ({@code mapping}), run it ({@code chip}) and read its energy and time ({@code energy}); {@code util} holds the
 * seedable generator the learning helpers take. {@code accounting} (live counters, the energy meter) is internal.
 * The chip's behaviour is specified in docs/loihi-semantics.md; the layers in docs/architecture.md.
 */
module io.github.loihiemu.core {
    requires org.slf4j;
    // optional: the vector kernel runs only where the JVM was started with --add-modules jdk.incubator.vector
    requires static jdk.incubator.vector;

    exports io.github.loihiemu.core.chip;
    exports io.github.loihiemu.core.compartment;
    exports io.github.loihiemu.core.energy;
    exports io.github.loihiemu.core.learning;
    exports io.github.loihiemu.core.mapping;
    exports io.github.loihiemu.core.network;
    exports io.github.loihiemu.core.synapse;
    exports io.github.loihiemu.core.util;
}
