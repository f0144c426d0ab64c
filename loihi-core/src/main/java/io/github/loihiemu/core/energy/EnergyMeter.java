package io.github.loihiemu.core.energy;

/**
 * Turns each timestep's operation counters into energy and time per phase (section 6.5 of the semantics):
 *
 * <pre>
 * E_spiking  = Σ_c [E_act·act + E_idle·idle + E_syn·S + E_spike·spikes + E_msg·msgs]
 *              + Σ_messages (local ? E_tile : E_ew·h_ew + E_ns·h_ns) + E_barrier
 * T_spiking  = max_c [T_act·act + T_idle·idle + T_syn·S + T_spike·spikes + T_msg·msgs]
 *              + max message latency (local ? T_tile : T_ew·max h_ew + T_ns·max h_ns) + T_barrier(tiles)
 * E_learning = Σ_c E_upd·L ;  T_learning = max_c T_upd·L   (learning steps only; L = synapses visited, or every
 *              plastic synapse of the core under {@link EnergyParameters.LearningCost#ALL_PLASTIC})
 * E_pre, E_management, E_host, T_... = per-step constants of the parameter set
 * E_static   = P_static · chips · (T_spiking + T_pre + T_learning + T_management + T_host)
 * </pre>
 *
 * The message latency uses each core's largest east-west and north-south hop counts, an upper bound of the longest
 * single route. The meter only reads counters; it never touches chip state. Allocation-free per step.
 */
public final class EnergyMeter {
    private final EnergyParameters p;
    private final int tiles;
    private final int chips;
    private final double[] energyPj = new double[Phase.values().length];
    private final double[] timeNs = new double[Phase.values().length];
    private double staticPj;
    private long steps;
    private long active;
    private long inactive;
    private long synaptic;
    private long learning;
    private long spikes;
    private long messages;
    private long plasticAtEpochs;
    private int busiestSpikingCore = -1;
    private int busiestLearningCore = -1;
    /** Per core: accumulated spiking-phase and learning-phase work time, to name the busiest core of a run. */
    private double[] coreSpikingNs = new double[0];
    private double[] coreLearningNs = new double[0];

    /** A meter for a board that uses {@code tiles} tiles on {@code chips} chips. */
    public EnergyMeter(EnergyParameters parameters, int tiles, int chips) {
        this.p = parameters;
        this.tiles = tiles;
        this.chips = chips;
    }

    /** Accounts for one timestep; {@code learningStep} says whether the learning phase ran. */
    public void recordStep(CoreCounters[] cores, boolean learningStep) {
        double eSpike = 0;
        double tSpikeMax = 0;
        double eLearn = 0;
        double tLearnMax = 0;
        double latency = 0;
        int busyS = -1;
        int busyL = -1;
        if (coreSpikingNs.length != cores.length) {
            coreSpikingNs = new double[cores.length];
            coreLearningNs = new double[cores.length];
        }
        boolean allPlastic = p.learningCost() == EnergyParameters.LearningCost.ALL_PLASTIC;
        for (int c = 0; c < cores.length; c++) {
            CoreCounters k = cores[c];
            long remote = k.messagesOut - k.localMessages;
            eSpike += p.activeUpdatePj() * k.activeUpdates + p.inactiveUpdatePj() * k.inactiveUpdates
                    + p.synapticOpPj() * k.synapticEvents + p.spikeOutPj() * k.spikesOut
                    + p.messageOutPj() * k.messagesOut + p.withinTilePj() * k.localMessages
                    + p.hopEastWestPj() * k.hopsEastWest + p.hopNorthSouthPj() * k.hopsNorthSouth;
            double t = p.activeUpdateNs() * k.activeUpdates + p.inactiveUpdateNs() * k.inactiveUpdates
                    + p.synapticOpNs() * k.synapticEvents + p.spikeOutNs() * k.spikesOut
                    + p.messageOutNs() * k.messagesOut;
            coreSpikingNs[c] += t;
            if (t > tSpikeMax) {
                tSpikeMax = t;
                busyS = c;
            }
            if (k.localMessages > 0) {
                latency = Math.max(latency, p.withinTileNs());
            }
            if (remote > 0) {
                latency = Math.max(latency, p.hopEastWestNs() * k.maxHopsEastWest
                        + p.hopNorthSouthNs() * k.maxHopsNorthSouth);
            }
            if (learningStep) {
                long l = allPlastic ? k.plasticSynapsesAtEpoch : k.learningUpdates;
                eLearn += p.learningUpdatePj() * l;
                double tl = p.learningUpdateNs() * l;
                coreLearningNs[c] += tl;
                if (tl > tLearnMax) {
                    tLearnMax = tl;
                    busyL = c;
                }
            }
            active += k.activeUpdates;
            inactive += k.inactiveUpdates;
            synaptic += k.synapticEvents;
            learning += k.learningUpdates;
            plasticAtEpochs += k.plasticSynapsesAtEpoch;
            spikes += k.spikesOut;
            messages += k.messagesOut;
        }
        double tSpiking = tSpikeMax + latency + p.barrierTimeNs(tiles);
        energyPj[Phase.SPIKING.ordinal()] += eSpike + p.barrierPj();
        timeNs[Phase.SPIKING.ordinal()] += tSpiking;
        energyPj[Phase.PRE_LEARN_MANAGEMENT.ordinal()] += p.preLearnPj();
        timeNs[Phase.PRE_LEARN_MANAGEMENT.ordinal()] += p.preLearnNs();
        energyPj[Phase.LEARNING.ordinal()] += eLearn;
        timeNs[Phase.LEARNING.ordinal()] += tLearnMax;
        energyPj[Phase.MANAGEMENT.ordinal()] += p.managementPj();
        timeNs[Phase.MANAGEMENT.ordinal()] += p.managementNs();
        energyPj[Phase.HOST.ordinal()] += p.hostPj();
        timeNs[Phase.HOST.ordinal()] += p.hostNs();
        double stepNs = tSpiking + p.preLearnNs() + tLearnMax + p.managementNs() + p.hostNs();
        staticPj += p.staticPowerPerChipMw() * chips * stepNs;  // mW * ns = pJ
        steps++;
        busiestSpikingCore = busyS;
        busiestLearningCore = busyL;
    }

    /** Forgets everything recorded. */
    public void reset() {
        java.util.Arrays.fill(energyPj, 0);
        java.util.Arrays.fill(timeNs, 0);
        staticPj = 0;
        steps = 0;
        active = 0;
        inactive = 0;
        synaptic = 0;
        learning = 0;
        plasticAtEpochs = 0;
        spikes = 0;
        messages = 0;
        java.util.Arrays.fill(coreSpikingNs, 0);
        java.util.Arrays.fill(coreLearningNs, 0);
    }

    /** Core slot that took longest in the spiking phase of the last step (-1: none). */
    public int busiestSpikingCore() {
        return busiestSpikingCore;
    }

    /** Core slot that took longest in the learning phase of the last step (-1: none). */
    public int busiestLearningCore() {
        return busiestLearningCore;
    }

    /** A snapshot of the totals. */
    public EnergyReport report() {
        return new EnergyReport(p.name(), steps, energyPj.clone(), timeNs.clone(), staticPj, active, inactive,
                synaptic, learning, plasticAtEpochs, spikes, messages, chips, tiles, coreSpikingNs.clone(),
                coreLearningNs.clone());
    }
}
