package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.energy.CoreCounters;
import io.github.loihiemu.core.energy.EnergyMeter;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.energy.MeshGeometry;
import io.github.loihiemu.core.energy.Phase;
import io.github.loihiemu.core.mapping.CorePlan;
import io.github.loihiemu.core.mapping.Mapper;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.synapse.WeightFormat;
import io.github.loihiemu.core.util.SplitMix64;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled network on emulated Loihi chips: the neurocores, the routing between them, the host's spike inputs,
 * probes, hooks and the energy meter. {@link #run(int)} advances barrier-synchronised timesteps:
 *
 * <ol>
 *   <li>spiking: every core updates its compartments (consuming accumulator slot t), posts the spikes of step t
 *       and the host posts the generator spikes stamped t; barrier; every core delivers the spikes addressed to it
 *       into the accumulator slots of step t + 1 + delay and registers learning events; barrier;</li>
 *   <li>pre-learning management (hooks);</li>
 *   <li>learning, on cores whose {@code t mod tEpoch == 0}; barrier;</li>
 *   <li>management: probes read the state as it stands after step t; hooks;</li>
 *   <li>host: hooks; the energy meter reads the step's counters.</li>
 * </ol>
 *
 * Each core's state is touched only by the thread that owns the core, and every random draw comes from the core's
 * own generators, so results are identical for any number of threads.
 */
public final class Board implements AutoCloseable {
    private final MappingPlan plan;
    private final BoardConfig config;
    private final Neurocore[] cores;
    private final CoreCounters[] counters;
    /**
     * Per step parity: message counts [destination core slot][sender] and the senders' boxes; senders are the cores
     * in slot order, then the generators.
     */
    private final int[][][] inbox;
    private final Mailbox[][] senders;
    private final SpikeInput[] inputs;
    private final Mailbox[][] inputMailboxes;
    private final Map<Phase, List<StepHook>> hooks = new EnumMap<>(Phase.class);
    private final List<SpikeProbe> spikeProbes = new ArrayList<>();
    private final List<StateProbe> stateProbes = new ArrayList<>();
    private final List<WeightProbe> weightProbes = new ArrayList<>();
    private final EnergyMeter meter;
    /**
     * Per step modulo 3 and per worker: its share of the step's accounting (three buffers, because with one barrier
     * per step worker 0 combines step t while the others may already account for step t + 1).
     */
    private final EnergyMeter.Partial[][] partials;
    private final Scheduler scheduler;
    private long time;
    private boolean anyLearning;

    private Board(MappingPlan plan, BoardConfig config) {
        this.plan = plan;
        this.config = config;
        Network net = plan.network();
        int coreCount = plan.coreCount();
        cores = new Neurocore[coreCount];
        counters = new CoreCounters[coreCount];
        int[] coreIds = new int[coreCount];
        for (int s = 0; s < coreCount; s++) {
            coreIds[s] = plan.core(s).id;
        }
        List<Connection> conns = net.connections();
        // message capacity of one source core towards each destination core slot (reused, one core at a time)
        int[] capacity = new int[coreCount];
        for (int s = 0; s < coreCount; s++) {
            CorePlan cp = plan.core(s);
            int n = cp.compartments();
            CompartmentPrototype[] protos = new CompartmentPrototype[n];
            for (int i = 0; i < n; i++) {
                protos[i] = net.groups().get(cp.compartmentGroup[i]).prototype();
            }
            int axons = cp.axons();
            int[] axonFormat = new int[axons];
            int[] axonDelay = new int[axons];
            // formats: one per connection present on this core
            int[] formatOfConnection = new int[conns.size()];
            java.util.Arrays.fill(formatOfConnection, -1);
            List<Connection> formats = new ArrayList<>();
            for (int a = 0; a < axons; a++) {
                int ci = cp.axonConnection[a];
                if (formatOfConnection[ci] < 0) {
                    formatOfConnection[ci] = formats.size();
                    formats.add(conns.get(ci));
                }
                axonFormat[a] = formatOfConnection[ci];
                axonDelay[a] = conns.get(ci).prototype().delay();
            }
            int[] lsb = new int[formats.size()];
            int[] exp = new int[formats.size()];
            for (int f = 0; f < formats.size(); f++) {
                WeightFormat wf = formats.get(f).prototype().weightFormat();
                lsb[f] = wf.lsb();
                exp[f] = wf.weightExponent();
            }
            int[] synDelay = new int[cp.synapseTarget.length];
            for (int a = 0; a < axons; a++) {
                for (int k = cp.axonStart[a]; k < cp.axonStart[a + 1]; k++) {
                    synDelay[k] = axonDelay[a];
                }
            }
            // output routing of this core's compartments
            int[] outStart = new int[n + 1];
            int total = 0;
            for (int i = 0; i < n; i++) {
                outStart[i] = total;
                MappingPlan.Routing r = plan.groupRouting(cp.compartmentGroup[i]);
                int gi = cp.compartmentIndex[i];
                total += r.start()[gi + 1] - r.start()[gi];
            }
            outStart[n] = total;
            int[] outCore = new int[total];
            int[] outAxon = new int[total];
            int[] hopsEw = new int[total];
            int[] hopsNs = new int[total];
            int k = 0;
            for (int i = 0; i < n; i++) {
                MappingPlan.Routing r = plan.groupRouting(cp.compartmentGroup[i]);
                int gi = cp.compartmentIndex[i];
                for (int o = r.start()[gi]; o < r.start()[gi + 1]; o++) {
                    outCore[k] = r.destCoreSlot()[o];
                    outAxon[k] = r.destAxon()[o];
                    hopsEw[k] = MeshGeometry.hopsEastWest(cp.id, coreIds[outCore[k]]);
                    hopsNs[k] = MeshGeometry.hopsNorthSouth(cp.id, coreIds[outCore[k]]);
                    k++;
                }
            }
            long seed = SplitMix64.derive(config.seed(), cp.id);
            Neurocore core = new Neurocore(s, cp.id, protos, plan.config().dendriticAccumulators(), cp.axonStart,
                    axonFormat, axonDelay, cp.synapseTarget, cp.synapseWeight.clone(), synDelay, lsb, exp,
                    outStart, outCore, outAxon, hopsEw, hopsNs, seed);
            java.util.Arrays.fill(capacity, 0);
            for (int o = 0; o < outCore.length; o++) {
                capacity[outCore[o]]++;
            }
            core.mailboxes = new Mailbox[] {new Mailbox(capacity), new Mailbox(capacity)};
            core.mailbox = core.mailboxes[0];
            LearningEngine engine = LearningEngine.create(core, cp, formats, plan.rules(), seed);
            if (engine != null) {
                core.learning = engine;
                anyLearning = true;
            }
            cores[s] = core;
            counters[s] = core.counters;
        }
        // host inputs
        List<SpikeGenerator> gens = net.generators();
        inputs = new SpikeInput[gens.size()];
        inputMailboxes = new Mailbox[2][gens.size()];
        for (SpikeGenerator g : gens) {
            inputs[g.index()] = new SpikeInput(this, g);
            MappingPlan.Routing r = plan.generatorRouting(g.index());
            int[] cap = new int[coreCount];
            for (int d : r.destCoreSlot()) {
                cap[d]++;
            }
            inputMailboxes[0][g.index()] = new Mailbox(cap);
            inputMailboxes[1][g.index()] = new Mailbox(cap);
        }
        // who sends to whom: each destination scans its row of the count matrix, senders in a fixed order
        int senderCount = coreCount + gens.size();
        senders = new Mailbox[2][senderCount];
        inbox = new int[2][coreCount][senderCount];
        for (int parity = 0; parity < 2; parity++) {
            for (int c = 0; c < coreCount; c++) {
                senders[parity][c] = cores[c].mailboxes[parity];
            }
            for (int g = 0; g < gens.size(); g++) {
                senders[parity][coreCount + g] = inputMailboxes[parity][g];
            }
            for (int k = 0; k < senderCount; k++) {
                senders[parity][k].attach(inbox[parity], k);
            }
        }
        meter = new EnergyMeter(config.energy(), plan.tileCount(), plan.chipCount(), coreCount);
        scheduler = new Scheduler(this, cores, config.threads());
        rebuildProbeDispatch();
        partials = new EnergyMeter.Partial[3][scheduler.threads()];
        for (int w = 0; w < scheduler.threads(); w++) {
            for (int b = 0; b < 3; b++) {
                partials[b][w] = new EnergyMeter.Partial();
            }
        }
    }

    /** Maps {@code network} with default settings and builds the board. */
    public static Board compile(Network network) {
        return compile(network, BoardConfig.defaults());
    }

    /**
     * Maps {@code network} onto cores and builds the board. Fails before any timestep if a rule string is malformed
     * or the network does not fit ({@link io.github.loihiemu.core.mapping.ResourceLimitException}).
     */
    public static Board compile(Network network, BoardConfig config) {
        return new Board(Mapper.map(network, config.mapping()), config);
    }

    // ------------------------------------------------------------------ running

    /** The last completed timestep (0 before the first run). */
    public long time() {
        return time;
    }

    /** Runs {@code steps} timesteps. */
    public void run(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("run: steps = " + steps + " must not be negative");
        }
        for (SpikeInput in : inputs) {
            in.prepare();
        }
        scheduler.run(time + 1, time + steps);
    }

    void setTime(long t) {
        time = t;
    }

    /** Phase A of step t for the cores of worker w (worker 0 also sends the host's spikes). */
    void spikingUpdate(Neurocore[] mine, long t, boolean host, int w) {
        int parity = (int) (t & 1);
        for (Neurocore c : mine) {
            c.mailbox = c.mailboxes[parity];
            c.mailbox.clear();
            c.counters.beginStep();
            if (c.learning != null) {
                c.learning.beginStep(t);
            }
            c.updateCompartments(t);
            c.routeSpikes();
            c.mailbox.publish();
            if (c.learning != null) {
                c.learning.postSpikes(t);
            }
            SpikeProbe[] probes = probesOfCore[c.slot];
            int[] touch = touchOfCore[c.slot];
            for (int q = 0; q < probes.length; q++) {
                probes[q].stage(t, w, touch[q], c);
            }
        }
        if (host) {
            for (int g = 0; g < inputs.length; g++) {
                MappingPlan.Routing r = plan.generatorRouting(g);
                Mailbox box = inputMailboxes[parity][g];
                box.clear();
                inputs[g].emit(t, r.start(), r.destCoreSlot(), r.destAxon(), box);
                box.publish();
            }
        }
    }

    /** Phase B of step t: every core delivers the messages addressed to it. */
    void spikingDelivery(Neurocore[] mine, long t) {
        for (Neurocore c : mine) {
            int d = c.slot;
            long events = 0;
            int parity = (int) (t & 1);
            int[] row = inbox[parity][d];
            Mailbox[] from = senders[parity];
            for (int q = 0; q < row.length; q++) {
                int count = row[q];
                if (count == 0) {
                    continue;
                }
                int[] box = from[q].box[d];
                for (int k = 0; k < count; k++) {
                    int a = box[k];
                    if (a >= 0) {
                        events += c.deliver(a, t);
                    } else {
                        c.learning.reward(-a - 1, t);
                    }
                }
            }
            c.counters.synapticEvents += events;
        }
    }

    /** Worker w's share of the step's energy accounting; its cores' counters then fold into their totals. */
    void accountStep(int w, Neurocore[] mine, boolean learningStep, long t) {
        meter.accumulate(counters, scheduler.shareSlots(w), learningStep, partials[(int) (t % 3)][w]);
        for (Neurocore c : mine) {
            c.counters.endStep();
        }
    }

    /** Learning phase of step t. */
    void learn(Neurocore[] mine, long t) {
        for (Neurocore c : mine) {
            if (c.learning != null && t % c.learning.tEpoch == 0) {
                c.learning.learn(t);
            }
        }
    }

    boolean anyLearning() {
        return anyLearning;
    }

    boolean hasHooks(Phase p) {
        List<StepHook> l = hooks.get(p);
        return l != null && !l.isEmpty();
    }

    void runHooks(Phase p, long t) {
        List<StepHook> l = hooks.get(p);
        if (l != null) {
            for (int i = 0; i < l.size(); i++) {
                l.get(i).onStep(this, t);
            }
        }
    }

    /** Management and host phases and the end-of-step bookkeeping, on the calling thread. */
    void endOfStep(long t, boolean learningStep) {
        for (int i = 0; i < spikeProbes.size(); i++) {
            spikeProbes.get(i).commit(t);
        }
        for (int i = 0; i < stateProbes.size(); i++) {
            stateProbes.get(i).sample(t, cores);
        }
        for (int i = 0; i < weightProbes.size(); i++) {
            weightProbes.get(i).sample(t, cores);
        }
        runHooks(Phase.MANAGEMENT, t);
        runHooks(Phase.HOST, t);
        meter.finishStep(partials[(int) (t % 3)], learningStep);
        time = t;
    }

    // ------------------------------------------------------------------ inputs, probes, hooks

    /** The host side of {@code generator}, to schedule its spikes. */
    public SpikeInput spikeInput(SpikeGenerator generator) {
        if (generator.index() >= inputs.length || inputs[generator.index()].generator() != generator) {
            throw new IllegalArgumentException(generator.name() + " is not part of this board's network");
        }
        return inputs[generator.index()];
    }

    /** Records every spike of {@code group} from the next step on. */
    public SpikeProbe probeSpikes(CompartmentGroup group) {
        return probeSpikes(group, time + 1, 1);
    }

    /** Records the spikes of {@code group} at steps {@code start, start + interval, ...}. */
    public SpikeProbe probeSpikes(CompartmentGroup group, long start, int interval) {
        checkProbe(group.name(), start, interval);
        SpikeProbe p = new SpikeProbe(group, start, interval, positions(group)[0], positions(group)[1],
                scheduler.threads());
        spikeProbes.add(p);
        rebuildProbeDispatch();
        return p;
    }

    /** Records u or v of {@code group} after every step from the next on. */
    public StateProbe probeState(CompartmentGroup group, StateProbe.Variable variable) {
        return probeState(group, variable, time + 1, 1, false);
    }

    /**
     * Records u or v of {@code group} at steps {@code start, start + interval, ...}; {@code chipVoltageQuirk} makes
     * v read {@code R * 128} at a spike step, as the chip's register does.
     */
    public StateProbe probeState(CompartmentGroup group, StateProbe.Variable variable, long start, int interval,
                                 boolean chipVoltageQuirk) {
        checkProbe(group.name(), start, interval);
        int[][] pos = positions(group);
        StateProbe p = new StateProbe(group, variable, start, interval, chipVoltageQuirk, pos[0], pos[1]);
        stateProbes.add(p);
        return p;
    }

    /** Records the weights of {@code connection} after every step from the next on. */
    public WeightProbe probeWeights(Connection connection) {
        return probeWeights(connection, time + 1, 1);
    }

    /** Records the weights of {@code connection} at steps {@code start, start + interval, ...}. */
    public WeightProbe probeWeights(Connection connection, long start, int interval) {
        checkConnection(connection);
        checkProbe("connection " + connection.source().name() + " -> " + connection.target().name(), start,
                interval);
        WeightProbe p = new WeightProbe(connection, start, interval,
                plan.connectionSynapseCore(connection.index()), plan.connectionSynapseIndex(connection.index()));
        weightProbes.add(p);
        return p;
    }

    private void checkProbe(String what, long start, int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("probe of " + what + ": interval " + interval + " must be >= 1");
        }
        if (start < 1) {
            throw new IllegalArgumentException("probe of " + what + ": start " + start + " must be >= 1");
        }
    }

    private int[][] positions(CompartmentGroup group) {
        if (group.index() >= plan.network().groups().size() || plan.network().groups().get(group.index()) != group) {
            throw new IllegalArgumentException(group.name() + " is not part of this board's network");
        }
        int[] slot = new int[group.size()];
        int[] local = new int[group.size()];
        for (int i = 0; i < group.size(); i++) {
            slot[i] = plan.coreSlotOf(group.index(), i);
            local[i] = plan.localIndexOf(group.index(), i);
        }
        return new int[][] {slot, local};
    }

    private void checkConnection(Connection c) {
        List<Connection> cs = plan.network().connections();
        if (c.index() >= cs.size() || cs.get(c.index()) != c) {
            throw new IllegalArgumentException(c + " is not part of this board's network");
        }
    }

    /** Stops and forgets a probe created by this board (its recorded data stays readable). */
    public void removeProbe(Object probe) {
        boolean removed = spikeProbes.remove(probe) | stateProbes.remove(probe) | weightProbes.remove(probe);
        if (!removed) {
            throw new IllegalArgumentException("the probe is not attached to this board");
        }
        rebuildProbeDispatch();
    }

    /** Per core slot, the spike probes that record some of its compartments, and the core's index in each. */
    private SpikeProbe[][] probesOfCore;
    private int[][] touchOfCore;

    private void rebuildProbeDispatch() {
        List<List<SpikeProbe>> ps = new ArrayList<>();
        List<List<Integer>> ts = new ArrayList<>();
        for (int c = 0; c < cores.length; c++) {
            ps.add(new ArrayList<>());
            ts.add(new ArrayList<>());
        }
        for (SpikeProbe p : spikeProbes) {
            int[] slots = p.touchedSlots();
            for (int j = 0; j < slots.length; j++) {
                ps.get(slots[j]).add(p);
                ts.get(slots[j]).add(j);
            }
        }
        SpikeProbe[][] probes = new SpikeProbe[cores.length][];
        int[][] touch = new int[cores.length][];
        for (int c = 0; c < cores.length; c++) {
            probes[c] = ps.get(c).toArray(new SpikeProbe[0]);
            touch[c] = ts.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
        probesOfCore = probes;
        touchOfCore = touch;
    }

    /**
     * Whether a run may use one barrier per step: no hooks and no state or weight probes, so the end of a step
     * (spike probes, the energy meter) reads only buffers that the next step does not touch.
     */
    boolean leanSteps() {
        for (List<StepHook> l : hooks.values()) {
            if (!l.isEmpty()) {
                return false;
            }
        }
        return stateProbes.isEmpty() && weightProbes.isEmpty();
    }

    /** Adds user code that runs at the end of phase {@code phase} of every timestep. */
    public void addHook(Phase phase, StepHook hook) {
        hooks.computeIfAbsent(phase, p -> new ArrayList<>()).add(hook);
    }

    // ------------------------------------------------------------------ state access

    /** The current u of compartment {@code i} of {@code group}. */
    public int current(CompartmentGroup group, int i) {
        return cores[plan.coreSlotOf(group.index(), i)].u[plan.localIndexOf(group.index(), i)];
    }

    /** The voltage v of compartment {@code i} of {@code group}. */
    public int voltage(CompartmentGroup group, int i) {
        return cores[plan.coreSlotOf(group.index(), i)].v[plan.localIndexOf(group.index(), i)];
    }

    /** The current weight mantissas of {@code connection}, in its synapse order (by source, then target). */
    public int[] weights(Connection connection) {
        checkConnection(connection);
        int[] sc = plan.connectionSynapseCore(connection.index());
        int[] si = plan.connectionSynapseIndex(connection.index());
        int[] w = new int[sc.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = cores[sc[k]].synapseWeight[si[k]];
        }
        return w;
    }

    /**
     * Overwrites the weights of {@code connection} (in its synapse order), e.g. to restore saved weights between
     * runs. Each value is checked against the format's sign mode and truncated to its precision.
     */
    public void setWeights(Connection connection, int[] weights) {
        checkConnection(connection);
        int[] sc = plan.connectionSynapseCore(connection.index());
        int[] si = plan.connectionSynapseIndex(connection.index());
        if (weights.length != sc.length) {
            throw new IllegalArgumentException("setWeights " + connection + ": " + weights.length
                    + " weights given, the connection has " + sc.length + " synapses");
        }
        WeightFormat f = connection.prototype().weightFormat();
        for (int k = 0; k < weights.length; k++) {
            f.checkMantissa(weights[k], "setWeights " + connection + " (synapse " + k + ")");
        }
        for (int k = 0; k < weights.length; k++) {
            Neurocore c = cores[sc[k]];
            c.synapseWeight[si[k]] = f.quantize(weights[k]);
            c.refreshIncrement(si[k], c.axonFormat[c.synapseAxon[si[k]]]);
        }
    }

    /** The mapping this board was built from. */
    public MappingPlan plan() {
        return plan;
    }

    /** The settings this board was built with. */
    public BoardConfig config() {
        return config;
    }

    /** The operation counters of the core in slot {@code slot} (live; totals since the last reset). */
    public CoreCounters counters(int slot) {
        return counters[slot];
    }

    /** Energy, time and operation totals since the board was built or the meter was last reset. */
    public EnergyReport energyReport() {
        return meter.report();
    }

    /** Resets the energy meter and the cores' cumulative counters. */
    public void resetEnergy() {
        meter.reset();
        for (CoreCounters c : counters) {
            c.reset();
        }
    }

    /** Number of learning-phase spikes dropped because an axon or compartment fired twice in one epoch. */
    public long droppedLearningSpikes() {
        long n = 0;
        for (CoreCounters c : counters) {
            n += c.totalDroppedLearningSpikes();
        }
        return n;
    }

    /** Stops the worker threads. The board cannot run afterwards. */
    @Override
    public void close() {
        scheduler.close();
    }
}
