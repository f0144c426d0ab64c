package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.energy.EnergyParameters;
import io.github.loihiemu.core.mapping.MappingConfig;

/**
 * How to compile and run a network.
 *
 * @param mapping  placement and resource settings
 * @param threads  worker threads that run the cores' phases, 1..256; results do not depend on it
 * @param seed     seed of every random generator of the board (noise, trace and weight rounding), per core
 * @param energy   parameters of the energy/time model
 */
public record BoardConfig(MappingConfig mapping, int threads, long seed, EnergyParameters energy) {
    public BoardConfig {
        if (mapping == null || energy == null) {
            throw new IllegalArgumentException("board config: mapping and energy parameters must not be null");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("board config: threads = " + threads + " is outside 1..256");
        }
    }

    /** Default mapping, one thread, seed 0, the Davies 2018 energy figures. */
    public static BoardConfig defaults() {
        return new BoardConfig(MappingConfig.defaults(), 1, 0L, EnergyParameters.davies2018());
    }

    /** This config with {@code threads} worker threads. */
    public BoardConfig withThreads(int threads) {
        return new BoardConfig(mapping, threads, seed, energy);
    }

    /** This config with {@code seed}. */
    public BoardConfig withSeed(long seed) {
        return new BoardConfig(mapping, threads, seed, energy);
    }

    /** This config with other mapping settings. */
    public BoardConfig withMapping(MappingConfig mapping) {
        return new BoardConfig(mapping, threads, seed, energy);
    }

    /** This config with other energy parameters. */
    public BoardConfig withEnergy(EnergyParameters energy) {
        return new BoardConfig(mapping, threads, seed, energy);
    }
}
