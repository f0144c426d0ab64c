package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.accounting.OperationCounters;
import io.github.loihiemu.core.accounting.EnergyMeter;
import io.github.loihiemu.core.energy.Phase;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.SpikeGenerator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The run path: the phases of every timestep over the built neurocores, the mailboxes between them, the host's spike
 * inputs, probes, hooks and the energy meter. The {@link Scheduler} calls these phases from its worker threads:
 *
 * <ol>
 *   <li>spiking: every core updates its compartments (consuming accumulator slot t), posts the spikes of step t
 *       and the host posts the generator spikes stamped t; barrier; every core delivers the spikes addressed to it
 *       into the accumulator slots of step t + 1 + delay and registers learning events;</li>
 *   <li>pre-learning management (hooks);</li>
 *   <li>learning, on cores whose {@code t mod tEpoch == 0};</li>
 *   <li>management: probes read the state as it stands after step t; hooks;</li>
 *   <li>host: hooks; the energy meter reads the step's counters.</li>
 * </ol>
 *
 * Each core's state is touched only by the thread that owns the core, and every random draw comes from the core's
 * own generators, so results are identical for any number of threads.
 */
final class TimestepEngine {
    private final Board board;
    /** Per generator, the routing of its ports (kept here: the board may release its plan). */
    private final MappingPlan.Routing[] generatorRouting;
    final Neurocore[] cores;
    /** Per chip core slot: its counters (its own core's, or those a compute core charges it through). */
    private final OperationCounters[] counters;
    /** Per core slot: the chip core slots it runs. */
    private final int[][] chipSlots;
    /** Per worker: the chip core slots of its cores, for its share of the energy accounting. */
    private int[][] chipShare;
    /** Per sender (the cores in slot order, then the generators): its mailbox. */
    private final Mailbox[] senders;
    private final SpikeExchange exchange;
    /**
     * Per worker, its delivery batch; null when the board's synaptic memory outside learning cores is small enough to
     * stay in the cache ({@link DeliveryBatch#worthBatching}).
     */
    private final DeliveryBatch[] batches;
    final SpikeInput[] inputs;
    private final Mailbox[] inputMailboxes;
    /** Per generator: the box of each route of its ports (its routing's destinations, as box indices). */
    private final int[][] generatorBox;
    private final Map<Phase, List<StepHook>> hooks = new EnumMap<>(Phase.class);
    final List<SpikeProbe> spikeProbes = new ArrayList<>();
    final List<StateProbe> stateProbes = new ArrayList<>();
    final List<WeightProbe> weightProbes = new ArrayList<>();
    final List<CompartmentProbe> compartmentProbes = new ArrayList<>();
    final EnergyMeter meter;
    /**
     * Per step modulo 3 and per worker: its share of the step's accounting (three buffers, because with one barrier
     * per step worker 0 combines step t while the others may already account for step t + 1).
     */
    private final EnergyMeter.Partial[][] partials;
    final Scheduler scheduler;
    private final boolean anyLearning;
    /** The last completed timestep (0 before the first run). */
    private long time;
    /**
     * On a board with several workers, the steps of {@link WorkProfile}'s window are timed core by core, so that the
     * scheduler can re-split the cores by the time they really take, step by step; outside the window (and before it
     * is opened and once the split is made: null) the loops read no clock. Set by the scheduler between runs.
     */
    WorkProfile profile;
    /** Per core slot, the spike probes that record some of its compartments, and the core's index in each. */
    private SpikeProbe[][] probesOfCore;
    private int[][] touchOfCore;

    /**
     * @param plan the plan the cores were built from ({@link MappingPlan#compute()} of {@code chip})
     * @param chip the chip layout, whose cores the counters and the energy meter account for
     */
    TimestepEngine(Board board, MappingPlan plan, MappingPlan chip, Neurocore[] cores, BoardConfig config) {
        this.board = board;
        this.cores = cores;
        int coreCount = cores.length;
        counters = new OperationCounters[chip.coreCount()];
        chipSlots = new int[coreCount][];
        boolean learning = false;
        for (int s = 0; s < coreCount; s++) {
            chipSlots[s] = plan.chipSlots(s);
            for (int r = 0; r < chipSlots[s].length; r++) {
                counters[chipSlots[s][r]] = cores[s].chipCounters[r];
            }
            learning |= cores[s].learning != null;
        }
        anyLearning = learning;
        List<SpikeGenerator> gens = plan.network().generators();
        inputs = new SpikeInput[gens.size()];
        inputMailboxes = new Mailbox[gens.size()];
        generatorBox = new int[gens.size()][];
        generatorRouting = new MappingPlan.Routing[gens.size()];
        for (SpikeGenerator g : gens) {
            inputs[g.index()] = new SpikeInput(board, g);
            MappingPlan.Routing r = plan.generatorRouting(g.index());
            generatorRouting[g.index()] = r;
            generatorBox[g.index()] = new int[r.destCoreSlot().length];
            Mailbox box = Mailbox.forRoutes(coreCount + g.index(), r.destCoreSlot(), generatorBox[g.index()]);
            inputMailboxes[g.index()] = box;
        }
        senders = new Mailbox[coreCount + gens.size()];
        for (int c = 0; c < coreCount; c++) {
            senders[c] = cores[c].mailbox;
        }
        for (int g = 0; g < gens.size(); g++) {
            senders[coreCount + g] = inputMailboxes[g];
        }
        meter = new EnergyMeter(config.energy(), chip.tileCount(), chip.chipCount(), counters.length);
        scheduler = new Scheduler(this, cores, config.threads());
        exchange = new SpikeExchange(coreCount, scheduler.threads());
        batches = new DeliveryBatch[scheduler.threads()];
        if (DeliveryBatch.worthBatching(cores)) {
            for (int w = 0; w < batches.length; w++) {
                batches[w] = new DeliveryBatch();
            }
        }
        assignSenders();
        rebuildProbeDispatch();
        partials = new EnergyMeter.Partial[3][scheduler.threads()];
        for (int w = 0; w < scheduler.threads(); w++) {
            for (int b = 0; b < 3; b++) {
                partials[b][w] = new EnergyMeter.Partial();
            }
        }
    }

    long time() {
        return time;
    }

    /** Runs steps {@code time + 1 .. time + steps}. */
    void run(int steps) {
        if (failedAt > 0) {
            throw new IllegalStateException("run: an earlier run failed in step " + failedAt + " (" + failedWith
                    + "); the board's state is part-way through that step, so it cannot run on: compile a new board");
        }
        for (SpikeInput in : inputs) {
            in.prepare();
        }
        if (time == 0 && steps > 0) {
            deliverHostSpikesStampedZero();
        }
        // spike probes take in what the workers staged when the scheduler's run ends: a long run is cut into pieces,
        // so that the staged spikes never cover more than COMMIT_STEPS steps (the record holds them all anyway)
        long end = time + steps;
        long piece = spikeProbes.isEmpty() ? Math.max(1, steps) : COMMIT_STEPS;
        long from = time + 1;
        try {
            do {
                scheduler.run(from, Math.min(end, from + piece - 1));    // a run of 0 steps still checks the board
                from += piece;
            } while (from <= end);
        } catch (RuntimeException | Error e) {
            failedAt = time + 1;
            failedWith = e.toString();
            throw e;
        } finally {
            // after a failure the workers stopped without merging: the probes keep what was staged up to there,
            // and the next run starts with empty staging lists (a no-op after a run that ended normally)
            commitSpikeProbes();
        }
    }

    /** The step in which a run failed (the state is part-way through it; no run may follow), or 0. */
    private long failedAt;
    private String failedWith;

    /** The most steps the scheduler runs at once while spike probes are attached (see {@link #run}). */
    static final long COMMIT_STEPS = 1024;

    /**
     * Spikes stamped 0 (before the first step) reach their targets at 1 + delay: the host posts them and every core
     * delivers them as in the second half of a spiking phase, on the calling thread, before step 1. They count as
     * step 1's synaptic events in the energy report.
     */
    private void deliverHostSpikesStampedZero() {
        boolean any = false;
        for (SpikeInput in : inputs) {
            any |= in.hasSpikesAt(0);
        }
        if (!any) {
            return;
        }
        int parity = 0;
        SpikeExchange.Outbox out = exchange.outbox(parity, 0);
        out.clear();
        for (int g = 0; g < inputs.length; g++) {
            MappingPlan.Routing r = generatorRouting[g];
            Mailbox box = inputMailboxes[g];
            box.bind(out);
            inputs[g].emit(0, r.start(), generatorBox[g], r.destAxon(), box);
        }
        spikingDelivery(cores, 0, 0);
        for (OperationCounters c : counters) {
            c.eventsBeforeFirstStep += c.synapticEvents;
            c.synapticEvents = 0;
        }
    }

    /**
     * Tells the exchange which worker owns which sender (the host's generators post from worker 0); called at build
     * and by the scheduler when it re-splits the cores.
     */
    void assignSenders() {
        int[] workerOf = new int[senders.length];
        for (int w = 0; w < scheduler.threads(); w++) {
            for (int slot : scheduler.shareSlots(w)) {
                workerOf[slot] = w;
            }
        }
        exchange.assign(workerOf, senders, scheduler.threads());
        chipShare = new int[scheduler.threads()][];
        for (int w = 0; w < chipShare.length; w++) {
            int total = 0;
            for (int slot : scheduler.shareSlots(w)) {
                total += chipSlots[slot].length;
            }
            int[] mine = new int[total];
            int k = 0;
            for (int slot : scheduler.shareSlots(w)) {
                for (int c : chipSlots[slot]) {
                    mine[k++] = c;
                }
            }
            chipShare[w] = mine;
        }
    }

    boolean batchesDelivery() {
        return batches[0] != null;
    }

    /** Phase A of step t for the cores of worker w (worker 0 also sends the host's spikes). */
    void spikingUpdate(Neurocore[] mine, long t, boolean host, int w) {
        int parity = (int) (t & 1);
        SpikeExchange.Outbox out = exchange.outbox(parity, w);
        out.clear();
        boolean timing = timing(t);
        long clock = timing ? System.nanoTime() : 0;
        for (Neurocore c : mine) {
            c.mailbox.bind(out);
            c.beginCounters();
            if (c.learning != null) {
                c.learning.beginStep(t);
            }
            c.updateCompartments(t);
            c.routeSpikes();
            if (c.learning != null) {
                c.learning.postSpikes(t);
            }
            SpikeProbe[] probes = probesOfCore[c.slot];
            int[] touch = touchOfCore[c.slot];
            for (int q = 0; q < probes.length; q++) {
                probes[q].stage(t, w, touch[q], c);
            }
            if (timing) {
                long now = System.nanoTime();
                profile.addCore(c.slot, t, WorkProfile.UPDATE, now - clock);
                clock = now;
            }
        }
        if (host) {
            for (int g = 0; g < inputs.length; g++) {
                MappingPlan.Routing r = generatorRouting[g];
                Mailbox box = inputMailboxes[g];
                box.bind(out);
                inputs[g].emit(t, r.start(), generatorBox[g], r.destAxon(), box);
            }
            if (timing) {
                profile.addHost(t, WorkProfile.UPDATE, System.nanoTime() - clock);
            }
        }
    }

    private boolean timing(long t) {
        return profile != null && profile.covers(t);
    }

    /**
     * Phase B of step t: every core delivers the messages addressed to it (a core with learning in ascending sender
     * order, see {@link SpikeExchange#deliver}).
     */
    void spikingDelivery(Neurocore[] mine, long t, int w) {
        int parity = (int) (t & 1);
        boolean timing = timing(t);
        long clock = timing ? System.nanoTime() : 0;
        DeliveryBatch batch = batches[w];
        for (Neurocore c : mine) {
            exchange.deliver(c, parity, t, batch);
            if (timing && batch != null) {
                batch.flush(t);            // the profile times core by core
                long now = System.nanoTime();
                profile.addCore(c.slot, t, WorkProfile.DELIVERY, now - clock);
                clock = now;
            }
        }
        if (batch != null) {
            batch.flush(t);
        }
        for (Neurocore c : mine) {
            if (c.charges != null) {
                c.charges.flush();
            }
        }
    }

    /** Worker w's share of the step's energy accounting; its cores' counters then fold into their totals. */
    void accountStep(int w, Neurocore[] mine, boolean learningStep, long t) {
        meter.accumulate(counters, chipShare[w], learningStep, partials[(int) (t % 3)][w]);
        for (Neurocore c : mine) {
            c.endCounters();
        }
    }

    /** Learning phase of step t. */
    void learn(Neurocore[] mine, long t) {
        boolean timing = timing(t);
        for (Neurocore c : mine) {
            if (c.learning != null && t % c.learning.tEpoch == 0) {
                long clock = timing ? System.nanoTime() : 0;
                c.learning.learn(t);
                if (timing) {
                    profile.addCore(c.slot, t, WorkProfile.DELIVERY, System.nanoTime() - clock);
                }
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
                l.get(i).onStep(board, t);
            }
        }
    }

    void addHook(Phase phase, StepHook hook) {
        hooks.computeIfAbsent(phase, p -> new ArrayList<>()).add(hook);
    }

    /**
     * Management and host phases and the end-of-step bookkeeping, on the calling thread. Spike probes take in the
     * step's spikes here only when {@code commitProbes}: a run without hooks or state, compartment or weight probes
     * commits them once, when it ends ({@link #commitSpikeProbes}), since nothing can read them before.
     */
    void endOfStep(long t, boolean learningStep, boolean commitProbes) {
        boolean timing = timing(t);
        long clock = timing ? System.nanoTime() : 0;
        if (commitProbes) {
            commitSpikeProbes();
        }
        for (int i = 0; i < stateProbes.size(); i++) {
            stateProbes.get(i).sample(t, cores);
        }
        for (int i = 0; i < compartmentProbes.size(); i++) {
            compartmentProbes.get(i).sample(t, cores);
        }
        for (int i = 0; i < weightProbes.size(); i++) {
            weightProbes.get(i).sample(t, cores);
        }
        runHooks(Phase.MANAGEMENT, t);
        runHooks(Phase.HOST, t);
        meter.finishStep(partials[(int) (t % 3)], learningStep);
        time = t;
        if (timing) {
            profile.addHost(t, WorkProfile.END, System.nanoTime() - clock);
        }
    }

    /** Moves what the workers staged into the spike probes' records. */
    void commitSpikeProbes() {
        for (int i = 0; i < spikeProbes.size(); i++) {
            spikeProbes.get(i).commit();
        }
    }

    /**
     * Whether a run may use one barrier per step: no hooks and no state, compartment or weight probes, so the end of
     * a step (spike probes, the energy meter) reads only buffers that the next step does not touch.
     */
    boolean leanSteps() {
        for (List<StepHook> l : hooks.values()) {
            if (!l.isEmpty()) {
                return false;
            }
        }
        return stateProbes.isEmpty() && weightProbes.isEmpty() && compartmentProbes.isEmpty();
    }

    void rebuildProbeDispatch() {
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

    OperationCounters counters(int slot) {
        return counters[slot];
    }

    OperationCounters[] counters() {
        return counters;
    }

    void close() {
        scheduler.close();
    }
}
