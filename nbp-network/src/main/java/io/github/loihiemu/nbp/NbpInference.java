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
 * The nBP inference circuit on the emulated chip: x, the hidden layers h1 .. hL, o and a ring of L + 3 gates
 * (g00 ..), with static weights W1 .. W_{L+1}; 4 slots per sample for one hidden layer. A gate firing in slot j
 * lifts its targets in slot j + 1, so with the ring started at t = L + 2 (g00 fires at L + 3, g01 one step later,
 * ...) and the on pixels of a sample sent at window start + 1, x fires at + 2, h_l at + 2 + l and o at + L + 3. The
 * output sums are read exactly from o's current u then ({@code u = 64 (8704 + sum)}: the current keeps no state with
 * decay 4096 and, unlike v, is not reset by a spike); the binary output is o's spikes.
 */
public final class NbpInference implements AutoCloseable {
    /** Timesteps per inference sample with one hidden layer ({@link #period()} in general). */
    public static final int STEPS_PER_SAMPLE = 4;
    private static final int GATE_LIFT = 8704;

    private final Network network = new Network();
    private final Board board;
    private final SpikeGenerator input;
    private final CompartmentGroup o;
    private final int outputs;
    private final int period;

    /** Builds and compiles the inference circuit for {@code weights}. */
    public NbpInference(NbpWeights weights, BoardConfig config) {
        int[] sizes = weights.sizes;
        int out = sizes.length - 1;
        period = out + 2;
        outputs = sizes[out];
        CompartmentPrototype held = NbpCircuit.NeuronType.SFC.prototype;
        CompartmentPrototype gate = NbpCircuit.NeuronType.GATE.prototype;
        input = network.createSpikeGenerator("input", sizes[0]);
        SpikeGenerator start = network.createSpikeGenerator("in_g", 1);
        CompartmentGroup[] g = new CompartmentGroup[period];
        for (int k = 0; k < period; k++) {
            g[k] = network.createCompartmentGroup(NbpCircuit.gateName(k), 1, gate);
            network.place(g[k], 40, 95);
        }
        CompartmentGroup[] layer = new CompartmentGroup[out + 1];
        layer[0] = network.createCompartmentGroup("x", sizes[0], held);
        network.place(layer[0], 16, 95);
        for (int l = 1; l <= out; l++) {
            layer[l] = network.createCompartmentGroup(NbpCircuit.layerName(l, out), sizes[l],
                    NbpCircuit.NeuronType.SFL.prototype);
            network.place(layer[l], 2, 80);
        }
        o = layer[out];
        ConnectionPrototype ring = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).weightExponent(6)
                .build();
        network.connect(start, g[0], ring, Topology.oneToOne(1, 145));
        for (int k = 0; k < period; k++) {
            network.connect(g[k], g[(k + 1) % period], ring, Topology.oneToOne(1, 145));
        }
        ConnectionPrototype lift = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).weightExponent(6)
                .build();
        for (int l = 0; l <= out; l++) {
            gate(g[l + 1], layer[l], lift);
        }
        network.connect(input, layer[0], ConnectionPrototype.builder().signMode(SignMode.EXCITATORY)
                .weightExponent(2).build(), Topology.oneToOne(sizes[0], 130));
        for (int l = 1; l <= out; l++) {
            network.connect(layer[l - 1], layer[l], ConnectionPrototype.builder().build(),
                    Topology.allToAll(weights.byTarget(l)));
        }
        board = Board.compile(network, config);
        board.spikeInput(start).addSpike(0, period - 1);
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

    /** Timesteps per inference sample: L + 3. */
    public int period() {
        return period;
    }

    /** Runs every sample of {@code data} through the circuit (L + 3 steps each) and scores it. */
    public Evaluation evaluate(BinarizedDataset data) {
        return evaluate(data, data.size());
    }

    /** Runs the first {@code n} samples of {@code data} through the circuit and scores them. */
    public Evaluation evaluate(BinarizedDataset data, int n) {
        if (n < 1 || n > data.size()) {
            throw new IllegalArgumentException("evaluate: n = " + n + " must be in 1.." + data.size());
        }
        int t = period;
        long base = board.time();
        long first = t * ((base + t - 1) / t + 1);          // next window start after the gates run
        SpikeInput in = board.spikeInput(input);
        int[] buf = new int[data.inputCount()];
        for (int k = 0; k < n; k++) {
            in.addSpikes(buf, data.copyOnPixels(k, buf), first + (long) t * k + 1);
        }
        StateProbe u = board.probeState(o, StateProbe.Variable.CURRENT, first + t, t, false);
        SpikeProbe spikes = board.probeSpikes(o, first + t, t);
        board.run((int) (first + (long) t * n - board.time()));
        board.removeProbe(u);
        board.removeProbe(spikes);
        int[] predictions = new int[n];
        int[] sums = new int[n * outputs];
        int correct = 0;
        int exact = 0;
        boolean[] fired = new boolean[n * outputs];
        for (int q = 0; q < spikes.size(); q++) {
            int k = (int) ((spikes.time(q) - first - t) / t);
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
