package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeInput;
import io.github.loihiemu.core.chip.SpikeProbe;
import io.github.loihiemu.core.chip.StateProbe;
import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.SpikeSource;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.datasets.BinarizedDataset;

/**
 * The 4-slot nBP inference circuit on the emulated chip: x, h1, o and a ring of four gates (g00..g03), with static
 * weights W1 and W2. A gate firing in slot j lifts its targets in slot j + 1, so with the ring started at t = 3
 * (g00 fires at 4, g01 at 5, ...) and the on pixels of a sample sent at window start + 1, x fires at + 2, h1 at + 3
 * and o at + 4. The output sums are read exactly from o's current u then ({@code u = 64 (8704 + sum)}: the current
 * keeps no state with decay 4096 and, unlike v, is not reset by a spike); the binary output is o's spikes.
 */
public final class NbpInference implements AutoCloseable {
    /** Timesteps per inference sample. */
    public static final int STEPS_PER_SAMPLE = 4;
    private static final int GATE_LIFT = 8704;

    private final Network network = new Network();
    private final Board board;
    private final SpikeGenerator input;
    private final CompartmentGroup o;
    private final int outputs;

    /** Builds and compiles the inference circuit for {@code weights}. */
    public NbpInference(NbpWeights weights, BoardConfig config) {
        outputs = weights.outputs;
        CompartmentPrototype held = NbpCircuit.NeuronType.SFC.prototype;
        CompartmentPrototype gate = NbpCircuit.NeuronType.GATE.prototype;
        input = network.createSpikeGenerator("input", weights.inputs);
        SpikeGenerator start = network.createSpikeGenerator("in_g", 1);
        CompartmentGroup[] g = new CompartmentGroup[4];
        for (int k = 0; k < 4; k++) {
            g[k] = network.createCompartmentGroup("g0" + k, 1, gate);
            network.place(g[k], 40, 95);
        }
        CompartmentGroup x = network.createCompartmentGroup("x", weights.inputs, held);
        CompartmentGroup h1 = network.createCompartmentGroup("h1", weights.hidden, NbpCircuit.NeuronType.SFL.prototype);
        o = network.createCompartmentGroup("o", outputs, NbpCircuit.NeuronType.SFL.prototype);
        network.place(x, 16, 95);
        network.place(h1, 2, 80);
        network.place(o, 2, 80);
        ConnectionPrototype ring = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).weightExponent(6)
                .build();
        network.connect(start, g[0], ring, Topology.oneToOne(1, 145));
        for (int k = 0; k < 4; k++) {
            network.connect(g[k], g[(k + 1) % 4], ring, Topology.oneToOne(1, 145));
        }
        ConnectionPrototype lift = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).weightExponent(6)
                .build();
        gate(g[1], x, lift);
        gate(g[2], h1, lift);
        gate(g[3], o, lift);
        network.connect(input, x, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).weightExponent(2)
                .build(), Topology.oneToOne(weights.inputs, 130));
        int[][] w1 = weights.w1ByTarget();
        int[][] w2 = weights.w2ByTarget();
        network.connect(x, h1, ConnectionPrototype.builder().build(), Topology.allToAll(w1));
        network.connect(h1, o, ConnectionPrototype.builder().build(), Topology.allToAll(w2));
        board = Board.compile(network, config);
        board.spikeInput(start).addSpike(0, 3);
    }

    private void gate(SpikeSource gate, CompartmentGroup target, ConnectionPrototype proto) {
        network.connect(gate, target, proto, Topology.uniform(1, target.size(), 136));
    }

    /** Result of evaluating a data set. */
    public record Evaluation(int samples, int argmaxCorrect, int exactMatches, int[] predictions, int[] outputSums) {
        /** Fraction of samples whose largest output sum is the label. */
        public double argmaxAccuracy() {
            return argmaxCorrect / (double) samples;
        }

        /** Fraction of samples whose binary output vector is the one-hot label. */
        public double exactMatchAccuracy() {
            return exactMatches / (double) samples;
        }
    }

    /** Runs every sample of {@code data} through the circuit (4 steps each) and scores it. */
    public Evaluation evaluate(BinarizedDataset data) {
        return evaluate(data, data.size());
    }

    /** Runs the first {@code n} samples of {@code data} through the circuit and scores them. */
    public Evaluation evaluate(BinarizedDataset data, int n) {
        if (n < 1 || n > data.size()) {
            throw new IllegalArgumentException("evaluate: n = " + n + " must be in 1.." + data.size());
        }
        long base = board.time();
        long first = 4 * ((base + 3) / 4 + 1);          // next window start after the gates run
        SpikeInput in = board.spikeInput(input);
        int[] buf = new int[data.inputCount()];
        for (int k = 0; k < n; k++) {
            in.addSpikes(buf, data.copyOnPixels(k, buf), first + 4L * k + 1);
        }
        StateProbe u = board.probeState(o, StateProbe.Variable.CURRENT, first + 4, 4, false);
        SpikeProbe spikes = board.probeSpikes(o, first + 4, 4);
        board.run((int) (first + 4L * n - board.time()));
        board.removeProbe(u);
        board.removeProbe(spikes);
        int[] predictions = new int[n];
        int[] sums = new int[n * outputs];
        int correct = 0;
        int exact = 0;
        boolean[] fired = new boolean[n * outputs];
        for (int q = 0; q < spikes.size(); q++) {
            int k = (int) ((spikes.time(q) - first - 4) / 4);
            fired[k * outputs + spikes.index(q)] = true;
        }
        for (int k = 0; k < n; k++) {
            int best = 0;
            for (int c = 0; c < outputs; c++) {
                int sum = u.value(k, c) / 64 - GATE_LIFT;
                sums[k * outputs + c] = sum;
                if (sum > sums[k * outputs + best]) {
                    best = c;
                }
            }
            predictions[k] = best;
            int label = data.label(k);
            correct += best == label ? 1 : 0;
            boolean match = true;
            for (int c = 0; c < outputs; c++) {
                match &= fired[k * outputs + c] == (c == label);
            }
            exact += match ? 1 : 0;
        }
        return new Evaluation(n, correct, exact, predictions, sums);
    }

    /** The circuit's network description (for probes). */
    Network network() {
        return network;
    }

    /** The board, for the energy report. */
    public Board board() {
        return board;
    }

    @Override
    public void close() {
        board.close();
    }
}
