package io.github.loihiemu.core.accounting;

import io.github.loihiemu.core.energy.CoreCounters;

/**
 * The live operation counters of one neurocore (internal: users read {@link CoreCounters} snapshots). The core increments the per-step fields in its hot loops (plain field
 * increments: no allocation, no atomics, because only the core's owning thread writes them); at the end of each step
 * the energy meter reads them and {@link #endStep()} folds them into the totals.
 */
public final class OperationCounters {
    /** Compartment updates with non-zero input or state this step (spiking phase). */
    public long activeUpdates;
    /** Compartment updates of idle compartments this step (spiking phase). */
    public long inactiveUpdates;
    /** Synaptic events (one per synapse per incoming spike) this step (spiking phase). */
    public long synapticEvents;
    /** Spikes emitted by the core's compartments this step. */
    public long spikesOut;
    /** Spike messages sent (one per output axon per spike) this step. */
    public long messagesOut;
    /** Messages that stayed within the source's tile this step. */
    public long localMessages;
    /** Sum over messages of east-west tile hops this step. */
    public long hopsEastWest;
    /** Sum over messages of north-south tile hops this step. */
    public long hopsNorthSouth;
    /** Largest east-west hop count of any message this step. */
    public int maxHopsEastWest;
    /** Largest north-south hop count of any message this step. */
    public int maxHopsNorthSouth;
    /** Synapses visited by the learning engine this step (learning phase). */
    public long learningUpdates;
    /**
     * Plastic synapses of the core if its learning engine ran an epoch this step (else 0): what a full scan of the
     * plastic synaptic memory would read, for {@link EnergyParameters.LearningCost#ALL_PLASTIC}.
     */
    public long plasticSynapsesAtEpoch;
    /** Learning events dropped because an axon or compartment fired twice in one epoch, this step. */
    public long droppedLearningSpikes;

    private long totalActive;
    private long totalInactive;
    private long totalSynaptic;
    private long totalSpikes;
    private long totalMessages;
    private long totalLearning;
    private long totalDropped;
    private long steps;

    /**
     * Synaptic events delivered before step 1 (host spikes stamped 0); they are charged to step 1, the first step
     * the energy meter sees.
     */
    public long eventsBeforeFirstStep;

    /** Clears the per-step fields. */
    public void beginStep() {
        activeUpdates = 0;
        inactiveUpdates = 0;
        synapticEvents = eventsBeforeFirstStep;
        eventsBeforeFirstStep = 0;
        spikesOut = 0;
        messagesOut = 0;
        localMessages = 0;
        hopsEastWest = 0;
        hopsNorthSouth = 0;
        maxHopsEastWest = 0;
        maxHopsNorthSouth = 0;
        learningUpdates = 0;
        plasticSynapsesAtEpoch = 0;
        droppedLearningSpikes = 0;
    }

    /** Adds the per-step fields to the totals. */
    public void endStep() {
        totalActive += activeUpdates;
        totalInactive += inactiveUpdates;
        totalSynaptic += synapticEvents;
        totalSpikes += spikesOut;
        totalMessages += messagesOut;
        totalLearning += learningUpdates;
        totalDropped += droppedLearningSpikes;
        steps++;
    }

    /** Clears the totals. */
    public void reset() {
        totalActive = 0;
        totalInactive = 0;
        totalSynaptic = 0;
        totalSpikes = 0;
        totalMessages = 0;
        totalLearning = 0;
        totalDropped = 0;
        steps = 0;
    }

    public long totalActiveUpdates() {
        return totalActive;
    }

    public long totalInactiveUpdates() {
        return totalInactive;
    }

    public long totalSynapticEvents() {
        return totalSynaptic;
    }

    public long totalSpikes() {
        return totalSpikes;
    }

    public long totalMessages() {
        return totalMessages;
    }

    public long totalLearningUpdates() {
        return totalLearning;
    }

    public long totalDroppedLearningSpikes() {
        return totalDropped;
    }

    /** Steps counted since the last reset. */
    public long steps() {
        return steps;
    }

    /** A read-only copy of the totals, for core {@code coreId}. */
    public CoreCounters snapshot(int coreId) {
        return new CoreCounters(coreId, steps, totalActive, totalInactive, totalSynaptic, totalSpikes, totalMessages,
                totalLearning, totalDropped);
    }
}
