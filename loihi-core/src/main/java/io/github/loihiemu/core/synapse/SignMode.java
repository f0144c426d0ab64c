package io.github.loihiemu.core.synapse;

/**
 * How a synapse format interprets its weight mantissas. The chip's default is {@link #MIXED}: NxSDK's hardware
 * record of a default learning connection shows weights going negative and moving by even steps only.
 */
public enum SignMode {
    /** Signed weights; one weight bit is spent on the sign, so 8-bit mixed weights are even, -256..254. */
    MIXED(-256, 254, true),
    /** Non-negative weights 0..255. */
    EXCITATORY(0, 255, false),
    /** Non-positive weights -256..0 (sources disagree between -255 and -256; we accept -256, see docs). */
    INHIBITORY(-256, 0, false);

    private final int min;
    private final int max;
    private final boolean signed;

    SignMode(int min, int max, boolean signed) {
        this.min = min;
        this.max = max;
        this.signed = signed;
    }

    /** Smallest mantissa accepted in this mode (before precision truncation). */
    public int minMantissa() {
        return min;
    }

    /** Largest mantissa accepted in this mode (before precision truncation). */
    public int maxMantissa() {
        return max;
    }

    /** Whether the format spends a weight bit on the sign ({@code isMixed} in the precision formula). */
    public boolean isMixed() {
        return signed;
    }
}
