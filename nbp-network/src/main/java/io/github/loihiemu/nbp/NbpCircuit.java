package io.github.loihiemu.nbp;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.SpikeSource;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;

import java.util.HashMap;
import java.util.Map;

/**
 * The 12-slot synfire-gated nBP training circuit (nbp-circuit.md) as a {@link Network} description: populations by
 * neuron type, connections from a table of (source, target, type, delay) rows, the paper's core placement, and the
 * host generators. Sizes are parameters; it only describes the circuit and never touches chip internals.
 */
public final class NbpCircuit {
    /** Timesteps per training sample. */
    public static final int STEPS_PER_SAMPLE = 12;

    /** Neuron types of the circuit. */
    enum NeuronType {
        SFC(2, false, true), SFL(2, true, true), SFL_NR(1, true, true), GATE(1, false, false);

        final CompartmentPrototype prototype;

        NeuronType(int refractory, boolean learning, boolean biased) {
            CompartmentPrototype.Builder b = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(4096)
                    .vThMant(1024).refractoryDelay(refractory).enableSpikeBackprop(learning);
            if (biased) {
                b.biasMant(-4096).biasExp(7);      // -8192 * 64: fires only when a gate lifts it
            }
            prototype = b.build();
        }
    }

    /** Connection types with their exact Loihi encodings. */
    enum Kind {
        P, E1, I1, GE1, G, G1, GI, GP05, GM05
    }

    private final Network network = new Network();
    private final Map<String, SpikeSource> sources = new HashMap<>();
    private final Map<String, Connection> plastic = new HashMap<>();
    private final LearningRuleSpec rule = LearningRuleSpec.builder().dw("4*x0*y0*r1 - 2*x0*y0").r1(1, 0).tEpoch(1)
            .build();
    private final int inputs;
    private final int hidden;
    private final int outputs;
    final SpikeGenerator input;
    final SpikeGenerator target;
    final SpikeGenerator start;
    final SpikeGenerator reward;

    private final boolean paperPlacement;

    /** Builds the circuit for {@code weights}' layer sizes, initialised with them, with the paper's placement. */
    public NbpCircuit(NbpWeights weights) {
        this(weights, true);
    }

    /**
     * Builds the circuit; {@code paperPlacement} false leaves every population to the mapper's automatic packing
     * instead of the authors' core ranges (results are identical; only the energy/time estimate changes).
     */
    public NbpCircuit(NbpWeights weights, boolean paperPlacement) {
        this.paperPlacement = paperPlacement;
        this.inputs = weights.inputs;
        this.hidden = weights.hidden;
        this.outputs = weights.outputs;
        input = network.createSpikeGenerator("input", inputs);
        target = network.createSpikeGenerator("in_tgt", outputs);
        start = network.createSpikeGenerator("in_g", 1);
        reward = network.createSpikeGenerator("reward", 1);
        sources.put("input", input);
        sources.put("in_tgt", target);
        sources.put("in_g", start);
        group("m_x6", inputs, NeuronType.SFC);
        group("m_h1", hidden, NeuronType.SFC);
        group("c_h1", hidden, NeuronType.SFC);
        group("t", outputs, NeuronType.SFC);
        group("d-", outputs, NeuronType.SFC);
        group("d+", outputs, NeuronType.SFC);
        group("h1T", hidden, NeuronType.SFL_NR);
        group("oT-", outputs, NeuronType.SFL);
        for (int g = 0; g < 12; g++) {
            group(String.format("g%02d", g), 1, NeuronType.GATE);
        }
        group("x", inputs, NeuronType.SFC);
        group("h1", hidden, NeuronType.SFL);
        group("h1_copy", hidden, NeuronType.SFL);
        group("h1_copy2", hidden, NeuronType.SFL);
        group("o", outputs, NeuronType.SFL);
        group("o_copy", outputs, NeuronType.SFL);
        group("o_copy2", outputs, NeuronType.SFL);

        int[][] w1t = weights.w1ByTarget();          // [target h][source x]
        int[][] w2t = weights.w2ByTarget();          // [target o][source h]
        int[][] w2tp = new int[hidden][outputs];     // [target h1T][source o] = W2[h][o]
        int[][] w2tm = new int[hidden][outputs];     // [target h1T][source oT-] = W2T-[o][h]
        for (int j = 0; j < hidden; j++) {
            for (int c = 0; c < outputs; c++) {
                w2tp[j][c] = weights.w2[j * outputs + c];
                w2tm[j][c] = weights.w2tMinus[c * hidden + j];
            }
        }
        Object[][] table = {
            {"x", "m_x6", Kind.E1, 4}, {"h1", "m_h1", Kind.E1, 0},
            {"x", "h1", w1t}, {"x", "h1_copy", w1t}, {"x", "h1_copy2", w1t},
            {"h1", "o", w2t}, {"h1", "o_copy", w2t}, {"h1", "o_copy2", w2t},
            {"o_copy", "d-", Kind.G1, 0}, {"o_copy", "d+", Kind.G1, 0}, {"o_copy2", "d-", Kind.I1, 0},
            {"o", "d-", Kind.E1, 0}, {"t", "d-", Kind.I1, 0}, {"t", "d+", Kind.E1, 0}, {"o", "d+", Kind.I1, 0},
            {"d-", "o", Kind.E1, 4}, {"d-", "o_copy", Kind.E1, 4}, {"d-", "o_copy2", Kind.E1, 4},
            {"d-", "oT-", Kind.E1, 0}, {"d+", "o", Kind.E1, 0}, {"d+", "o_copy", Kind.E1, 0},
            {"d+", "o_copy2", Kind.E1, 0}, {"d+", "oT-", Kind.E1, 4},
            {"m_h1", "h1", Kind.E1, 1}, {"m_h1", "h1T", Kind.E1, 1},
            {"o", "h1T", w2tp}, {"oT-", "h1T", w2tm},
            {"h1T", "h1", Kind.E1, 0}, {"h1T", "h1_copy", Kind.E1, 0}, {"h1T", "h1_copy2", Kind.E1, 0},
            {"m_x6", "x", Kind.E1, 0}, {"m_h1", "h1", Kind.E1, 5}, {"m_h1", "h1T", Kind.E1, 5},
            {"m_x6", "x", Kind.E1, 4},
            {"g06", "m_x6", Kind.G, 0}, {"g03", "m_h1", Kind.G, 0}, {"g01", "x", Kind.G, 0},
            {"g02", "h1", Kind.G, 0}, {"g02", "h1_copy", Kind.GM05, 0}, {"g02", "h1_copy2", Kind.GP05, 0},
            {"g02", "h1_copy", Kind.G, 0}, {"g03", "o", Kind.G, 0}, {"g03", "o_copy", Kind.GM05, 0},
            {"g03", "o_copy2", Kind.GP05, 0}, {"g03", "o_copy", Kind.G, 0}, {"g03", "t", Kind.G, 0},
            {"g04", "h1T", Kind.GI, 0}, {"g04", "oT-", Kind.GI, 0},
            {"g05", "h1", Kind.G, 0}, {"g05", "h1T", Kind.G, 0}, {"g05", "oT-", Kind.G, 0},
            {"g05", "o", Kind.G, 0}, {"g05", "o_copy", Kind.G, 0}, {"g05", "o_copy2", Kind.G, 0},
            {"g06", "h1T", Kind.GM05, 0}, {"g06", "h1T", Kind.G, 0},
            {"g06", "o", Kind.GI, 0}, {"g06", "o_copy", Kind.GI, 0}, {"g06", "o_copy2", Kind.GI, 0},
            {"g07", "x", Kind.G, 0}, {"g08", "h1", Kind.GI, 0}, {"g08", "h1_copy", Kind.GI, 0},
            {"g08", "h1_copy2", Kind.GI, 0},
            {"g09", "h1", Kind.G, 0}, {"g09", "h1T", Kind.G, 0}, {"g09", "o", Kind.G, 0},
            {"g09", "o_copy", Kind.G, 0}, {"g09", "o_copy2", Kind.G, 0}, {"g09", "oT-", Kind.G, 0},
            {"g10", "h1T", Kind.GM05, 0}, {"g10", "h1T", Kind.G, 0},
            {"g10", "o", Kind.GI, 0}, {"g10", "o_copy", Kind.GI, 0}, {"g10", "o_copy2", Kind.GI, 0},
            {"g11", "x", Kind.G, 0},
            {"g00", "o", Kind.GI, 0}, {"g00", "o_copy", Kind.GI, 0}, {"g00", "o_copy2", Kind.GI, 0},
            {"c_h1", "h1", Kind.G1, 0}, {"c_h1", "h1", Kind.G1, 4}, {"c_h1", "h1_copy", Kind.G1, 0},
            {"c_h1", "h1_copy", Kind.G1, 4}, {"c_h1", "h1_copy2", Kind.G1, 0}, {"c_h1", "h1_copy2", Kind.G1, 4},
            {"input", "x", Kind.E1, 0}, {"in_tgt", "t", Kind.E1, 0},
            {"h1_copy", "c_h1", Kind.E1, 3}, {"h1_copy2", "c_h1", Kind.I1, 3},
            {"g06", "c_h1", Kind.G, 0},
            {"in_g", "g00", Kind.GE1, 0}, {"g00", "g01", Kind.GE1, 0}, {"g01", "g02", Kind.GE1, 0},
            {"g02", "g03", Kind.GE1, 0}, {"g03", "g04", Kind.GE1, 0}, {"g04", "g05", Kind.GE1, 0},
            {"g05", "g06", Kind.GE1, 0}, {"g06", "g07", Kind.GE1, 0}, {"g07", "g08", Kind.GE1, 0},
            {"g08", "g09", Kind.GE1, 0}, {"g09", "g10", Kind.GE1, 0}, {"g10", "g11", Kind.GE1, 0},
            {"g11", "g00", Kind.GE1, 0},
        };
        for (Object[] row : table) {
            String src = (String) row[0];
            String dst = (String) row[1];
            if (row[2] instanceof int[][] matrix) {
                Connection c = network.connect(sources.get(src), (CompartmentGroup) sources.get(dst),
                        ConnectionPrototype.builder().learningRule(rule).build(), Topology.allToAll(matrix));
                plastic.put(src + "->" + dst, c);
            } else {
                connect(src, dst, (Kind) row[2], (Integer) row[3]);
            }
        }
        network.connectReinforcement(reward, 0, rule);
    }

    private void group(String name, int size, NeuronType type) {
        CompartmentGroup g = network.createCompartmentGroup(name, size, type.prototype);
        sources.put(name, g);
        if (!paperPlacement) {
            return;
        }
        switch (type) {
            case SFC -> network.place(g, 16, 95);
            case SFL, SFL_NR -> network.place(g, 2, 80);
            case GATE -> network.place(g, 40, 95);
            default -> throw new IllegalStateException();
        }
    }

    private void connect(String src, String dst, Kind kind, int delay) {
        SpikeSource s = sources.get(src);
        CompartmentGroup t = (CompartmentGroup) sources.get(dst);
        if (s == null || t == null) {
            throw new IllegalStateException("circuit table names an unknown population: " + src + " -> " + dst);
        }
        int mant;
        int exp;
        SignMode mode = SignMode.EXCITATORY;
        switch (kind) {
            case E1 -> { mant = 130; exp = 2; }
            case I1 -> { mant = -130; exp = 2; mode = SignMode.INHIBITORY; }
            case GE1 -> { mant = 145; exp = 6; }
            case G, G1 -> { mant = 136; exp = 6; }
            case GI -> { mant = -254; exp = 5; mode = SignMode.INHIBITORY; }
            case GP05 -> { mant = 128; exp = 6; }
            case GM05 -> { mant = 128; exp = 2; }
            default -> throw new IllegalStateException(kind.name());
        }
        ConnectionPrototype proto = ConnectionPrototype.builder().signMode(mode).weightExponent(exp).delay(delay)
                .build();
        boolean oneToAll = kind == Kind.G || kind == Kind.GI || kind == Kind.GP05 || kind == Kind.GM05;
        Topology topo = oneToAll ? Topology.uniform(1, t.size(), mant) : Topology.oneToOne(t.size(), mant);
        network.connect(s, t, proto, topo);
    }

    /** The circuit's network description. */
    public Network network() {
        return network;
    }

    /** A population by its name in nbp-circuit.md. */
    public CompartmentGroup population(String name) {
        SpikeSource s = sources.get(name);
        if (!(s instanceof CompartmentGroup g)) {
            throw new IllegalArgumentException("no population " + name);
        }
        return g;
    }

    /** A plastic connection by "source->target", e.g. "x->h1". */
    public Connection plastic(String name) {
        Connection c = plastic.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no plastic connection " + name + "; known: " + plastic.keySet());
        }
        return c;
    }

    int inputs() {
        return inputs;
    }

    int hidden() {
        return hidden;
    }

    int outputs() {
        return outputs;
    }
}
