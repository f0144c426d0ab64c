package io.github.loihiemu.core.compartment;

/**
 * Fixed-width register arithmetic of a Loihi compartment, in the plain {@code long} form that is obviously correct.
 * The optimised kernel in the neurocore must agree with these functions bit for bit; tests hold them side by side.
 *
 * <pre>
 * dendritic accumulator q (22-bit two's complement, wraps)
 *  21 20                                                    0
 * +--+------------------------------------------------------+
 * |s |                 magnitude bits                       |   range -2^21 .. 2^21-1
 * +--+------------------------------------------------------+
 *
 * synaptic current u, and u + bias (24-bit two's complement, wraps)
 *  23 22                                                    0
 * +--+------------------------------------------------------+
 * |s |                 magnitude bits                       |   range -2^23 .. 2^23-1
 * +--+------------------------------------------------------+
 *
 * membrane voltage v: saturates at the core's [vMin, vMax], never wraps
 * </pre>
 */
public final class Registers {
    /** Width of the dendritic accumulator including the sign bit. */
    public static final int Q_BITS = 22;
    /** Width of the current register u including the sign bit. */
    public static final int U_BITS = 24;
    /** Largest value of the 24-bit current register. */
    public static final int U_MAX = (1 << 23) - 1;
    /** Smallest value of the 24-bit current register. */
    public static final int U_MIN = -(1 << 23);
    /** Decays are effective values in 0..4096; 4096 forgets everything in one step. */
    public static final int DECAY_MAX = 4096;

    private Registers() {
    }

    /** Two's-complement wrap of {@code x} to {@code bits} bits (sign included). */
    public static int wrap(long x, int bits) {
        long span = 1L << bits;
        long half = span >> 1;
        return (int) (Math.floorMod(x + half, span) - half);
    }

    /**
     * Sign-magnitude truncating decay: {@code sign(x) * floor(|x| * (4096 - decay) / 4096)}. The chip truncates the
     * magnitude, so negative state decays toward zero, not toward minus infinity.
     */
    public static int decay(int x, int decay) {
        long m = (Math.abs((long) x) * (DECAY_MAX - decay)) >>> 12;
        return x < 0 ? (int) -m : (int) m;
    }
}
