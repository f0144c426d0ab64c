package io.github.loihiemu.core.mapping;

/** The per-core and per-chip resources of first-generation Loihi that the mapper enforces. */
public final class Limits {
    /** Compartments per neurocore. */
    public static final int COMPARTMENTS_PER_CORE = 1024;
    /**
     * Input axons per neurocore. A learning axon counts once: the nBP authors' placement, which ran on Loihi, needs
     * about 2,500 input axons on its busiest core counted this way but 4,965 if learning axons took two entries.
     */
    public static final int INPUT_AXONS_PER_CORE = 4096;
    /** Output axons (routing entries) per neurocore. */
    public static final int OUTPUT_AXONS_PER_CORE = 4096;
    /** Synaptic memory per neurocore: 16,384 words of 64 bits. */
    public static final long SYNAPSE_BITS_PER_CORE = 16384L * 64;
    /** Neurocores per chip. */
    public static final int CORES_PER_CHIP = 128;
    /** Synapses one group header can describe; longer axons use several groups. */
    public static final int SYNAPSES_PER_GROUP = 64;
    /** Bits of a synapse group header: a 4-bit format id and a 6-bit count. */
    public static final int GROUP_HEADER_BITS = 10;

    private Limits() {
    }

    /**
     * Synaptic-memory bits of one axon's synapse list: groups of up to 64 synapses, each costing
     * {@code n * bitsPerSynapse + 10} bits rounded up to whole 64-bit words.
     */
    public static long axonBits(int synapses, int bitsPerSynapse) {
        long bits = 0;
        for (int left = synapses; left > 0; left -= SYNAPSES_PER_GROUP) {
            int n = Math.min(left, SYNAPSES_PER_GROUP);
            long groupBits = (long) n * bitsPerSynapse + GROUP_HEADER_BITS;
            bits += (groupBits + 63) / 64 * 64;
        }
        return bits;
    }

    /** Index bits of a sparse synapse: the chip's encodings 6..12 (0 means dense), the least that addresses span. */
    public static int indexBits(int span) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, span - 1));
        return Math.max(6, bits);
    }
}
