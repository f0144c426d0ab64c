package io.github.loihiemu.core.mapping;

/**
 * Settings of the compile step.
 *
 * @param dendriticAccumulators D, the length of every compartment's accumulator ring: 8, 16, 32 or 64. Synaptic
 *                              delays must be at most D - 2.
 * @param maxChips              how many chips the board has; a network needing more cores fails to map
 * @param honourPlacements      true: groups with an explicit core range go there (the rest is packed
 *                              automatically); false: every group is packed automatically
 * @param computeLayout         true: the emulator may run neighbouring cores as one larger compute core where that
 *                              provably changes no result and no counter ({@link MappingPlan#compute()}); false:
 *                              every chip core is run as it is. Results, spikes, counters and energy reports are
 *                              identical either way; only the emulator's speed differs
 */
public record MappingConfig(int dendriticAccumulators, int maxChips, boolean honourPlacements,
                            boolean computeLayout) {
    public MappingConfig {
        if (dendriticAccumulators != 8 && dendriticAccumulators != 16 && dendriticAccumulators != 32
                && dendriticAccumulators != 64) {
            throw new IllegalArgumentException("dendriticAccumulators = " + dendriticAccumulators
                    + " is not one of 8, 16, 32, 64");
        }
        if (maxChips < 1 || maxChips > 16384) {
            throw new IllegalArgumentException("maxChips = " + maxChips + " is outside 1..16384");
        }
    }

    /** These settings with the compute layout on. */
    public MappingConfig(int dendriticAccumulators, int maxChips, boolean honourPlacements) {
        this(dendriticAccumulators, maxChips, honourPlacements, true);
    }

    /** D = 8, up to 64 chips, explicit placements honoured, compute layout on. */
    public static MappingConfig defaults() {
        return new MappingConfig(8, 64, true);
    }

    /** This configuration with explicit placements honoured ({@code true}) or every group packed automatically. */
    public MappingConfig withPlacementsHonoured(boolean honour) {
        return new MappingConfig(dendriticAccumulators, maxChips, honour, computeLayout);
    }

    /** This configuration with the compute layout allowed ({@code true}) or every chip core run as it is. */
    public MappingConfig withComputeLayout(boolean on) {
        return new MappingConfig(dendriticAccumulators, maxChips, honourPlacements, on);
    }

    /** The largest delay a synapse may have: D - 2 (the slot read at t cannot also receive at t). */
    public int maxDelay() {
        return dendriticAccumulators - 2;
    }
}
