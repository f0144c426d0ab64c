package io.github.loihiemu.nir;

/**
 * How {@link NirMapper} maps a graph.
 *
 * @param dt      the timestep in seconds: time constants become decays at this step (docs/nir.md, "Mapping")
 * @param vThMant the largest threshold mantissa a spiking neuron node gets (1..131071); the mapper lowers it for a
 *                node whose largest weight or bias would not fit the chip's, or whose current could wrap
 *                (docs/nir.md, "Mapping onto the chip"). Each neuron's
 *                scale is chosen so that its float threshold lands exactly on {@code vThMant * 64}. The default 16384
 *                puts the threshold at 2^20, an eighth of the chip's 24-bit state range, leaving room for currents
 *                and voltages of several thresholds
 */
public record MapOptions(double dt, int vThMant) {

    /** Default timestep: 1 ms. */
    public static final double DEFAULT_DT = 1e-3;
    /** Default threshold mantissa: 2^14 (threshold 2^20). */
    public static final int DEFAULT_VTH_MANT = 1 << 14;

    /** Validates the values. */
    public MapOptions {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("map options: dt = " + dt + " must be a positive number of seconds");
        }
        if (vThMant < 1 || vThMant > (1 << 17) - 1) {
            throw new IllegalArgumentException("map options: vThMant = " + vThMant + " is outside 1..131071");
        }
    }

    /** dt = 1 ms, vThMant = 16384. */
    public static MapOptions defaults() {
        return new MapOptions(DEFAULT_DT, DEFAULT_VTH_MANT);
    }

    /** These options with another timestep. */
    public MapOptions withDt(double newDt) {
        return new MapOptions(newDt, vThMant);
    }

    /** These options with another threshold mantissa. */
    public MapOptions withVThMant(int newVThMant) {
        return new MapOptions(dt, newVThMant);
    }
}
