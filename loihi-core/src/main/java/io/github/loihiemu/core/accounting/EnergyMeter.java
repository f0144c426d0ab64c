package io.github.loihiemu.core.accounting;

import io.github.loihiemu.core.energy.EnergyParameters;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.energy.Phase;

/**
 * Turns each timestep's operation counters into energy and time per phase (docs/loihi-semantics.md, "Energy and time"):
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
        this(parameters, tiles, chips, 0);
    }

    /** As above, sized for {@code cores} cores so that several threads can {@link #accumulate} at once. */
    public EnergyMeter(EnergyParameters parameters, int tiles, int chips, int cores) {
        this.p = parameters;
        this.tiles = tiles;
        this.chips = chips;
        this.barrierNs = parameters.barrierTimeNs(tiles);
        coreSpikingNs = new double[cores];
        coreLearningNs = new double[cores];
    }

    private final double barrierNs;

    /**
     * One worker's share of a timestep: exact operation sums over its cores and the largest per-core times. Workers
     * fill their own partial in parallel; {@link #finishStep} combines them. Energies are computed from the exact
     * integer sums, so the result does not depend on how cores are split among workers.
     */
    public static final class Partial {
        long active;
        long inactive;
        long synaptic;
        long spikes;
        long messages;
        long local;
        long hopsEw;
        long hopsNs;
        long learning;
        long learningCharged;
        long plasticAtEpochs;
        double spikingMax;
        int spikingBusy = -1;
        double learningMax;
        int learningBusy = -1;
        double latency;

        void clear() {
            active = 0;
            inactive = 0;
            synaptic = 0;
            spikes = 0;
            messages = 0;
            local = 0;
            hopsEw = 0;
            hopsNs = 0;
            learning = 0;
            learningCharged = 0;
            plasticAtEpochs = 0;
            spikingMax = 0;
            spikingBusy = -1;
            learningMax = 0;
            learningBusy = -1;
            latency = 0;
        }
    }

    /** Accounts for one timestep of all {@code cores}; {@code learningStep} says whether the learning phase ran. */
    public void recordStep(OperationCounters[] cores, boolean learningStep) {
        Partial p = new Partial();
        accumulate(cores, null, learningStep, p);
        finishStep(new Partial[] {p}, learningStep);
    }

    /**
     * Adds this step's counters of the cores {@code slots} (all of {@code cores} when null) into {@code into}, which
     * is cleared first, and records each core's own phase times. Call from the thread that owns those cores.
     */
    public void accumulate(OperationCounters[] cores, int[] slots, boolean learningStep, Partial into) {
        into.clear();
        if (coreSpikingNs.length != cores.length) {
            if (slots != null) {
                throw new IllegalStateException("energy meter sized for " + coreSpikingNs.length + " cores, given "
                        + cores.length + "; build it with the core count to account from several threads");
            }
            coreSpikingNs = new double[cores.length];
            coreLearningNs = new double[cores.length];
        }
        boolean allPlastic = p.learningCost() == EnergyParameters.LearningCost.ALL_PLASTIC;
        int n = slots == null ? cores.length : slots.length;
        for (int q = 0; q < n; q++) {
            int c = slots == null ? q : slots[q];
            OperationCounters k = cores[c];
            into.active += k.activeUpdates;
            into.inactive += k.inactiveUpdates;
            into.synaptic += k.synapticEvents;
            into.spikes += k.spikesOut;
            into.messages += k.messagesOut;
            into.local += k.localMessages;
            into.hopsEw += k.hopsEastWest;
            into.hopsNs += k.hopsNorthSouth;
            into.learning += k.learningUpdates;
            into.plasticAtEpochs += k.plasticSynapsesAtEpoch;
            double t = p.activeUpdateNs() * k.activeUpdates + p.inactiveUpdateNs() * k.inactiveUpdates
                    + p.synapticOpNs() * k.synapticEvents + p.spikeOutNs() * k.spikesOut
                    + p.messageOutNs() * k.messagesOut;
            coreSpikingNs[c] += t;
            if (t > into.spikingMax || (t == into.spikingMax && t > 0 && c < into.spikingBusy)) {
                into.spikingMax = t;
                into.spikingBusy = c;
            }
            if (k.localMessages > 0) {
                into.latency = Math.max(into.latency, p.withinTileNs());
            }
            if (k.messagesOut - k.localMessages > 0) {
                into.latency = Math.max(into.latency, p.hopEastWestNs() * k.maxHopsEastWest
                        + p.hopNorthSouthNs() * k.maxHopsNorthSouth);
            }
            if (learningStep) {
                long l = allPlastic ? k.plasticSynapsesAtEpoch : k.learningUpdates;
                into.learningCharged += l;
                double tl = p.learningUpdateNs() * l;
                coreLearningNs[c] += tl;
                if (tl > into.learningMax || (tl == into.learningMax && tl > 0 && c < into.learningBusy)) {
                    into.learningMax = tl;
                    into.learningBusy = c;
                }
            }
        }
    }

    /** Combines the workers' partials of one step into the totals. */
    public void finishStep(Partial[] partials, boolean learningStep) {
        long act = 0;
        long idle = 0;
        long syn = 0;
        long spk = 0;
        long msg = 0;
        long loc = 0;
        long ew = 0;
        long ns = 0;
        long charged = 0;
        double tSpikeMax = 0;
        double tLearnMax = 0;
        double latency = 0;
        int busyS = -1;
        int busyL = -1;
        for (Partial q : partials) {
            act += q.active;
            idle += q.inactive;
            syn += q.synaptic;
            spk += q.spikes;
            msg += q.messages;
            loc += q.local;
            ew += q.hopsEw;
            ns += q.hopsNs;
            charged += q.learningCharged;
            active += q.active;
            inactive += q.inactive;
            synaptic += q.synaptic;
            learning += q.learning;
            plasticAtEpochs += q.plasticAtEpochs;
            spikes += q.spikes;
            messages += q.messages;
            if (q.spikingBusy >= 0
                    && (q.spikingMax > tSpikeMax || (q.spikingMax == tSpikeMax && q.spikingBusy < busyS))) {
                tSpikeMax = q.spikingMax;
                busyS = q.spikingBusy;
            }
            if (q.learningBusy >= 0
                    && (q.learningMax > tLearnMax || (q.learningMax == tLearnMax && q.learningBusy < busyL))) {
                tLearnMax = q.learningMax;
                busyL = q.learningBusy;
            }
            latency = Math.max(latency, q.latency);
        }
        double eSpike = p.activeUpdatePj() * act + p.inactiveUpdatePj() * idle + p.synapticOpPj() * syn
                + p.spikeOutPj() * spk + p.messageOutPj() * msg + p.withinTilePj() * loc + p.hopEastWestPj() * ew
                + p.hopNorthSouthPj() * ns;
        double eLearn = learningStep ? p.learningUpdatePj() * charged : 0;
        double tSpiking = tSpikeMax + latency + barrierNs;
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
