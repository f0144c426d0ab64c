package io.github.loihiemu.core.util;

/**
 * A small, fast, seedable pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014) used for every random draw
 * of the emulated chip: compartment noise, trace rounding and synaptic stochastic rounding.
 *
 * <p>The chip's own generators are unpublished, so the emulator only promises determinism: the same seed gives the
 * same stream. Each neurocore owns its own instances, which is what makes results independent of the number of worker
 * threads. Not thread-safe; allocation-free; the whole state is one {@code long} so it can be saved and restored.
 */
public final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** Creates a generator whose stream is fully determined by {@code seed}. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** Returns the next 64 uniformly distributed bits. */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Returns {@code bits} uniformly distributed bits as a non-negative int, {@code 1 <= bits <= 31}. */
    public int nextBits(int bits) {
        return (int) (nextLong() >>> (64 - bits));
    }

    /** Returns a uniformly distributed int in {@code [0, bound)} (Lemire's multiply-shift, bias below 2^-32). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Returns a uniformly distributed double in {@code [0, 1)}. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** The generator's whole state, for checkpoints. */
    public long state() {
        return state;
    }

    /** Restores a state previously read with {@link #state()}. */
    public void setState(long state) {
        this.state = state;
    }

    /** Derives an independent seed for sub-generator {@code index} (per core, per purpose). */
    public static long derive(long seed, long index) {
        return new SplitMix64(seed ^ (index * GOLDEN_GAMMA + 0x632BE59BD9B4E019L)).nextLong();
    }
}
