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

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The synfire-gated nBP training circuit as a {@link Network} description, generated from the layer list of its
 * weights: populations by neuron type, connections as (source, target, type, delay) rows derived from the slot
 * schedule ({@link NbpSchedule}), the paper's core placement, and the host generators. With one hidden layer it is
 * exactly the 12-slot circuit of nbp-circuit.md (30 populations, 102 connections); with L hidden layers the period is
 * 12 + 5 (L - 1) slots (docs/nbp.md). It only describes the circuit and never touches chip internals.
 *
 * <p>The generator checks its own output when it builds: every delay is 0..6, no population is inhibited in a slot
 * in which it must fire, no population with refractory delay 2 must fire in two consecutive slots, and every spike
 * volley that lands on a population in one of its firing slots is one the schedule intends.
 */
public final class NbpCircuit {
    /** Timesteps per training sample of the one-hidden-layer circuit ({@link #period()} in general). */
    public static final int STEPS_PER_SAMPLE = 12;

    /** Neuron types of the circuit. */
    enum NeuronType {
        SFC(2, false, true), SFL(2, true, true), SFL_NR(1, true, true), GATE(1, false, false);

        final CompartmentPrototype prototype;
        final int refractory;

        NeuronType(int refractory, boolean learning, boolean biased) {
            this.refractory = refractory;
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

    /**
     * One row of the connection table: source, target, type, delay, and for a signal row the (source slot, target
     * slot) pairs it is meant to carry (for a plastic row only its forward or backward volleys).
     */
    record Row(String source, String target, Kind kind, int delay, List<int[]> intended) {
        /** The row as "source target type delay", the form of nbp-circuit.md's table. */
        String key() {
            return source + " " + target + " " + kind + " " + delay;
        }
    }

    private final Network network = new Network();
    private final Map<String, SpikeSource> sources = new HashMap<>();
    private final Map<String, NeuronType> types = new HashMap<>();
    private final Map<String, Connection> plastic = new LinkedHashMap<>();
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, int[][]> matrices = new HashMap<>();
    /** Slots (1 .. T) in which each population is lifted, i.e. may fire. */
    private final Map<String, Long> lifted = new LinkedHashMap<>();
    /** Slots in which each population is held down by a gi gate. */
    private final Map<String, Long> inhibited = new HashMap<>();
    /** The learning rule of each weight step; step 2 is the paper's {@code dw = 4*x0*y0*r1 - 2*x0*y0}. */
    private final Map<Integer, LearningRuleSpec> rules = new LinkedHashMap<>();
    private final Map<String, Integer> rowStep = new HashMap<>();
    private final int[] steps;
    private final int[] sizes;
    private final NbpSchedule schedule;
    private final int period;
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
        this(weights, paperPlacement, null);
    }

    /**
     * Builds the circuit with a weight step per matrix W_1 .. W_{L+1} (even, 2..128; null: 2 everywhere). Matrix W_k,
     * its copies and its transposed pair learn with {@code dw = 2s*x0*y0*r1 - s*x0*y0}, so every coincidence changes
     * a weight by +s with a reward spike in its step and by -s without.
     */
    public NbpCircuit(NbpWeights weights, boolean paperPlacement, int[] steps) {
        this.paperPlacement = paperPlacement;
        this.sizes = weights.sizes.clone();
        this.steps = NbpReference.checkSteps(steps, sizes.length - 1);
        final int hiddenLayers = sizes.length - 2;
        final int out = hiddenLayers + 1;
        if (hiddenLayers > 10) {
            throw new IllegalArgumentException("at most 10 hidden layers (a " + (12 + 5 * 10) + "-slot period), got "
                    + hiddenLayers);
        }
        schedule = new NbpSchedule(hiddenLayers);
        period = schedule.period();
        input = network.createSpikeGenerator("input", sizes[0]);
        target = network.createSpikeGenerator("in_tgt", sizes[out]);
        start = network.createSpikeGenerator("in_g", 1);
        reward = network.createSpikeGenerator("reward", 1);
        sources.put("input", input);
        sources.put("in_tgt", target);
        sources.put("in_g", start);
        lifted.put("input", bit(1));
        lifted.put("in_tgt", bit(schedule.forward(out) - 1));

        // delay lines: x for W1's learning phases, each hidden layer's activity for the phases of the matrix above
        // it, each hidden layer's derivative mask for its own phases
        int[] xLine = schedule.delayLine(schedule.forward(0), schedule.potentiation(1), schedule.depression(1), true);
        int[][] mLine = new int[out][];
        int[][] cLine = new int[out][];
        for (int l = 1; l <= hiddenLayers; l++) {
            mLine[l] = schedule.delayLine(schedule.forward(l), schedule.potentiation(l + 1),
                    schedule.depression(l + 1), false);
            cLine[l] = schedule.delayLine(schedule.forward(l), schedule.potentiation(l), schedule.depression(l), true);
        }

        // populations, in the order of nbp-circuit.md for one hidden layer
        stages("m_x6", sizes[0], xLine);
        for (int l = 1; l <= hiddenLayers; l++) {
            stages("m_h" + l, sizes[l], mLine[l]);
        }
        for (int l = 1; l <= hiddenLayers; l++) {
            stages("c_h" + l, sizes[l], cLine[l]);
        }
        group("t", sizes[out], NeuronType.SFC);
        group("d-", sizes[out], NeuronType.SFC);
        group("d+", sizes[out], NeuronType.SFC);
        for (int l = 1; l <= hiddenLayers; l++) {
            group(tName(l), sizes[l], NeuronType.SFL_NR);
        }
        for (int k = 2; k <= out; k++) {
            group(tMinusName(k, out), sizes[k], NeuronType.SFL);
        }
        for (int g = 0; g < period; g++) {
            group(gateName(g), 1, NeuronType.GATE);
            lifted.put(gateName(g), bit(schedule.wrap(g)));
        }
        group("x", sizes[0], NeuronType.SFC);
        for (int l = 1; l <= out; l++) {
            for (String name : family(l, out)) {
                group(name, sizes[l], NeuronType.SFL);
            }
        }

        // forward pass
        int e = schedule.errorSlot();
        link("input", 1, "x", schedule.forward(0), Kind.E1);
        lift(schedule.forward(0), "x", Kind.G);
        for (int l = 1; l <= out; l++) {
            String[] fam = family(l, out);
            int f = schedule.forward(l);
            for (String name : fam) {
                plastic(layerName(l - 1, out), name, weights.byTarget(l), new int[] {f - 1, f}, l);
            }
            lift(f, fam[0], Kind.G);
            lift(f, fam[1], Kind.GM05);
            lift(f, fam[2], Kind.GP05);
            lift(f, fam[1], Kind.G);
        }
        lift(schedule.forward(out), "t", Kind.G);
        link("in_tgt", schedule.forward(out) - 1, "t", schedule.forward(out), Kind.E1);

        // output error: d- = o and not t (where o_copy, not o_copy2), d+ = t and not o (where o_copy)
        int f = schedule.forward(out);
        link("o_copy", f, "d-", e, Kind.G1);
        link("o_copy", f, "d+", e, Kind.G1);
        link("o_copy2", f, "d-", e, Kind.I1);
        link("o", f, "d-", e, Kind.E1);
        link("t", f, "d-", e, Kind.I1);
        link("t", f, "d+", e, Kind.E1);
        link("o", f, "d+", e, Kind.I1);

        // the output's error carriers in the output block: o copies fire d+ in P and d- in D, oT- the opposite
        int po = schedule.potentiation(out);
        int dout = schedule.depression(out);
        for (String name : family(out, out)) {
            link("d+", e, name, po, Kind.E1);
            link("d-", e, name, dout, Kind.E1);
            lift(po, name, Kind.G);
            lift(dout, name, Kind.G);
        }
        link("d-", e, "oT-", po, Kind.E1);
        link("d+", e, "oT-", dout, Kind.E1);
        lift(po, "oT-", Kind.G);
        lift(dout, "oT-", Kind.G);

        // one block per matrix W_k, k >= 2: layer k's error carriers fire in P_k / D_k, layer j = k-1 replays its
        // activity on h_j and h_jT, and h_jT fires the backpropagated sums (> 0) in the next slots
        for (int k = out; k >= 2; k--) {
            int j = k - 1;
            int p = schedule.potentiation(k);
            int d = schedule.depression(k);
            String hj = layerName(j, out);
            String tj = tName(j);
            String memory = stageName("m_h" + j, mLine[j].length - 1);
            int mSlot = mLine[j][mLine[j].length - 1];
            for (int slot : new int[] {p, d}) {
                link(memory, mSlot, hj, slot, Kind.E1);
                link(memory, mSlot, tj, slot, Kind.E1);
                lift(slot, hj, Kind.G);
                lift(slot, tj, Kind.G);
                lift(slot + 1, tj, Kind.GM05);
                lift(slot + 1, tj, Kind.G);
            }
            int[] volleys = {p, p + 1, d, d + 1};
            plastic(layerName(k, out), tj, weights.transposedPlusByTarget(k), volleys, k);
            plastic(tMinusName(k, out), tj, weights.transposedMinusByTarget(k), volleys, k);
        }

        // hidden layer l's error: h_lT's sums, masked by c_h_l (hm and not hp), on the h_l family (δ+ in P_l, δ- in
        // D_l) and, for l >= 2, on h_lT- (δ- in P_l, δ+ in D_l)
        for (int l = 1; l <= hiddenLayers; l++) {
            int plus = schedule.potentiation(l + 1) + 1;
            int minus = schedule.depression(l + 1) + 1;
            int p = schedule.potentiation(l);
            int d = schedule.depression(l);
            String[] fam = family(l, out);
            String mask = stageName("c_h" + l, cLine[l].length - 1);
            int cSlot = cLine[l][cLine[l].length - 1];
            for (String name : fam) {
                link(tName(l), plus, name, p, Kind.E1);
                link(tName(l), minus, name, d, Kind.E1);
            }
            if (l >= 2) {
                link(tName(l), minus, tMinusName(l, out), p, Kind.E1);
                link(tName(l), plus, tMinusName(l, out), d, Kind.E1);
            }
            for (int slot : new int[] {p, d}) {
                for (String name : fam) {
                    link(mask, cSlot, name, slot, Kind.G1);
                }
                if (l >= 2) {
                    link(mask, cSlot, tMinusName(l, out), slot, Kind.G1);
                }
            }
        }

        // W1's phases: x replayed from its memory
        String xMemory = stageName("m_x6", xLine.length - 1);
        for (int slot : new int[] {schedule.potentiation(1), schedule.depression(1)}) {
            link(xMemory, xLine[xLine.length - 1], "x", slot, Kind.E1);
            lift(slot, "x", Kind.G);
        }

        // the delay lines themselves
        line("m_x6", new String[] {"x"}, new Kind[] {Kind.E1}, schedule.forward(0), xLine);
        for (int l = 1; l <= hiddenLayers; l++) {
            line("m_h" + l, new String[] {layerName(l, out)}, new Kind[] {Kind.E1}, schedule.forward(l), mLine[l]);
            String[] fam = family(l, out);
            line("c_h" + l, new String[] {fam[1], fam[2]}, new Kind[] {Kind.E1, Kind.I1}, schedule.forward(l),
                    cLine[l]);
        }

        // inhibition (gi) of bias-held populations in slots where a large volley reaches them unintended
        for (int l = 2; l <= out; l++) {
            inhibit(schedule.forward(l) + 1, tName(l - 1));           // layer l's forward volley through W_lT+
        }
        inhibit(e, "oT-");
        for (int l = 1; l <= hiddenLayers; l++) {
            for (String name : family(l + 1, out)) {                  // layer l's replays through W_{l+1}
                inhibit(schedule.potentiation(l + 1) + 1, name);
                inhibit(schedule.depression(l + 1) + 1, name);
            }
        }
        for (String name : family(1, out)) {                          // x's replay in P_1 through W1
            inhibit(schedule.potentiation(1) + 1, name);
        }
        for (int l = 1; l <= hiddenLayers; l++) {
            for (String name : family(l + 1, out)) {                  // layer l's error volleys through W_{l+1}
                if (l > 1 || hiddenLayers > 1) {
                    inhibit(schedule.potentiation(l) + 1, name);      // (the paper's circuit leaves o open here)
                }
                inhibit(schedule.depression(l) + 1, name);
            }
        }
        for (int l = 1; l < hiddenLayers; l++) {                      // layer l+1's replays through W_{l+1}T+
            inhibit(schedule.potentiation(l + 2) + 1, tName(l));
            inhibit(schedule.depression(l + 2) + 1, tName(l));
        }

        // the gate ring
        row("in_g", "g00", Kind.GE1, 0, List.of());
        for (int g = 0; g < period; g++) {
            row(gateName(g), gateName((g + 1) % period), Kind.GE1, 0, List.of());
        }

        for (Row r : rows.values()) {
            if (r.kind() == Kind.P) {
                Connection c = network.connect(sources.get(r.source()), (CompartmentGroup) sources.get(r.target()),
                        ConnectionPrototype.builder().learningRule(rule(rowStep.get(r.key()))).build(),
                        Topology.allToAll(matrices.get(r.key())));
                plastic.put(r.source() + "->" + r.target(), c);
            } else {
                connect(r.source(), r.target(), r.kind(), r.delay());
            }
        }
        for (LearningRuleSpec rule : rules.values()) {
            network.connectReinforcement(reward, 0, rule);
        }
        audit();
    }

    /** The name of layer l: x, h1 .. hL, o. */
    static String layerName(int layer, int out) {
        return layer == 0 ? "x" : layer == out ? "o" : "h" + layer;
    }

    /** A layer's forward family: the population, its copy (fires on sum &gt; 0) and copy2 (sum &gt; 1024). */
    static String[] family(int layer, int out) {
        String n = layerName(layer, out);
        return new String[] {n, n + "_copy", n + "_copy2"};
    }

    /** The population that receives the backpropagated sums of hidden layer l. */
    static String tName(int layer) {
        return "h" + layer + "T";
    }

    /** The population that carries layer k's error with the opposite sign into W_kT-. */
    static String tMinusName(int layer, int out) {
        return layer == out ? "oT-" : "h" + layer + "T-";
    }

    static String gateName(int g) {
        return String.format("g%02d", g);
    }

    private static String stageName(String base, int stage) {
        return stage == 0 ? base : base + "_r" + stage;
    }

    private long bit(int slot) {
        return 1L << (slot % 64);
    }

    private void stages(String base, int size, int[] slots) {
        for (int s = 0; s < slots.length; s++) {
            group(stageName(base, s), size, NeuronType.SFC);
        }
    }

    /** Feeds stage 0 from the origins, every stage from the previous one, and lifts each stage in its slot. */
    private void line(String base, String[] origins, Kind[] kinds, int originSlot, int[] slots) {
        for (int q = 0; q < origins.length; q++) {
            link(origins[q], originSlot, base, slots[0], kinds[q]);
        }
        for (int s = 0; s < slots.length; s++) {
            if (s > 0) {
                link(stageName(base, s - 1), slots[s - 1], stageName(base, s), slots[s], Kind.E1);
            }
            lift(slots[s], stageName(base, s), Kind.G);
        }
    }

    /** A gate row that lifts (or, for GI, holds down) {@code population} in {@code slot}. */
    private void lift(int slot, String population, Kind kind) {
        int s = schedule.wrap(slot);
        row(gateName(schedule.wrap(s - 1) % period), population, kind, 0, List.of());
        if (kind == Kind.G || kind == Kind.GP05) {
            lifted.merge(population, bit(s), (a, b) -> a | b);
        }
    }

    private void inhibit(int slot, String population) {
        lift(slot, population, Kind.GI);
        inhibited.merge(population, bit(schedule.wrap(slot)), (a, b) -> a | b);
    }

    /** A one-to-one signal row from {@code src} firing in {@code from} to {@code dst} integrating in {@code to}. */
    private void link(String src, int from, String dst, int to, Kind kind) {
        int delay = to - from - 1;
        if (delay < 0 || delay > NbpSchedule.MAX_DELAY) {
            throw new IllegalStateException("schedule needs a delay of " + delay + " from " + src + " (slot " + from
                    + ") to " + dst + " (slot " + to + ")");
        }
        row(src, dst, kind, delay, List.of(new int[] {schedule.wrap(from), schedule.wrap(to)}));
        if (kind == Kind.G1) {
            lifted.merge(dst, bit(schedule.wrap(to)), (a, b) -> a | b);
        }
    }

    private LearningRuleSpec rule(int step) {
        return rules.computeIfAbsent(step, s -> LearningRuleSpec.builder()
                .dw((2 * s) + "*x0*y0*r1 - " + s + "*x0*y0").r1(1, 0).tEpoch(1).build());
    }

    /** The weight steps of W_1 .. W_{L+1}. */
    int[] steps() {
        return steps.clone();
    }

    /**
     * A plastic all-to-all row of matrix W_k; {@code volleys} are (source slot, target slot) pairs it is meant to
     * carry.
     */
    private void plastic(String src, String dst, int[][] matrix, int[] volleys, int k) {
        List<int[]> pairs = new ArrayList<>();
        for (int q = 0; q < volleys.length; q += 2) {
            pairs.add(new int[] {schedule.wrap(volleys[q]), schedule.wrap(volleys[q + 1])});
        }
        Row r = row(src, dst, Kind.P, 0, pairs);
        matrices.put(r.key(), matrix);
        rowStep.put(r.key(), steps[k - 1]);
    }

    private Row row(String src, String dst, Kind kind, int delay, List<int[]> intended) {
        String key = src + " " + dst + " " + kind + " " + delay;
        Row old = rows.get(key);
        if (old == null) {
            Row r = new Row(src, dst, kind, delay, new ArrayList<>(intended));
            rows.put(key, r);
            return r;
        }
        old.intended().addAll(intended);
        return old;
    }

    /** The self-check described in the class comment. */
    private void audit() {
        for (Map.Entry<String, Long> e : inhibited.entrySet()) {
            long both = e.getValue() & lifted.getOrDefault(e.getKey(), 0L);
            if (both != 0) {
                throw new IllegalStateException(e.getKey() + " is lifted and inhibited in slot(s) " + slots(both));
            }
        }
        for (Map.Entry<String, NeuronType> e : types.entrySet()) {
            long m = lifted.getOrDefault(e.getKey(), 0L);
            if (e.getValue().refractory < 2) {
                continue;
            }
            for (int s = 1; s <= period; s++) {
                if ((m & bit(s)) != 0 && (m & bit(schedule.wrap(s + 1))) != 0) {
                    throw new IllegalStateException(e.getKey() + " must fire in consecutive slots " + s + " and "
                            + schedule.wrap(s + 1) + " but is refractory for 2 steps");
                }
            }
        }
        for (Row r : rows.values()) {
            if (r.kind() == Kind.GE1 || r.kind() == Kind.G || r.kind() == Kind.GI || r.kind() == Kind.GP05
                    || r.kind() == Kind.GM05) {
                continue;
            }
            long fires = lifted.getOrDefault(r.source(), 0L);
            long open = lifted.getOrDefault(r.target(), 0L);
            for (int s = 1; s <= period; s++) {
                if ((fires & bit(s)) == 0) {
                    continue;
                }
                int a = schedule.wrap(s + 1 + r.delay());
                if ((open & bit(a)) == 0) {
                    continue;
                }
                boolean meant = false;
                for (int[] pair : r.intended()) {
                    meant |= pair[0] == s && pair[1] == a;
                }
                if (!meant) {
                    throw new IllegalStateException("row " + r.key() + ": " + r.source() + " firing in slot " + s
                            + " reaches " + r.target() + " in its firing slot " + a);
                }
            }
        }
    }

    private String slots(long mask) {
        List<Integer> s = new ArrayList<>();
        for (int q = 1; q <= period; q++) {
            if ((mask & bit(q)) != 0) {
                s.add(q);
            }
        }
        return s.toString();
    }

    private void group(String name, int size, NeuronType type) {
        CompartmentGroup g = network.createCompartmentGroup(name, size, type.prototype);
        sources.put(name, g);
        types.put(name, type);
        if (!paperPlacement) {
            return;
        }
        // one hidden layer: the authors' core ranges. More: the same ranges, but each hidden layer's populations on
        // a chip of their own (layer l on chip l-1; x with layer 1; output, label and error with the top layer),
        // because on one chip every all-to-all target group starts at core 2 and that core runs out of input axons
        int base = sizes.length > 3 ? 128 * chipOf(name) : 0;
        switch (type) {
            case SFC -> network.place(g, base + 16, base + 95);
            case SFL, SFL_NR -> network.place(g, base + 2, base + 80);
            case GATE -> {
                // the authors' rule puts every gate on core 40; with more hidden layers the gates and their
                // one-to-all rows outgrow one core's 4096 output axons, so gate g_j gets core 40 + j of the range
                int j = sizes.length > 3 ? Integer.parseInt(name.substring(1)) % 55 : 0;
                network.place(g, 40 + j, 95);
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The chip of a population when there are two or more hidden layers (see {@link #group}). */
    private int chipOf(String name) {
        int top = sizes.length - 3;
        if (name.equals("x") || name.startsWith("m_x6") || name.startsWith("g")) {
            return 0;
        }
        int k = name.startsWith("m_h") || name.startsWith("c_h") ? 3 : name.startsWith("h") ? 1 : -1;
        if (k < 0) {
            return top;                             // o family, oT-, t, d+, d-
        }
        int end = k;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return Integer.parseInt(name.substring(k, end)) - 1;
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

    /** A population by its name in nbp-circuit.md (or docs/nbp.md for more hidden layers). */
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

    /** Timesteps per training sample: 12 for one hidden layer, 12 + 5 (L - 1) for L. */
    public int period() {
        return period;
    }

    /** Layer sizes, input first. */
    public int[] layers() {
        return sizes.clone();
    }

    /** The connection table in build order. */
    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /** The slots (1 .. T, T meaning slot 0) in which each population may fire, in population order. */
    Map<String, List<Integer>> firingSlots() {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        for (CompartmentGroup g : network.groups()) {
            long mask = lifted.getOrDefault(g.name(), 0L);
            List<Integer> s = new ArrayList<>();
            for (int q = 1; q <= period; q++) {
                if ((mask & bit(q)) != 0) {
                    s.add(q);
                }
            }
            m.put(g.name(), Collections.unmodifiableList(s));
        }
        return m;
    }

    NbpSchedule schedule() {
        return schedule;
    }

    int inputs() {
        return sizes[0];
    }

    int hidden() {
        return sizes[1];
    }

    int outputs() {
        return sizes[sizes.length - 1];
    }

    @Override
    public String toString() {
        return "nBP circuit " + Objects.toString(java.util.Arrays.toString(sizes)) + ", " + period + " slots";
    }
}
