package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeInput;

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

    /** Compiles the circuit for {@code weights} onto a board with {@code config}. */
    public NbpChipSession(NbpWeights weights, BoardConfig config) {
        circuit = new NbpCircuit(weights);
        board = Board.compile(circuit.network(), config);
        input = board.spikeInput(circuit.input);
        target = board.spikeInput(circuit.target);
        reward = board.spikeInput(circuit.reward);
        board.spikeInput(circuit.start).addSpike(0, 11);
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
