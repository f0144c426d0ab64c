package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeInput;
import io.github.loihiemu.core.chip.SpikeProbe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives the nBP training circuit on an emulated board the way the authors drove the chip: the gate ring is started
 * once (in_g at t = 11), then for sample k the host schedules the on pixels at 12(k+1) + 1, the label at
 * 12(k+1) + 3 and reward spikes at 12(k+1) + 6 and + 8; no host intervention inside a sample.
 * {@link #train} runs the board up to the end of the sample's W1 depression slot (t = 12(k+2)).
 */
public final class NbpChipSession implements AutoCloseable {
    private final NbpCircuit circuit;
    private final Board board;
    private final SpikeInput input;
    private final SpikeInput target;
    private final SpikeInput reward;
    private long samples;
    /** Spike probe and allowed slots (bit mask over t mod 12) of every population, for the slot invariants. */
    private final Map<String, SpikeProbe> probes = new LinkedHashMap<>();
    private final Map<String, Integer> allowed = new LinkedHashMap<>();
    private final Map<String, Long> violations = new LinkedHashMap<>();
    private long checkedSpikes;
    private final Map<String, long[]> slotCounts = new LinkedHashMap<>();

    /** Compiles the circuit for {@code weights} onto a board with {@code config}, with the paper's placement. */
    public NbpChipSession(NbpWeights weights, BoardConfig config) {
        this(weights, config, true);
    }

    /** As above; {@code paperPlacement} false packs the populations automatically. */
    public NbpChipSession(NbpWeights weights, BoardConfig config, boolean paperPlacement) {
        circuit = new NbpCircuit(weights, paperPlacement);
        board = Board.compile(circuit.network(), config);
        input = board.spikeInput(circuit.input);
        target = board.spikeInput(circuit.target);
        reward = board.spikeInput(circuit.reward);
        board.spikeInput(circuit.start).addSpike(0, 11);
        allow("x", 2, 8, 0);
        allow("h1", 3, 6, 8, 10, 0);
        allow("h1_copy", 3, 8, 0);
        allow("h1_copy2", 3, 8, 0);
        allow("m_h1", 4);
        allow("o", 4, 6, 10);
        allow("o_copy", 4, 6, 10);
        allow("o_copy2", 4, 6, 10);
        allow("t", 4);
        allow("d+", 5);
        allow("d-", 5);
        allow("oT-", 6, 10);
        allow("h1T", 6, 7, 10, 11);
        allow("m_x6", 7);
        allow("c_h1", 7);
        for (int g = 0; g < 12; g++) {
            allow(String.format("g%02d", g), g);
        }
    }

    private void allow(String population, int... slots) {
        int mask = 0;
        for (int s : slots) {
            mask |= 1 << s;
        }
        allowed.put(population, mask);
        probes.put(population, board.probeSpikes(circuit.population(population)));
        violations.put(population, 0L);
        slotCounts.put(population, new long[12]);
    }

    /** Checks the spikes of the last sample against the slot table, then forgets them. */
    private void checkSlots() {
        for (Map.Entry<String, SpikeProbe> e : probes.entrySet()) {
            SpikeProbe p = e.getValue();
            int mask = allowed.get(e.getKey());
            long bad = 0;
            checkedSpikes += p.size();
            long[] counts = slotCounts.get(e.getKey());
            for (int k = 0; k < p.size(); k++) {
                int slot = (int) (p.time(k) % 12);
                counts[slot]++;
                if ((mask & (1 << slot)) == 0) {
                    bad++;
                }
            }
            if (bad > 0) {
                violations.merge(e.getKey(), bad, Long::sum);
            }
            p.clear();
        }
    }

    /**
     * Spikes outside their population's slots since the session began, per population (gate leaks and any other
     * breach of the authors' slot invariants). All zero on a healthy run.
     */
    public Map<String, Long> slotViolations() {
        return java.util.Collections.unmodifiableMap(violations);
    }

    /** Spikes of every population per slot (t mod 12) since the session began; arrays are copies. */
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
        long base = 12 * (samples + 1);
        input.addSpikes(on, nOn, base + 1);
        target.addSpike(label, base + 3);
        reward.addSpike(0, base + 6);
        reward.addSpike(0, base + 8);
        board.run((int) (base + 12 - board.time()));
        samples++;
        checkSlots();
    }

    /** The eight plastic matrices read back as the reference's state; throws if the copies disagree. */
    public NbpWeights weights() {
        int[] w1 = board.weights(circuit.plastic("x->h1"));
        int[] w2 = board.weights(circuit.plastic("h1->o"));
        int[] w2tm = board.weights(circuit.plastic("oT-->h1T"));
        return NbpWeights.of(circuit.inputs(), circuit.hidden(), circuit.outputs(), w1, w2, w2tm);
    }

    /** Number of violated copy invariants: W1 copies, W2 copies, W2T+ = W2 transposed. */
    public int copyViolations() {
        int bad = 0;
        int[] w1 = board.weights(circuit.plastic("x->h1"));
        bad += differ(w1, board.weights(circuit.plastic("x->h1_copy")));
        bad += differ(w1, board.weights(circuit.plastic("x->h1_copy2")));
        int[] w2 = board.weights(circuit.plastic("h1->o"));
        bad += differ(w2, board.weights(circuit.plastic("h1->o_copy")));
        bad += differ(w2, board.weights(circuit.plastic("h1->o_copy2")));
        int[] w2tp = board.weights(circuit.plastic("o->h1T"));
        int hid = circuit.hidden();
        int out = circuit.outputs();
        for (int j = 0; j < hid; j++) {
            for (int c = 0; c < out; c++) {
                bad += w2[j * out + c] != w2tp[c * hid + j] ? 1 : 0;
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
