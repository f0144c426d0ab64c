package io.github.loihiemu.core.energy;

/**
 * Per-operation energies (pJ) and times (ns) of the energy/time model, and the phase constants. Two published sets
 * are built in: {@link #davies2018()} (Davies et al., IEEE Micro 2018, Table 2: pre-silicon figures at 0.75 V; the
 * default) and {@link #siliconCalibrated()} (SANA-FE's regression on Loihi boards, Boyle et al., IEEE TCAD 2025).
 * Static power is Frady et al. 2020's measurement (about 104 mW per chip). Management and host phases depend on user
 * code, so they are per-step constants, 0 by default. Which synapses the learning engine pays for is a choice
 * ({@link LearningCost}): the published figure is per synapse update, but whether the chip reads every plastic synapse
 * of a core in each learning epoch or only those of axons that spiked is not published. See docs/energy.md.
 *
 * @param name                parameter-set name
 * @param activeUpdatePj      energy of an active compartment update
 * @param activeUpdateNs      time of an active compartment update
 * @param inactiveUpdatePj    energy of an idle compartment update
 * @param inactiveUpdateNs    time of an idle compartment update
 * @param synapticOpPj        energy per synaptic event
 * @param synapticOpNs        time per synaptic event
 * @param learningUpdatePj    energy per synapse visited by the learning engine
 * @param learningUpdateNs    time per synapse visited by the learning engine
 * @param spikeOutPj          energy per spike emitted (silicon set only)
 * @param spikeOutNs          time per spike emitted (silicon set only)
 * @param messageOutPj        energy per output-axon message sent (silicon set only)
 * @param messageOutNs        time per output-axon message sent (silicon set only)
 * @param withinTilePj        energy of a message that stays in its tile
 * @param withinTileNs        latency of a message that stays in its tile
 * @param hopEastWestPj       energy per east-west tile hop
 * @param hopEastWestNs       latency per east-west tile hop
 * @param hopNorthSouthPj     energy per north-south tile hop
 * @param hopNorthSouthNs     latency per north-south tile hop
 * @param barrierTiles        tile counts of the barrier-time table (ascending)
 * @param barrierNs           barrier time at those tile counts (log-interpolated in the tile count)
 * @param barrierPj           energy per barrier (unpublished; 0)
 * @param staticPowerPerChipMw static power of one chip in use
 * @param preLearnPj          energy per step of the pre-learning management phase
 * @param preLearnNs          time per step of the pre-learning management phase
 * @param managementPj        energy per step of the management phase
 * @param managementNs        time per step of the management phase
 * @param hostPj              energy per step of the host phase
 * @param hostNs              time per step of the host phase
 * @param learningCost        which synapses a learning epoch pays for
 */
public record EnergyParameters(String name,
                               double activeUpdatePj, double activeUpdateNs,
                               double inactiveUpdatePj, double inactiveUpdateNs,
                               double synapticOpPj, double synapticOpNs,
                               double learningUpdatePj, double learningUpdateNs,
                               double spikeOutPj, double spikeOutNs,
                               double messageOutPj, double messageOutNs,
                               double withinTilePj, double withinTileNs,
                               double hopEastWestPj, double hopEastWestNs,
                               double hopNorthSouthPj, double hopNorthSouthNs,
                               double[] barrierTiles, double[] barrierNs, double barrierPj,
                               double staticPowerPerChipMw,
                               double preLearnPj, double preLearnNs,
                               double managementPj, double managementNs,
                               double hostPj, double hostNs, LearningCost learningCost) {

    /** Which synapses the learning phase is charged for. */
    public enum LearningCost {
        /** Only the synapses the learning engine evaluates: those of axons with a pre event in the epoch. */
        VISITED,
        /**
         * Every plastic synapse of the core, in every learning epoch (a full scan of the memory): the default, the
         * reading the measured nBP figures support (docs/energy.md, "Against the paper").
         */
        ALL_PLASTIC
    }

    public EnergyParameters {
        double[] all = {activeUpdatePj, activeUpdateNs, inactiveUpdatePj, inactiveUpdateNs, synapticOpPj,
                synapticOpNs, learningUpdatePj, learningUpdateNs, spikeOutPj, spikeOutNs, messageOutPj,
                messageOutNs, withinTilePj, withinTileNs, hopEastWestPj, hopEastWestNs, hopNorthSouthPj,
                hopNorthSouthNs, barrierPj, staticPowerPerChipMw, preLearnPj, preLearnNs, managementPj, managementNs, hostPj,
                hostNs};
        String[] names = {"activeUpdatePj", "activeUpdateNs", "inactiveUpdatePj", "inactiveUpdateNs",
                "synapticOpPj", "synapticOpNs", "learningUpdatePj", "learningUpdateNs", "spikeOutPj", "spikeOutNs",
                "messageOutPj", "messageOutNs", "withinTilePj", "withinTileNs", "hopEastWestPj", "hopEastWestNs",
                "hopNorthSouthPj", "hopNorthSouthNs", "barrierPj", "staticPowerPerChipMw", "preLearnPj", "preLearnNs",
                "managementPj",
                "managementNs", "hostPj", "hostNs"};
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] >= 0) || Double.isInfinite(all[i])) {
                throw new IllegalArgumentException("energy parameters " + name + ": " + names[i] + " = " + all[i]
                        + " must be finite and non-negative");
            }
        }
        if (barrierTiles == null || barrierNs == null || barrierTiles.length == 0
                || barrierTiles.length != barrierNs.length) {
            throw new IllegalArgumentException("energy parameters " + name
                    + ": the barrier table needs matching, non-empty tile and time columns");
        }
        for (int i = 0; i < barrierTiles.length; i++) {
            if (!(barrierTiles[i] >= 1) || (i > 0 && barrierTiles[i] <= barrierTiles[i - 1]) || !(barrierNs[i] >= 0)) {
                throw new IllegalArgumentException("energy parameters " + name + ": barrier table row " + i
                        + " (" + barrierTiles[i] + " tiles, " + barrierNs[i] + " ns) is not ascending and positive");
            }
        }
        if (learningCost == null) {
            throw new IllegalArgumentException("energy parameters " + name + ": learningCost must be given");
        }
        barrierTiles = barrierTiles.clone();
        barrierNs = barrierNs.clone();
    }

    /** Davies et al. 2018, Table 2 (pre-silicon, 0.75 V): the default. */
    public static EnergyParameters davies2018() {
        return new EnergyParameters("davies2018", 81, 8.4, 52, 5.3, 23.6, 3.5, 120, 6.1, 0, 0, 0, 0,
                1.7, 2.1, 3.0, 4.1, 4.0, 6.5, new double[] {1, 32}, new double[] {113, 465}, 0, 104, 0, 0, 0, 0, 0, 0,
                LearningCost.ALL_PLASTIC);
    }

    /**
     * SANA-FE's silicon-calibrated costs: active update = soma access + update, idle update = access only, dense
     * synaptic look-up, spike out and axon out per message; learning has no silicon figure, so Table 2's is kept.
     */
    public static EnergyParameters siliconCalibrated() {
        return new EnergyParameters("silicon", 51.2 + 21.6, 6.0 + 3.7, 51.2, 6.0, 35.5, 3.8, 120, 6.1, 69.3, 30,
                111, 5.1, 1.7, 2.1, 3.0, 4.1, 4.2, 6.5, new double[] {1, 2, 4, 29},
                new double[] {600, 1000, 1400, 1800}, 0, 104, 0, 0, 0, 0, 0, 0,
                LearningCost.ALL_PLASTIC);
    }

    /** The set called {@code name}: "davies2018" or "silicon". */
    public static EnergyParameters named(String name) {
        return switch (name) {
            case "davies2018" -> davies2018();
            case "silicon" -> siliconCalibrated();
            default -> throw new IllegalArgumentException("energy parameters: unknown set '" + name
                    + "'; valid names are davies2018, silicon");
        };
    }

    /** This set with other pre-learning management costs per step. */
    public EnergyParameters withPreLearnManagement(double pj, double ns) {
        return new EnergyParameters(name, activeUpdatePj, activeUpdateNs, inactiveUpdatePj, inactiveUpdateNs,
                synapticOpPj, synapticOpNs, learningUpdatePj, learningUpdateNs, spikeOutPj, spikeOutNs, messageOutPj,
                messageOutNs, withinTilePj, withinTileNs, hopEastWestPj, hopEastWestNs, hopNorthSouthPj,
                hopNorthSouthNs, barrierTiles, barrierNs, barrierPj, staticPowerPerChipMw, pj, ns, managementPj,
                managementNs, hostPj, hostNs, learningCost);
    }

    /** This set with other management-phase costs per step. */
    public EnergyParameters withManagement(double pj, double ns) {
        return new EnergyParameters(name, activeUpdatePj, activeUpdateNs, inactiveUpdatePj, inactiveUpdateNs,
                synapticOpPj, synapticOpNs, learningUpdatePj, learningUpdateNs, spikeOutPj, spikeOutNs, messageOutPj,
                messageOutNs, withinTilePj, withinTileNs, hopEastWestPj, hopEastWestNs, hopNorthSouthPj,
                hopNorthSouthNs, barrierTiles, barrierNs, barrierPj, staticPowerPerChipMw, preLearnPj, preLearnNs, pj,
                ns, hostPj, hostNs, learningCost);
    }

    /** This set with other host-phase costs per step. */
    public EnergyParameters withHost(double pj, double ns) {
        return new EnergyParameters(name, activeUpdatePj, activeUpdateNs, inactiveUpdatePj, inactiveUpdateNs,
                synapticOpPj, synapticOpNs, learningUpdatePj, learningUpdateNs, spikeOutPj, spikeOutNs, messageOutPj,
                messageOutNs, withinTilePj, withinTileNs, hopEastWestPj, hopEastWestNs, hopNorthSouthPj,
                hopNorthSouthNs, barrierTiles, barrierNs, barrierPj, staticPowerPerChipMw, preLearnPj, preLearnNs,
                managementPj, managementNs, pj, ns, learningCost);
    }

    /** This set with another static power per chip. */
    public EnergyParameters withStaticPowerPerChip(double mw) {
        return new EnergyParameters(name, activeUpdatePj, activeUpdateNs, inactiveUpdatePj, inactiveUpdateNs,
                synapticOpPj, synapticOpNs, learningUpdatePj, learningUpdateNs, spikeOutPj, spikeOutNs, messageOutPj,
                messageOutNs, withinTilePj, withinTileNs, hopEastWestPj, hopEastWestNs, hopNorthSouthPj,
                hopNorthSouthNs, barrierTiles, barrierNs, barrierPj, mw, preLearnPj, preLearnNs, managementPj,
                managementNs, hostPj, hostNs, learningCost);
    }

    /** This set charging the learning phase on another {@link LearningCost} basis. */
    public EnergyParameters withLearningCost(LearningCost cost) {
        return new EnergyParameters(name, activeUpdatePj, activeUpdateNs, inactiveUpdatePj, inactiveUpdateNs,
                synapticOpPj, synapticOpNs, learningUpdatePj, learningUpdateNs, spikeOutPj, spikeOutNs, messageOutPj,
                messageOutNs, withinTilePj, withinTileNs, hopEastWestPj, hopEastWestNs, hopNorthSouthPj,
                hopNorthSouthNs, barrierTiles, barrierNs, barrierPj, staticPowerPerChipMw, preLearnPj, preLearnNs,
                managementPj, managementNs, hostPj, hostNs, cost);
    }

    /** Barrier time for {@code tiles} tiles in use: log-interpolated in the tile count, flat beyond the table. */
    public double barrierTimeNs(int tiles) {
        double x = Math.max(1, tiles);
        if (x <= barrierTiles[0]) {
            return barrierNs[0];
        }
        int last = barrierTiles.length - 1;
        if (x >= barrierTiles[last]) {
            return barrierNs[last];
        }
        int i = 1;
        while (barrierTiles[i] < x) {
            i++;
        }
        double f = Math.log(x / barrierTiles[i - 1]) / Math.log(barrierTiles[i] / barrierTiles[i - 1]);
        return barrierNs[i - 1] + f * (barrierNs[i] - barrierNs[i - 1]);
    }
}
