package io.github.loihiemu.core.synapse;

/**
 * The weight arithmetic of one synapse format: precision truncation, the weight exponent and the x64 scale.
 *
 * <p>The value a synaptic event adds to the dendritic accumulator is
 * {@code dq = floor(w_q * 2^wexp) * 64} with {@code w_q = (w >> lsb) << lsb} and
 * {@code lsb = 8 - (numWeightBits - isMixed)} (arithmetic shifts, so negative mantissas are floored). A synapse word
 * in the emulator's synaptic memory therefore needs only the pre-computed {@code dq}; the mantissa is kept beside it
 * for the learning engine and for weight probes.
 *
 * <pre>
 * synapse word (as the chip packs it, per axon in groups of up to 64)
 * +-----------+---------------+----------+----------+
 * | idx bits  | weight bits   | delay    | tag      |
 * | (sparse)  | numWeightBits | bits     | bits     |
 * +-----------+---------------+----------+----------+
 * group header: 4-bit format id + 6-bit synapse count
 * </pre>
 *
 * @param numWeightBits  weight precision, one of 0,1,2,3,4,5,6,8 (the chip's 3-bit encoding has no 7)
 * @param weightExponent exponent applied to every mantissa, -8..7
 * @param signMode       how mantissas are interpreted
 */
public record WeightFormat(int numWeightBits, int weightExponent, SignMode signMode) {

    public WeightFormat {
        if (signMode == null) {
            throw new IllegalArgumentException("weight format: signMode must not be null");
        }
        if (numWeightBits < 0 || numWeightBits > 8 || numWeightBits == 7) {
            throw new IllegalArgumentException("weight format: numWeightBits = " + numWeightBits
                    + " is not one of the chip's encodings 0,1,2,3,4,5,6,8");
        }
        if (weightExponent < -8 || weightExponent > 7) {
            throw new IllegalArgumentException(
                    "weight format: weightExponent = " + weightExponent + " is outside -8..7");
        }
    }

    /**
     * Number of low mantissa bits the format drops, {@code 8 - (numWeightBits - isMixed)}: 0..8 for 1..8 weight bits
     * (mixed 1-bit weights keep only the sign bit, so they are -256 or 0). A 0-bit format stores no weight: 9, and
     * every weight is 0.
     */
    public int lsb() {
        return numWeightBits == 0 ? 9 : 8 - (numWeightBits - (signMode.isMixed() ? 1 : 0));
    }

    /** The mantissa after precision truncation (floor for negative values). */
    public int quantize(int mantissa) {
        int lsb = lsb();
        return lsb >= 9 ? 0 : (mantissa >> lsb) << lsb;
    }

    /** The value one synaptic event adds to the dendritic accumulator. */
    public int accumulatorIncrement(int mantissa) {
        return scale(quantize(mantissa), weightExponent);
    }

    /** {@code floor(wq * 2^wexp) * 64} for an already quantised mantissa. */
    public static int scale(int quantized, int weightExponent) {
        return weightExponent >= 0 ? quantized << (weightExponent + 6) : (quantized >> -weightExponent) << 6;
    }

    /** Largest representable mantissa in this format (the learning engine clips to it). */
    public int maxWeight() {
        return quantize(signMode.maxMantissa());
    }

    /** Smallest representable mantissa in this format. */
    public int minWeight() {
        return quantize(signMode.minMantissa());
    }

    /** Rejects a mantissa outside the sign mode's range, naming it and where it came from. */
    public void checkMantissa(int mantissa, String where) {
        if (mantissa < signMode.minMantissa() || mantissa > signMode.maxMantissa()) {
            throw new IllegalArgumentException(where + ": weight " + mantissa + " is outside "
                    + signMode.minMantissa() + ".." + signMode.maxMantissa() + " allowed by sign mode " + signMode);
        }
    }
}
