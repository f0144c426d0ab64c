package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.accounting.OperationCounters;
import io.github.loihiemu.core.energy.CoreCounters;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.energy.Phase;
import io.github.loihiemu.core.mapping.Mapper;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.synapse.WeightFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.WeakReference;
import java.util.List;

/**
 * A compiled network on emulated Loihi chips: the facade research code talks to. {@link #compile} runs the build path
 * (the {@link Mapper} turns the {@link Network} into a {@link MappingPlan} of {@link
 * io.github.loihiemu.core.mapping.CoreLayout core layouts}, then the cores are built from it); {@link #run(int)}
 * runs the timestep engine, whose phases are described in docs/architecture.md and docs/loihi-semantics.md
 * ("Time and phases"). In between, the host schedules spikes ({@link #spikeInput}), attaches probes and hooks, reads
 * and sets state and weights, and reads the operation counters and the energy report.
 *
 * <p>Each core's state is touched only by the thread that owns the core, and every random draw comes from the core's
 * own generators, so results are identical for any number of threads. A board is not meant to be shared: call it from
 * one thread at a time.
 */
public final class Board implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Board.class);

    /** The mapping, until {@link #releaseDescription()} drops it (then null). */
    private MappingPlan plan;
    /**
     * The network, weakly: while the plan is kept it holds the network; after the release only the caller's own
     * references (a group or generator holds its network) keep it, so that its synapse lists can be collected.
     */
    private final WeakReference<Network> network;
    /** Per group: the core slot and local index of each compartment (the plan's arrays, kept past a release). */
    private final int[][] groupSlot;
    private final int[][] groupLocal;
    private final int[] coreIds;
    private final BoardConfig config;
    private final TimestepEngine engine;

    /** Tests only: runs every core's scalar kernels, to compare them with the vector ones. */
    void useScalarKernels() {
        for (Neurocore c : engine.cores) {
            c.scalarKernels = true;
        }
    }

    private Board(MappingPlan plan, BoardConfig config) {
        this(plan, config, false);
    }

    private Board(MappingPlan plan, BoardConfig config, boolean release) {
        this.plan = plan;
        this.config = config;
        this.network = new WeakReference<>(plan.network());
        MappingPlan run = plan.compute();
        int groups = plan.network().groups().size();
        groupSlot = new int[groups][];
        groupLocal = new int[groups][];
        for (int g = 0; g < groups; g++) {
            groupSlot[g] = run.groupCoreSlots(g);
            groupLocal[g] = run.groupLocalIndices(g);
        }
        coreIds = new int[plan.coreCount()];
        for (int s = 0; s < coreIds.length; s++) {
            coreIds[s] = plan.core(s).id();
        }
        long t0 = System.nanoTime();
        Neurocore[] cores = CoreBuilder.build(run, config.seed(), release, run.merged() ? plan : null);
        this.engine = new TimestepEngine(this, run, plan, cores, config);
        LOG.debug("built {} neurocores in {} ms", cores.length, (System.nanoTime() - t0) / 1_000_000);
        if (release) {
            this.plan = null;
        }
    }

    /**
     * Drops the board's mapping plan and its hold on the network, so that the description (the network's synapse
     * lists, the core layouts, the per-synapse maps of the plan) can be collected once the caller drops it too; a
     * large network then needs about a third of the heap (docs/performance.md, "Sizing the heap"). The board runs,
     * takes spikes, probes compartments and reads and sets state as before; what needs the synapse order of a
     * connection ({@link #weights}, {@link #setWeights}, {@link #probeWeights}) and {@link #plan()} are refused
     * afterwards. Irreversible; a second call does nothing.
     */
    public void releaseDescription() {
        plan = null;
    }

    /** The plan, or a one-line refusal naming what needed it once the description was released. */
    private MappingPlan described(String what) {
        MappingPlan p = plan;
        if (p == null) {
            throw new IllegalStateException(what + ": this board released its description (releaseDescription),"
                    + " which held the synapse order; read or set weights before releasing it");
        }
        return p;
    }

    /** Maps {@code network} with default settings and builds the board. */
    public static Board compile(Network network) {
        return compile(network, BoardConfig.defaults());
    }

    /**
     * Maps {@code network} onto cores and builds the board. Fails before any timestep if the network does not fit
     * ({@link io.github.loihiemu.core.mapping.ResourceLimitException}) or breaks a per-core constraint (a malformed
     * learning rule already failed when its spec was built).
     */
    public static Board compile(Network network, BoardConfig config) {
        if (network == null || config == null) {
            throw new IllegalArgumentException("compile: network and config must not be null");
        }
        checkHeap(network, Runtime.getRuntime().maxMemory());
        return new Board(Mapper.map(network, config.mapping(), config.threads()), config);
    }

    /**
     * As {@link #compile(Network, BoardConfig)} followed by {@link #releaseDescription()}, but the description is
     * released while the board is built: the plan records no per-connection synapse order and hands each core's
     * synapses to the core as it is built, so the heap at its peak holds little more than the network and the board
     * (docs/performance.md, "Sizing the heap"). For networks too large to hold twice.
     */
    public static Board compileReleasing(Network network, BoardConfig config) {
        if (network == null || config == null) {
            throw new IllegalArgumentException("compileReleasing: network and config must not be null");
        }
        checkHeap(network, Runtime.getRuntime().maxMemory(), true);
        return new Board(Mapper.map(network, config.mapping(), false, config.threads()), config, true);
    }

    /** Refuses a network whose lower-bound size exceeds {@code heap}, before anything is built. */
    static void checkHeap(Network network, long heap) {
        checkHeap(network, heap, false);
    }

    static void checkHeap(Network network, long heap, boolean released) {
        long need = released ? estimateReleasedBytes(network) : estimateBytes(network);
        if (need > heap) {
            throw new IllegalArgumentException((released ? "compileReleasing" : "compile") + ": the board needs at"
                    + " least " + (need >> 20) + " MiB (" + network.compartmentCount() + " compartments at "
                    + (released ? RELEASED_BYTES_PER_COMPARTMENT : BYTES_PER_COMPARTMENT) + " B, "
                    + synapseCount(network) + " synapses at " + (released ? RELEASED_BYTES_PER_SYNAPSE
                    : BYTES_PER_SYNAPSE) + " B), the Java heap allows " + (heap >> 20)
                    + " MiB: raise it with -Xmx (docs/performance.md, \"Sizing the heap\")");
        }
    }

    /**
     * Lower bounds of what a compiled board holds per synapse and per compartment with its description (mapping plan
     * and synapse order) kept, and once it is released (docs/performance.md, "Sizing the heap").
     */
    static final long BYTES_PER_SYNAPSE = 40;
    static final long BYTES_PER_COMPARTMENT = 56;
    static final long RELEASED_BYTES_PER_SYNAPSE = 12;
    static final long RELEASED_BYTES_PER_COMPARTMENT = 44;

    /**
     * A lower bound of the heap a compiled {@code network} takes (mapping plan, cores, synaptic memory) beside the
     * network itself, to size {@code -Xmx} before building: {@code compile} refuses at once a network whose bound
     * exceeds the heap.
     */
    public static long estimateBytes(Network network) {
        return synapseCount(network) * BYTES_PER_SYNAPSE + (long) network.compartmentCount() * BYTES_PER_COMPARTMENT;
    }

    /**
     * As {@link #estimateBytes}, for a board whose description is released ({@link #compileReleasing}, or
     * {@link #releaseDescription} after {@code compile}).
     */
    public static long estimateReleasedBytes(Network network) {
        return synapseCount(network) * RELEASED_BYTES_PER_SYNAPSE
                + (long) network.compartmentCount() * RELEASED_BYTES_PER_COMPARTMENT;
    }

    private static long synapseCount(Network network) {
        long n = 0;
        for (Connection c : network.connections()) {
            n += c.synapseCount();
        }
        return n;
    }

    // ------------------------------------------------------------------ running

    /** The last completed timestep (0 before the first run). */
    public long time() {
        return engine.time();
    }

    /**
     * Runs {@code steps} timesteps. Before the first step, spikes stamped 0 are delivered (they reach their targets at
     * 1 + delay). If a hook (or anything else in the run) throws, every worker stops at the end of that step and the
     * first exception is thrown here, as it was thrown; spike probes keep what was recorded up to there. The board's
     * state is then part-way through that step: it can be read, and a further run is refused with a message.
     */
    public void run(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("run: steps = " + steps + " must not be negative");
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("run: the board is already running (a second thread, or a hook calling"
                    + " run); a board runs one run at a time");
        }
        try {
            engine.run(steps);
        } finally {
            running.set(false);
        }
    }

    /** Set while a run is in progress: a second run (another thread, or a hook) is refused, not interleaved. */
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();

    // ------------------------------------------------------------------ inputs, probes, hooks

    /** The host side of {@code generator}, to schedule its spikes. */
    public SpikeInput spikeInput(SpikeGenerator generator) {
        SpikeInput[] inputs = engine.inputs;
        if (generator == null || generator.index() >= inputs.length
                || inputs[generator.index()].generator() != generator) {
            throw new IllegalArgumentException((generator == null ? "null" : generator.name())
                    + " is not a spike generator of this board's network");
        }
        return inputs[generator.index()];
    }

    /** Records every spike of {@code group} from the next step on. */
    public SpikeProbe probeSpikes(CompartmentGroup group) {
        return probeSpikes(group, time() + 1, 1);
    }

    /** Records the spikes of {@code group} at steps {@code start, start + interval, ...}. */
    public SpikeProbe probeSpikes(CompartmentGroup group, long start, int interval) {
        int[][] pos = positions(group);
        checkProbe(group.name(), start, interval);
        SpikeProbe p = new SpikeProbe(group, start, interval, pos[0], pos[1], engine.scheduler.threads());
        engine.spikeProbes.add(p);
        engine.rebuildProbeDispatch();
        return p;
    }

    /**
     * Records u, v and the spikes of every compartment of {@code group} after every step from the next on, readable
     * as {@code [steps][compartments]} arrays.
     */
    public CompartmentProbe probeCompartments(CompartmentGroup group) {
        return probeCompartments(group, time() + 1, 1);
    }

    /** As {@link #probeCompartments(CompartmentGroup)}, at steps {@code start, start + interval, ...}. */
    public CompartmentProbe probeCompartments(CompartmentGroup group, long start, int interval) {
        int[][] pos = positions(group);
        checkProbe(group.name(), start, interval);
        CompartmentProbe p = new CompartmentProbe(group, start, interval, pos[0], pos[1]);
        engine.compartmentProbes.add(p);
        return p;
    }

    /** Records u or v of {@code group} after every step from the next on. */
    public StateProbe probeState(CompartmentGroup group, StateProbe.Variable variable) {
        return probeState(group, variable, time() + 1, 1, false);
    }

    /**
     * Records u or v of {@code group} at steps {@code start, start + interval, ...}; {@code chipVoltageQuirk} makes
     * v read {@code R * 128} at a spike step, as the chip's register does.
     */
    public StateProbe probeState(CompartmentGroup group, StateProbe.Variable variable, long start, int interval,
                                 boolean chipVoltageQuirk) {
        int[][] pos = positions(group);
        checkProbe(group.name(), start, interval);
        if (variable == null) {
            throw new IllegalArgumentException("probe of " + group.name() + ": variable must not be null");
        }
        StateProbe p = new StateProbe(group, variable, start, interval, chipVoltageQuirk, pos[0], pos[1]);
        engine.stateProbes.add(p);
        return p;
    }

    /** Records the weights of {@code connection} after every step from the next on. */
    public WeightProbe probeWeights(Connection connection) {
        return probeWeights(connection, time() + 1, 1);
    }

    /** Records the weights of {@code connection} at steps {@code start, start + interval, ...}. */
    public WeightProbe probeWeights(Connection connection, long start, int interval) {
        MappingPlan plan = described("probeWeights").compute();
        checkConnection(connection);
        checkProbe("connection " + connection.source().name() + " -> " + connection.target().name(), start,
                interval);
        WeightProbe p = new WeightProbe(connection, start, interval,
                plan.connectionSynapseCore(connection.index()), plan.connectionSynapseIndex(connection.index()));
        engine.weightProbes.add(p);
        return p;
    }

    private static void checkProbe(String what, long start, int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("probe of " + what + ": interval " + interval + " must be >= 1");
        }
        if (start < 1) {
            throw new IllegalArgumentException("probe of " + what + ": start " + start + " must be >= 1");
        }
    }

    private int[][] positions(CompartmentGroup group) {
        checkGroup(group);
        int[] slot = new int[group.size()];
        int[] local = new int[group.size()];
        System.arraycopy(groupSlot[group.index()], 0, slot, 0, slot.length);
        System.arraycopy(groupLocal[group.index()], 0, local, 0, local.length);
        return new int[][] {slot, local};
    }

    private void checkGroup(CompartmentGroup group) {
        Network net = network.get();
        List<CompartmentGroup> groups = net == null ? List.of() : net.groups();
        if (group == null || group.index() >= groups.size() || groups.get(group.index()) != group) {
            throw new IllegalArgumentException((group == null ? "null" : group.name())
                    + " is not a compartment group of this board's network");
        }
    }

    private void checkConnection(Connection c) {
        List<Connection> cs = described("connection " + c).network().connections();
        if (c == null || c.index() >= cs.size() || cs.get(c.index()) != c) {
            throw new IllegalArgumentException(c + " is not part of this board's network");
        }
    }

    /** Stops and forgets a probe created by this board (its recorded data stays readable). */
    public void removeProbe(Object probe) {
        boolean removed = engine.spikeProbes.remove(probe) | engine.stateProbes.remove(probe)
                | engine.weightProbes.remove(probe) | engine.compartmentProbes.remove(probe);
        if (!removed) {
            throw new IllegalArgumentException("the probe is not attached to this board");
        }
        engine.rebuildProbeDispatch();
    }

    /** Adds user code that runs at the end of phase {@code phase} of every timestep. */
    public void addHook(Phase phase, StepHook hook) {
        if (phase == null || hook == null) {
            throw new IllegalArgumentException("addHook: phase and hook must not be null");
        }
        engine.addHook(phase, hook);
    }

    // ------------------------------------------------------------------ state access

    /** The current u of compartment {@code i} of {@code group}. */
    public int current(CompartmentGroup group, int i) {
        checkCompartment(group, i);
        return engine.cores[groupSlot[group.index()][i]].u[groupLocal[group.index()][i]];
    }

    /** The voltage v of compartment {@code i} of {@code group}. */
    public int voltage(CompartmentGroup group, int i) {
        checkCompartment(group, i);
        return engine.cores[groupSlot[group.index()][i]].v[groupLocal[group.index()][i]];
    }

    /**
     * Sets u of compartment {@code i} of {@code group}, e.g. its initial current before the first run. u is a 24-bit
     * register: -8,388,608..8,388,607.
     */
    public void setCurrent(CompartmentGroup group, int i, int u) {
        checkCompartment(group, i);
        if (u < -(1 << 23) || u > (1 << 23) - 1) {
            throw new IllegalArgumentException("setCurrent " + group.name() + "[" + i + "]: u = " + u
                    + " is outside the 24-bit range -8388608..8388607");
        }
        engine.cores[groupSlot[group.index()][i]].u[groupLocal[group.index()][i]] = u;
    }

    /**
     * Sets v of compartment {@code i} of {@code group}, e.g. its initial voltage before the first run. v must lie
     * within the core's voltage limits (vMin..vMax of the group's prototype).
     */
    public void setVoltage(CompartmentGroup group, int i, int v) {
        checkCompartment(group, i);
        Neurocore c = engine.cores[groupSlot[group.index()][i]];
        if (v < c.vMin || v > c.vMax) {
            throw new IllegalArgumentException("setVoltage " + group.name() + "[" + i + "]: v = " + v
                    + " is outside the core's voltage limits " + c.vMin + ".." + c.vMax);
        }
        c.v[groupLocal[group.index()][i]] = v;
    }

    /** Sets u of every compartment of {@code group} ({@code u[i]} for compartment i); all are checked first. */
    public void setCurrents(CompartmentGroup group, int[] u) {
        checkLength("setCurrents", group, u);
        for (int i = 0; i < u.length; i++) {
            if (u[i] < -(1 << 23) || u[i] > (1 << 23) - 1) {
                setCurrent(group, i, u[i]);     // throws, naming the compartment and the value
            }
        }
        for (int i = 0; i < u.length; i++) {
            setCurrent(group, i, u[i]);
        }
    }

    /** Sets v of every compartment of {@code group} ({@code v[i]} for compartment i); all are checked first. */
    public void setVoltages(CompartmentGroup group, int[] v) {
        checkLength("setVoltages", group, v);
        for (int i = 0; i < v.length; i++) {
            Neurocore c = engine.cores[groupSlot[group.index()][i]];
            if (v[i] < c.vMin || v[i] > c.vMax) {
                setVoltage(group, i, v[i]);     // throws, naming the compartment and the value
            }
        }
        for (int i = 0; i < v.length; i++) {
            setVoltage(group, i, v[i]);
        }
    }

    private void checkLength(String what, CompartmentGroup group, int[] values) {
        checkGroup(group);
        if (values == null || values.length != group.size()) {
            throw new IllegalArgumentException(what + " " + group.name() + ": " + (values == null ? "null"
                    : values.length + " values") + " given, the group has " + group.size() + " compartments");
        }
    }

    private void checkCompartment(CompartmentGroup group, int i) {
        checkGroup(group);
        if (i < 0 || i >= group.size()) {
            throw new IllegalArgumentException(group.name() + ": compartment " + i + " is outside 0.."
                    + (group.size() - 1));
        }
    }

    /** The current weight mantissas of {@code connection}, in its synapse order (by source, then target). */
    public int[] weights(Connection connection) {
        MappingPlan plan = described("weights").compute();
        checkConnection(connection);
        int[] sc = plan.connectionSynapseCore(connection.index());
        int[] si = plan.connectionSynapseIndex(connection.index());
        int[] w = new int[sc.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = engine.cores[sc[k]].synapseWeight[si[k]];
        }
        return w;
    }

    /**
     * Overwrites the weights of {@code connection} (in its synapse order), e.g. to restore saved weights between
     * runs. Each value is checked against its synapse's sign mode and truncated to its precision.
     */
    public void setWeights(Connection connection, int[] weights) {
        MappingPlan plan = described("setWeights").compute();
        checkConnection(connection);
        int[] sc = plan.connectionSynapseCore(connection.index());
        int[] si = plan.connectionSynapseIndex(connection.index());
        if (weights == null || weights.length != sc.length) {
            throw new IllegalArgumentException("setWeights " + connection + ": "
                    + (weights == null ? "null" : weights.length + " weights") + " given, the connection has "
                    + sc.length + " synapses");
        }
        for (int k = 0; k < weights.length; k++) {
            WeightFormat f = connection.synapseFormat(k);
            if (weights[k] < f.signMode().minMantissa() || weights[k] > f.signMode().maxMantissa()) {
                f.checkMantissa(weights[k], "setWeights " + connection + " (synapse " + k + ")");
            }
        }
        for (int k = 0; k < weights.length; k++) {
            Neurocore c = engine.cores[sc[k]];
            c.synapseWeight[si[k]] = (short) connection.synapseFormat(k).quantize(weights[k]);
            c.refreshIncrement(si[k]);
        }
    }

    /** The mapping this board was built from (refused after {@link #releaseDescription()}). */
    public MappingPlan plan() {
        return described("plan");
    }

    /** The settings this board was built with. */
    public BoardConfig config() {
        return config;
    }

    /** A snapshot of the operation counters of the core in slot {@code slot}: totals since the last reset. */
    public CoreCounters counters(int slot) {
        if (slot < 0 || slot >= coreIds.length) {
            throw new IllegalArgumentException("counters: core slot " + slot + " is outside 0.."
                    + (coreIds.length - 1));
        }
        return engine.counters(slot).snapshot(coreIds[slot]);
    }

    /** Energy, time and operation totals since the board was built or the meter was last reset. */
    public EnergyReport energyReport() {
        return engine.meter.report();
    }

    /** Resets the energy meter and the cores' cumulative counters. */
    public void resetEnergy() {
        engine.meter.reset();
        for (OperationCounters c : engine.counters()) {
            c.reset();
        }
    }

    /** Number of learning-phase spikes dropped because an axon or compartment fired twice in one epoch. */
    public long droppedLearningSpikes() {
        long n = 0;
        for (OperationCounters c : engine.counters()) {
            n += c.totalDroppedLearningSpikes();
        }
        return n;
    }

    /** Whether the scheduler has re-split the cores by their measured time (for tests of that path). */
    boolean coresResplit() {
        return engine.scheduler.resplit();
    }

    /** Whether messages to non-learning cores are delivered in batches (for tests of that path). */
    boolean batchesDelivery() {
        return engine.batchesDelivery();
    }

    /** Stops the worker threads. The board cannot run afterwards. */
    @Override
    public void close() {
        engine.close();
    }
}
