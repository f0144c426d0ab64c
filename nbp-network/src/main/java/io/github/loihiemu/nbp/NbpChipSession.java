package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeInput;
import io.github.loihiemu.core.chip.SpikeProbe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives the nBP training circuit on an emulated board the way the authors drove the chip: the gate ring is started
 * once (in_g at t = T - 1), then for sample k the host schedules the on pixels at T(k+1) + 1, the label at
 * T(k+1) + L + 2 and a reward spike at T(k+1) + P_k for every potentiation slot; no host intervention inside a
 * sample. For one hidden layer T = 12: label at + 3, rewards at + 6 and + 8. {@link #train} runs the board up to
 * the end of the sample's W1 depression slot (t = T(k+2)).
 */
public final class NbpChipSession implements AutoCloseable {
    private final NbpCircuit circuit;
    private final Board board;
    private final SpikeInput input;
    private final SpikeInput target;
    private final SpikeInput reward;
    private long samples;
    /** Spike probe and allowed slots (bit mask over t mod T) of every population, for the slot invariants. */
    private final Map<String, SpikeProbe> probes = new LinkedHashMap<>();
    private final Map<String, Long> allowed = new LinkedHashMap<>();
    private final Map<String, Long> violations = new LinkedHashMap<>();
    private long checkedSpikes;
    private final Map<String, long[]> slotCounts = new LinkedHashMap<>();
    private final int period;
    private final int[] rewardSlots;
    private final int targetSlot;
    /** The weight step of every matrix W_1 .. W_{L+1}. */
    private final int[] steps;
    /** The last sample's on pixels: x replays them in slot 0, and they reach the h1 family in slot 1. */
    private int[] lastOn = new int[0];
    /** h1 units that fired in slot 0 of the last window (δ1-): refractory in slot 1, and their spikes reach o there. */
    private int[] lastD1Minus;
    private int nD1Minus;
    private int h1Probe = -1;

    /** Compiles the circuit for {@code weights} onto a board with {@code config}, with the paper's placement. */
    public NbpChipSession(NbpWeights weights, BoardConfig config) {
        this(weights, config, true);
    }

    /** As above; {@code paperPlacement} false packs the populations automatically. */
    public NbpChipSession(NbpWeights weights, BoardConfig config, boolean paperPlacement) {
        this(weights, config, paperPlacement, null);
    }

    /** Bytes per plastic synapse the emulated chip takes at least (description, synaptic memory, learning state). */
    static final long BYTES_PER_SYNAPSE = 40;

    /**
     * Refuses, before anything is built, a circuit that cannot fit the heap: three copies of every W_k and W_kT+ and
     * W_kT- for k &gt;= 2 (docs/nbp.md), at {@link #BYTES_PER_SYNAPSE} each, a lower bound. A 10^6-unit hidden layer
     * used to die with a bare OutOfMemoryError half a minute into building.
     */
    public static void checkHeap(int[] layers, long heap) {
        long synapses = 0;
        for (int k = 1; k < layers.length; k++) {
            long n = (long) layers[k - 1] * layers[k];
            synapses += n * (k == 1 ? 3 : 5);
        }
        long bytes = synapses * BYTES_PER_SYNAPSE;
        if (bytes > heap) {
            throw new IllegalArgumentException("the emulated circuit for layers " + java.util.Arrays.toString(layers)
                    + " holds " + synapses + " plastic synapses, at least " + (bytes >> 20) + " MiB at about "
                    + BYTES_PER_SYNAPSE + " bytes each; the Java heap allows " + (heap >> 20) + " MiB (raise it with"
                    + " -Xmx, choose smaller layers, or train with the reference engine)");
        }
    }

    /** As above, with a weight step per matrix (see {@link NbpCircuit#NbpCircuit(NbpWeights, boolean, int[])}). */
    public NbpChipSession(NbpWeights weights, BoardConfig config, boolean paperPlacement, int[] steps) {
        checkHeap(weights.layers(), Runtime.getRuntime().maxMemory());
        circuit = new NbpCircuit(weights, paperPlacement, steps);
        this.steps = NbpReference.checkSteps(steps, weights.layers().length - 1);
        lastD1Minus = new int[weights.layers()[1]];
        period = circuit.period();
        NbpSchedule schedule = circuit.schedule();
        rewardSlots = schedule.rewardSlots();
        targetSlot = schedule.forward(weights.hiddenLayers() + 1) - 1;
        board = Board.compile(circuit.network(), config);
        input = board.spikeInput(circuit.input);
        target = board.spikeInput(circuit.target);
        reward = board.spikeInput(circuit.reward);
        board.spikeInput(circuit.start).addSpike(0, period - 1);
        for (Map.Entry<String, java.util.List<Integer>> e : circuit.firingSlots().entrySet()) {
            long mask = 0;
            for (int s : e.getValue()) {
                mask |= 1L << (s % period);
            }
            allowed.put(e.getKey(), mask);
            probes.put(e.getKey(), board.probeSpikes(circuit.population(e.getKey())));
            violations.put(e.getKey(), 0L);
            slotCounts.put(e.getKey(), new long[period]);
        }
    }

    /** Checks the spikes of the last sample against the slot table, then forgets them. */
    private void checkSlots() {
        if (probeArray == null) {
            // arrays once, so that the check after every sample allocates nothing
            int n = probes.size();
            probeNames = probes.keySet().toArray(new String[0]);
            probeArray = new SpikeProbe[n];
            maskArray = new long[n];
            countArray = new long[n][];
            for (int q = 0; q < n; q++) {
                h1Probe = probeNames[q].equals("h1") ? q : h1Probe;
                probeArray[q] = probes.get(probeNames[q]);
                maskArray[q] = allowed.get(probeNames[q]);
                countArray[q] = slotCounts.get(probeNames[q]);
            }
        }
        nD1Minus = 0;
        for (int q = 0; q < probeArray.length; q++) {
            SpikeProbe p = probeArray[q];
            boolean h1 = q == h1Probe;
            long mask = maskArray[q];
            long bad = 0;
            checkedSpikes += p.size();
            long[] counts = countArray[q];
            for (int k = 0; k < p.size(); k++) {
                // the slot without a 64-bit division per spike: the records of the last run start at runStart
                long since = p.time(k) - runStart;
                int slot;
                if (since >= 0 && since < 64L * period) {
                    slot = runStartSlot + (int) since;
                    while (slot >= period) {
                        slot -= period;
                    }
                } else {
                    slot = (int) (p.time(k) % period);
                }
                counts[slot]++;
                if (h1 && slot == 0) {
                    lastD1Minus[nD1Minus++] = p.index(k);
                }
                if ((mask & (1L << slot)) == 0) {
                    bad++;
                }
            }
            if (bad > 0) {
                violations.merge(probeNames[q], bad, Long::sum);
            }
            p.clear();
        }
    }

    /** The first step of the last run, and its slot. */
    private long runStart;
    private int runStartSlot;
    private String[] probeNames;
    private SpikeProbe[] probeArray;
    private long[] maskArray;
    private long[][] countArray;

    /**
     * Spikes outside their population's slots since the session began, per population (gate leaks and any other
     * breach of the authors' slot invariants). All zero on a healthy run.
     */
    public Map<String, Long> slotViolations() {
        return java.util.Collections.unmodifiableMap(violations);
    }

    /** Spikes of every population per slot (t mod T) since the session began; arrays are copies. */
    public Map<String, long[]> spikeCountsPerSlot() {
        Map<String, long[]> copy = new LinkedHashMap<>();
        slotCounts.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** Number of spikes checked against the slot table so far. */
    public long checkedSpikes() {
        return checkedSpikes;
    }

    /** Total number of spikes outside their slots. */
    public long totalSlotViolations() {
        long n = 0;
        for (long v : violations.values()) {
            n += v;
        }
        return n;
    }

    /** Trains on one sample (on pixels {@code on[0..nOn-1]}, label). */
    public void train(int[] on, int nOn, int label) {
        long base = (long) period * (samples + 1);
        input.addSpikes(on, nOn, base + 1);
        target.addSpike(label, base + targetSlot);
        for (int r : rewardSlots) {
            reward.addSpike(0, base + r);
        }
        runStart = board.time() + 1;
        runStartSlot = (int) (runStart % period);
        board.run((int) (base + period - board.time()));
        samples++;
        lastOn = java.util.Arrays.copyOf(on, nOn);
        checkSlots();
    }

    /**
     * What the next sample inherits besides the weights, for a checkpoint: every W_kT+ as the board holds it, and
     * the W2 depression pending for slot 1 of the next window. The board's in-flight spikes cannot be read through its
     * API, so the latter is derived from what reaches the bias-held h1 and o families in slot 1: x's slot-0 replay
     * (this sample's on pixels through W1, ungated: a unit not refractory from δ1- fires if the sum is &gt; 9,216) and
     * h1's slot-0 spikes (δ1-, probed, through W2 under g00's gi: &gt; 17,344). W1 is read after slot 0's depression,
     * which only touches the refractory δ1- units, and W2 does not change between slot 10 and slot 1.
     */
    public NbpResumeState resumeState() {
        int[] sizes = circuit.layers();
        int out = sizes.length - 1;
        int[][] tp = new int[out][];
        for (int k = 2; k <= out; k++) {
            tp[k - 1] = board.weights(circuit.plastic(NbpCircuit.family(k, out)[0] + "->" + NbpCircuit.tName(k - 1)));
        }
        if (out != 2 || samples == 0) {
            return new NbpResumeState(tp, new int[0], new int[0]);
        }
        int a = sizes[1];
        int b = sizes[2];
        int[] w1 = board.weights(circuit.plastic("x->h1"));
        int[] w2 = board.weights(circuit.plastic("h1->o"));
        boolean[] refractory = new boolean[a];
        for (int q = 0; q < nD1Minus; q++) {
            refractory[lastD1Minus[q]] = true;
        }
        int[] sum = new int[a];
        for (int x : lastOn) {
            for (int j = 0; j < a; j++) {
                sum[j] += w1[x * a + j];
            }
        }
        int[] hidden = java.util.stream.IntStream.range(0, a).filter(j -> !refractory[j] && sum[j] > 9_216).toArray();
        int[] output = java.util.stream.IntStream.range(0, b).filter(c -> {
            int s = 0;
            for (int q = 0; q < nD1Minus; q++) {
                s += w2[lastD1Minus[q] * b + c];
            }
            return s > 17_344;
        }).toArray();
        return new NbpResumeState(tp, hidden, output);
    }

    /**
     * Restores what a checkpoint recorded (see {@link #resumeState()}, of either engine) before the first sample: every
     * W_kT+, and the pending slot-1 depression applied to the three W2 copies at once. That is what the uninterrupted
     * board does in slot 1 of the next window: nothing reads W2 between the boundary and that slot's learning phase
     * except the slot-1 leak spikes themselves, which only make the o family leak in slot 2 (counted, harmless).
     * The spike counts outside their slots therefore miss the boundary's slot-1 and slot-2 leaks.
     *
     * @throws IllegalStateException    after the first sample
     * @throws IllegalArgumentException if the state does not fit the circuit's weights
     */
    public void restore(NbpResumeState state) {
        if (samples > 0) {
            throw new IllegalStateException("restore before the first sample; this session has trained " + samples);
        }
        int[] sizes = circuit.layers();
        state.check(sizes);
        int out = sizes.length - 1;
        for (int k = 2; k <= out; k++) {
            board.setWeights(circuit.plastic(NbpCircuit.family(k, out)[0] + "->" + NbpCircuit.tName(k - 1)),
                    state.tPlus(k));
        }
        if (state.slot1Pending()) {
            int b = sizes[2];
            int s = steps[1];
            for (String o : NbpCircuit.family(2, out)) {
                int[] w = board.weights(circuit.plastic("h1->" + o));
                for (int j : state.slot1Hidden()) {
                    for (int c : state.slot1Output()) {
                        w[j * b + c] = Math.max(NbpWeights.MIN, w[j * b + c] - s);
                    }
                }
                board.setWeights(circuit.plastic("h1->" + o), w);
            }
        }
    }

    /** Timesteps per sample. */
    public int period() {
        return period;
    }

    /** Every plastic matrix read back as the reference's state (W_k from h_{k-1}->h_k, W_kT- from its T- row). */
    public NbpWeights weights() {
        int[] sizes = circuit.layers();
        int out = sizes.length - 1;
        int[][] w = new int[out][];
        int[][] tm = new int[out][];
        for (int k = 1; k <= out; k++) {
            w[k - 1] = board.weights(circuit.plastic(NbpCircuit.layerName(k - 1, out) + "->"
                    + NbpCircuit.layerName(k, out)));
            if (k >= 2) {
                tm[k - 1] = board.weights(circuit.plastic(NbpCircuit.tMinusName(k, out) + "->"
                        + NbpCircuit.tName(k - 1)));
            }
        }
        return NbpWeights.of(sizes, w, tm);
    }

    /** Number of violated copy invariants: the copies of every W_k, and W_kT+ = W_k transposed. */
    public int copyViolations() {
        int[] sizes = circuit.layers();
        int out = sizes.length - 1;
        int bad = 0;
        for (int k = 1; k <= out; k++) {
            String[] fam = NbpCircuit.family(k, out);
            String pre = NbpCircuit.layerName(k - 1, out) + "->";
            int[] w = board.weights(circuit.plastic(pre + fam[0]));
            bad += differ(w, board.weights(circuit.plastic(pre + fam[1])));
            bad += differ(w, board.weights(circuit.plastic(pre + fam[2])));
            if (k >= 2) {
                int[] tp = board.weights(circuit.plastic(fam[0] + "->" + NbpCircuit.tName(k - 1)));
                int a = sizes[k - 1];
                int b = sizes[k];
                for (int j = 0; j < a; j++) {
                    for (int c = 0; c < b; c++) {
                        bad += w[j * b + c] != tp[c * a + j] ? 1 : 0;
                    }
                }
            }
        }
        return bad;
    }

    private static int differ(int[] a, int[] b) {
        int n = 0;
        for (int k = 0; k < a.length; k++) {
            n += a[k] != b[k] ? 1 : 0;
        }
        return n;
    }

    /** The board (for probes and the energy report). */
    public Board board() {
        return board;
    }

    /** The circuit description. */
    public NbpCircuit circuit() {
        return circuit;
    }

    @Override
    public void close() {
        board.close();
    }
}
