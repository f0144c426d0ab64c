package io.github.loihiemu.nir;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.SpikeSource;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.synapse.WeightFormat;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a NIR graph onto a loihi-core {@link Network}: Input nodes become spike generators, neuron nodes (LIF,
 * CubaLIF, IF, LI) compartment groups, and the weight nodes (Affine, Linear, Scale, Flatten, Conv2d, SumPool2d,
 * AvgPool2d, in any chain) between a spike source and a neuron node one connection each, their matrices multiplied
 * out (convolution and pooling as sparse matrices, {@link SparseMap}). Nested graphs are inlined. The
 * formulas (forward Euler at the options' dt; per neuron node one threshold mantissa, lowered where its largest
 * weight or bias would not fit the chip's, and per neuron the scale that puts its threshold exactly on the chip's;
 * per connection the 8-bit weight format with the least squared error) are in docs/nir.md, "Mapping onto the chip";
 * what they do to the numbers is in the {@link QuantisationReport}.
 *
 * <p>What the chip cannot express is refused with a {@link NirMappingException}: a reset potential other than 0, a
 * non-positive time constant or threshold, a node type the mapping does not cover (Conv1d, Delay, Threshold, I,
 * CubaLI for now), a loop among weight nodes, an LI feeding a neuron (the chip sends only spikes), an
 * Output that follows a weight node.
 */
public final class NirMapper {

    /** The chip's largest weight in steps of 64: mixed 8-bit mantissa 254 at exponent 7. */
    static final double MAX_WEIGHT_STEPS = 254 << 7;
    /** The chip's largest bias: 4095 << 7. */
    static final double MAX_BIAS = 4095 << 7;
    /** The largest current the chip's 24-bit u holds before it wraps. */
    static final double MAX_STATE = (1 << 23) - 1;
    /** The share of {@link #MAX_STATE} the scale plans for; the rest absorbs the weights' rounding. */
    static final double WRAP_MARGIN = 0.9;

    private final NirGraph graph;
    private final MapOptions options;
    /** Flat nodes by path; nested graphs inlined. */
    private final Map<String, NirNode> nodes = new LinkedHashMap<>();
    /** Flat predecessors by path. */
    private final Map<String, List<String>> preds = new HashMap<>();
    /** Input and Output nodes of nested graphs: identity maps. */
    private final Set<String> passThrough = new HashSet<>();
    private final List<String> notes = new ArrayList<>();

    private NirMapper(NirGraph graph, MapOptions options) {
        this.graph = graph;
        this.options = options;
    }

    /** Maps with the default options (dt = 1 ms). */
    public static NirMapping map(NirGraph graph) {
        return map(graph, MapOptions.defaults());
    }

    /**
     * Maps a graph.
     *
     * @throws NirMappingException if the chip cannot express a node or the graph's structure
     */
    public static NirMapping map(NirGraph graph, MapOptions options) {
        return new NirMapper(graph, options).run();
    }

    private static String label(String path, NirNode n) {
        return "'" + path + "' (" + n.type().nirName() + ")";
    }

    private NirMappingException refuse(String path, String reason) {
        return new NirMappingException(label(path, nodes.get(path)), reason);
    }

    // ---- the flat graph ------------------------------------------------------------------------------------------

    private void flatten() {
        FlatGraph f = FlatGraph.of(graph);
        nodes.putAll(f.nodes);
        preds.putAll(f.preds);
        passThrough.addAll(f.passThrough);
    }

    private boolean isNeuron(String path) {
        NodeType t = nodes.get(path).type();
        return t == NodeType.LIF || t == NodeType.CUBA_LIF || t == NodeType.IF || t == NodeType.LI;
    }

    private boolean isTopInput(String path) {
        return nodes.get(path).type() == NodeType.INPUT && !passThrough.contains(path);
    }

    private boolean isLinear(String path) {
        NodeType t = nodes.get(path).type();
        return passThrough.contains(path) || t == NodeType.AFFINE || t == NodeType.LINEAR || t == NodeType.SCALE
                || t == NodeType.FLATTEN || isSparse(path);
    }

    /** Conv2d and the pooling nodes: sparse matrices ({@link SparseMap}). */
    private boolean isSparse(String path) {
        NodeType t = nodes.get(path).type();
        return t == NodeType.CONV2D || t == NodeType.SUM_POOL2D || t == NodeType.AVG_POOL2D;
    }

    // ---- mapping -------------------------------------------------------------------------------------------------

    private NirMapping run() {
        flatten();
        for (Map.Entry<String, NirNode> e : nodes.entrySet()) {
            String path = e.getKey();
            NodeType t = e.getValue().type();
            boolean ok = isNeuron(path) || isLinear(path) || t == NodeType.INPUT || t == NodeType.OUTPUT;
            if (!ok) {
                throw refuse(path, "not mapped yet: the mapping covers Input, Output, Affine, Linear, Scale, "
                        + "Flatten, Conv2d, SumPool2d, AvgPool2d, LIF, CubaLIF, IF, LI and nested NIRGraphs");
            }
        }
        Network net = new Network();
        Map<String, SpikeGenerator> generators = new LinkedHashMap<>();
        for (String path : nodes.keySet()) {
            if (isTopInput(path)) {
                generators.put(path, net.createSpikeGenerator(path, nodes.get(path).outputSize()));
            }
        }
        // per neuron node: its incoming connections (source -> matrix) and the constant input
        Map<String, Incoming> incoming = new LinkedHashMap<>();
        for (String path : nodes.keySet()) {
            if (isNeuron(path)) {
                incoming.put(path, collect(path));
            }
        }
        // neuron parameters, prototypes and groups
        Map<String, NeuronPlan> plans = new LinkedHashMap<>();
        Map<String, List<NirMapping.Part>> parts = new LinkedHashMap<>();
        List<QuantisationReport.NeuronEntry> neuronEntries = new ArrayList<>();
        for (Map.Entry<String, Incoming> e : incoming.entrySet()) {
            NeuronPlan p = plan(e.getKey(), e.getValue());
            plans.put(e.getKey(), p);
            parts.put(e.getKey(), p.createGroups(net, e.getKey()));
            neuronEntries.add(p.entry);
        }
        // connections
        List<QuantisationReport.ConnectionEntry> connectionEntries = new ArrayList<>();
        for (Map.Entry<String, Incoming> e : incoming.entrySet()) {
            String target = e.getKey();
            for (Map.Entry<String, DMatrixRMaj> s : e.getValue().sources.entrySet()) {
                connectionEntries.add(connect(net, s.getKey(), target, s.getValue(), plans, generators, parts));
            }
        }
        for (Map.Entry<String, NeuronPlan> e : plans.entrySet()) {
            noteWrapRisk(e.getKey(), e.getValue());
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String path : nodes.keySet()) {
            if (nodes.get(path).type() == NodeType.OUTPUT && !passThrough.contains(path)) {
                outputs.put(path, outputSource(path));
            }
        }
        QuantisationReport report = new QuantisationReport(options.dt(), neuronEntries, connectionEntries, notes);
        return new NirMapping(graph, options, net, generators, parts, outputs, report);
    }

    /** The neuron or Input node an Output node shows, through nested-graph pass-throughs. */
    private String outputSource(String out) {
        List<String> p = preds.get(out);
        if (p.size() != 1) {
            throw refuse(out, "has " + p.size() + " incoming edges; an Output must show one neuron node");
        }
        String s = p.get(0);
        while (passThrough.contains(s) && preds.get(s).size() == 1) {
            s = preds.get(s).get(0);
        }
        if (!isNeuron(s) && !isTopInput(s)) {
            throw refuse(out, "follows " + label(s, nodes.get(s)) + "; the chip's outputs are the spikes (or an LI's"
                    + " voltage) of a neuron node, so an Output must follow one");
        }
        return s;
    }

    /** A neuron node's incoming connections, by source node, and its constant input (Affine biases). */
    private static final class Incoming {
        final Map<String, DMatrixRMaj> sources = new LinkedHashMap<>();
        final double[] constant;

        Incoming(int n) {
            constant = new double[n];
        }
    }

    private Incoming collect(String target) {
        int n = nodes.get(target).outputSize();
        Incoming in = new Incoming(n);
        for (String p : preds.get(target)) {
            walk(target, p, null, new HashSet<>(), in);
        }
        return in;
    }

    /**
     * Follows the edges backwards from a neuron node through weight nodes to spike sources; {@code a} is the product
     * of the weight nodes passed so far ([target, node's output]; null for the identity, which is never built for
     * the large layers of a CNN).
     */
    private void walk(String target, String node, DMatrixRMaj a, Set<String> onPath, Incoming in) {
        if (isNeuron(node) || isTopInput(node)) {
            if (nodes.get(node).type() == NodeType.LI) {
                throw refuse(node, "feeds " + label(target, nodes.get(target)) + ", but an LI has no spikes and the "
                        + "chip sends only spikes");
            }
            DMatrixRMaj m = a == null ? CommonOps_DDRM.identity(nodes.get(target).outputSize()) : a;
            DMatrixRMaj sum = in.sources.get(node);
            if (sum == null) {
                in.sources.put(node, m.copy());
            } else {
                CommonOps_DDRM.addEquals(sum, m);
            }
            return;
        }
        if (!isLinear(node)) {
            throw refuse(node, "sits between a spike source and " + label(target, nodes.get(target))
                    + "; only Affine, Linear, Scale, Flatten, Conv2d, SumPool2d and AvgPool2d can");
        }
        if (!onPath.add(node)) {
            throw refuse(node, "is on a loop of weight nodes (a recurrent edge between non-neuron nodes); the chip "
                    + "needs a neuron on every loop");
        }
        NirNode n = nodes.get(node);
        DMatrixRMaj aw;
        double[] bias = null;
        if (passThrough.contains(node) || n.type() == NodeType.FLATTEN) {
            aw = a; // row-major elements: the identity
        } else if (isSparse(node)) {
            SparseMap sm = SparseMap.of(node, n);
            bias = sm.bias;
            aw = a == null ? sm.dense() : sm.leftMultiply(a);
        } else {
            DMatrixRMaj w = matrix(node, n);
            if (n.type() == NodeType.AFFINE) {
                NirArray b = n.parameter("bias");
                bias = new double[w.numRows];
                for (int i = 0; i < w.numRows; i++) {
                    bias[i] = b.getDouble(b.size() == 1 ? 0 : i);
                }
            }
            if (a == null) {
                aw = w;
            } else {
                aw = new DMatrixRMaj(a.numRows, w.numCols);
                CommonOps_DDRM.mult(a, w, aw);
            }
        }
        if (bias != null) {
            if (a == null) {
                for (int i = 0; i < in.constant.length; i++) {
                    in.constant[i] += bias[i];
                }
            } else {
                DMatrixRMaj ab = new DMatrixRMaj(a.numRows, 1);
                CommonOps_DDRM.mult(a, DMatrixRMaj.wrap(bias.length, 1, bias), ab);
                for (int i = 0; i < in.constant.length; i++) {
                    in.constant[i] += ab.get(i, 0);
                }
            }
        }
        for (String p : preds.get(node)) {
            walk(target, p, aw, onPath, in);
        }
        onPath.remove(node);
    }

    /** The weight node's matrix [out, in] (Scale: its diagonal; pass-through: identity). */
    private DMatrixRMaj matrix(String path, NirNode n) {
        if (passThrough.contains(path)) {
            return CommonOps_DDRM.identity(n.outputSize());
        }
        if (n.type() == NodeType.SCALE) {
            double[] s = n.parameter("scale").toDoubleArray();
            DMatrixRMaj d = new DMatrixRMaj(s.length, s.length);
            for (int i = 0; i < s.length; i++) {
                d.set(i, i, s[i]);
            }
            return d;
        }
        NirArray w = n.parameter("weight");
        if (w.rank() != 2) {
            throw refuse(path, "weight of shape " + java.util.Arrays.toString(w.shape())
                    + ": only [out, in] matrices are mapped");
        }
        return new DMatrixRMaj(w.dim(0), w.dim(1), true, w.toDoubleArray());
    }

    // ---- neurons ---------------------------------------------------------------------------------------------------

    /** A neuron node's per-neuron chip parameters. */
    private final class NeuronPlan {
        final int n;
        final double[] gain;     // v units per unit of input x (one spike through weight 1)
        final double[] scale;    // chip units per v unit
        final double[] level;    // threshold (spiking) or reference level (LI)
        final CompartmentPrototype[] protos;
        /** Per neuron: the sums of the positive and of the negative dq / 64 over its synapses. */
        final double[] inputPos;
        final double[] inputNeg;
        QuantisationReport.NeuronEntry entry;

        NeuronPlan(int n) {
            this.n = n;
            gain = new double[n];
            scale = new double[n];
            level = new double[n];
            protos = new CompartmentPrototype[n];
            inputPos = new double[n];
            inputNeg = new double[n];
        }

        List<NirMapping.Part> createGroups(Network net, String path) {
            Map<CompartmentPrototype, List<Integer>> byProto = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                byProto.computeIfAbsent(protos[i], k -> new ArrayList<>()).add(i);
            }
            List<NirMapping.Part> out = new ArrayList<>();
            int k = 0;
            for (Map.Entry<CompartmentPrototype, List<Integer>> e : byProto.entrySet()) {
                String name = byProto.size() == 1 ? path : path + "[" + k + "]";
                CompartmentGroup g = net.createCompartmentGroup(name, e.getValue().size(), e.getKey());
                out.add(new NirMapping.Part(g, e.getValue().stream().mapToInt(Integer::intValue).toArray()));
                k++;
            }
            if (byProto.size() > 1) {
                notes.add("'" + path + "' became " + byProto.size() + " compartment groups: its neurons differ in "
                        + "decays or bias, and loihi-core's CompartmentPrototype (bias included) is per group");
            }
            return out;
        }
    }

    private NeuronPlan plan(String path, Incoming in) {
        NirNode node = nodes.get(path);
        NodeType type = node.type();
        int n = node.outputSize();
        double dt = options.dt();
        double[] r = node.parameterOr("r", 1);
        double[] vLeak = type == NodeType.IF ? new double[n] : node.parameterOr("v_leak", 0);
        double[] vTh = type == NodeType.LI ? null : node.parameterOr("v_threshold", 1);
        if (type != NodeType.LI) {
            double[] vReset = node.parameterOr("v_reset", 0);
            for (int i = 0; i < n; i++) {
                if (vReset[i] != 0) {
                    throw refuse(path, "v_reset = " + vReset[i] + " (neuron " + i + "): the chip resets v to 0");
                }
                if (!(vTh[i] > 0)) {
                    throw refuse(path, "v_threshold = " + vTh[i] + " (neuron " + i + "): the chip needs a positive "
                            + "threshold");
                }
            }
        }
        double[] aU = new double[n];
        double[] aV = new double[n];
        double[] wIn = type == NodeType.CUBA_LIF ? node.parameterOr("w_in", 1) : null;
        double[] tau = type == NodeType.LIF || type == NodeType.LI ? node.parameterOr("tau", 0) : null;
        double[] tauSyn = type == NodeType.CUBA_LIF ? node.parameterOr("tau_syn", 0) : null;
        double[] tauMem = type == NodeType.CUBA_LIF ? node.parameterOr("tau_mem", 0) : null;
        for (int i = 0; i < n; i++) {
            switch (type) {
                case LIF:
                case LI:
                    aU[i] = 1;
                    aV[i] = dt / positive(path, tau[i], "tau", i);
                    break;
                case CUBA_LIF:
                    aU[i] = dt / positive(path, tauSyn[i], "tau_syn", i);
                    aV[i] = dt / positive(path, tauMem[i], "tau_mem", i);
                    break;
                case IF:
                    aU[i] = 1;
                    aV[i] = 0;
                    break;
                default:
                    throw new IllegalStateException(type.toString());
            }
        }
        NeuronPlan p = new NeuronPlan(n);
        double[] constant = new double[n];
        boolean cubaBias = false;
        for (int i = 0; i < n; i++) {
            switch (type) {
                case LIF:
                case LI:
                    p.gain[i] = aV[i] * r[i];
                    constant[i] = aV[i] * (vLeak[i] + r[i] * in.constant[i]);
                    break;
                case CUBA_LIF:
                    p.gain[i] = aV[i] * r[i] * aU[i] * wIn[i];
                    constant[i] = aV[i] * (vLeak[i] + r[i] * wIn[i] * in.constant[i]);
                    cubaBias |= in.constant[i] != 0;
                    break;
                default: // IF: one step's input is added as it is (docs/nir.md, "Mapping")
                    p.gain[i] = r[i];
                    constant[i] = r[i] * in.constant[i];
                    break;
            }
        }
        if (cubaBias) {
            notes.add("'" + path + "' (CubaLIF): the Affine biases into it enter v directly at their steady-state "
                    + "value (the chip adds a bias after the current); NIR filters them through tau_syn, so the first "
                    + "steps after the start differ");
        }
        // reference level: the threshold, or for an LI the most one step of input can add
        for (int i = 0; i < n; i++) {
            if (type == NodeType.LI) {
                double l = Math.abs(constant[i]);
                for (DMatrixRMaj m : in.sources.values()) {
                    for (int j = 0; j < m.numCols; j++) {
                        l += Math.abs(p.gain[i] * m.get(i, j));
                    }
                }
                p.level[i] = l > 0 ? l : 1;
            } else {
                p.level[i] = vTh[i];
            }
        }
        // one scale per node: the threshold mantissa M, lowered from the option's where the largest weight or bias
        // (in levels) would not fit the chip's largest weight (254 << 7 steps) or bias (4095 << 7)
        // and where the current could wrap: u <= 64 M * (sum of one sign's weights, in levels) * 4096 / du
        double wMax = 0;
        double bMax = 0;
        double uMax = 0;
        for (int i = 0; i < n; i++) {
            double pos = 0;
            double neg = 0;
            for (DMatrixRMaj m : in.sources.values()) {
                for (int j = 0; j < m.numCols; j++) {
                    double w = p.gain[i] * m.get(i, j) / p.level[i];
                    wMax = Math.max(wMax, Math.abs(w));
                    pos += Math.max(w, 0);
                    neg -= Math.min(w, 0);
                }
            }
            bMax = Math.max(bMax, Math.abs(constant[i]) / p.level[i]);
            uMax = Math.max(uMax, Math.max(pos, neg) / Math.min(1, aU[i]));
        }
        // a graph written by NirExporter names the chip's mantissa, so that mapping it back gives the same integers
        java.util.OptionalInt hint = NirExporter.vThMantHint(node);
        int mant = hint.orElse(options.vThMant());
        String why = null;
        if (wMax > 0 && MAX_WEIGHT_STEPS / wMax < mant) {
            mant = (int) Math.floor(MAX_WEIGHT_STEPS / wMax);
            why = String.format(Locale.ROOT, "its largest weight (%.4g levels per spike) fits the chip's largest "
                    + "(254 << 7 steps of 64)", wMax);
        }
        if (bMax > 0 && MAX_BIAS / 64.0 / bMax < mant) {
            mant = (int) Math.floor(MAX_BIAS / 64.0 / bMax);
            why = String.format(Locale.ROOT, "its largest bias (%.4g levels per step) fits the chip's largest "
                    + "(4095 << 7)", bMax);
        }
        if (uMax > 0 && WRAP_MARGIN * MAX_STATE / 64.0 / uMax < mant) {
            mant = (int) Math.floor(WRAP_MARGIN * MAX_STATE / 64.0 / uMax);
            why = String.format(Locale.ROOT, "its current cannot wrap: all synapses of one sign spiking in every "
                    + "step would bring u to %.4g levels, and 90%% of 2^23 - 1 must hold that (the margin covers the "
                    + "weights' rounding)", uMax);
        }
        mant = Math.max(1, mant);
        if (hint.isPresent() && mant < hint.getAsInt()) {
            notes.add(String.format(Locale.ROOT, "'%s': threshold mantissa %d as its metadata %s asks, although %s "
                    + "would need %d", path, hint.getAsInt(), NirExporter.VTH_MANT_KEY, why, mant));
            mant = hint.getAsInt();
            why = null;
        }
        if (why != null) {
            notes.add(String.format(Locale.ROOT, "'%s': threshold mantissa %d instead of %d, so that %s", path, mant,
                    options.vThMant(), why));
        }
        int vThMant = type == NodeType.LI ? CompartmentPrototype.VTH_MANT_MAX : mant;
        double maxDecayErr = 0;
        double maxBiasErr = 0;
        int[] du = new int[n];
        int[] dv = new int[n];
        int[] chipBias = new int[n];
        boolean clampedDecay = false;
        boolean saturatedBias = false;
        for (int i = 0; i < n; i++) {
            p.scale[i] = 64.0 * mant / p.level[i];
            du[i] = decay(aU[i]);
            dv[i] = decay(aV[i]);
            clampedDecay |= aU[i] > 1 || aV[i] > 1;
            maxDecayErr = Math.max(maxDecayErr, Math.max(relError(du[i] / 4096.0, aU[i]),
                    relError(dv[i] / 4096.0, aV[i])));
            double beta = p.scale[i] * constant[i];
            int exp = 0;
            while (exp < 7 && Math.abs(Math.rint(beta / (1 << exp))) > 4095) {
                exp++;
            }
            long bm = Math.round(beta / (1 << exp));
            if (bm > 4095 || bm < -4096) {
                saturatedBias = true;
                bm = Math.max(-4096, Math.min(4095, bm));
            }
            chipBias[i] = (int) bm << exp;
            maxBiasErr = Math.max(maxBiasErr, relError(chipBias[i], beta));
            p.protos[i] = CompartmentPrototype.builder().currentDecay(du[i]).voltageDecay(dv[i]).vThMant(vThMant)
                    .biasMant((int) bm).biasExp(exp).build();
        }
        if (clampedDecay) {
            notes.add(String.format(Locale.ROOT, "'%s': a time constant is shorter than dt = %g s; its decay is "
                    + "clamped to 4096 (forward Euler overshoots there: choose a smaller dt)", path, dt));
        }
        if (saturatedBias) {
            notes.add("'" + path + "': a bias exceeds the chip's range (4095 << 7) and saturates");
        }
        int groups = (int) java.util.Arrays.stream(p.protos).distinct().count();
        p.entry = new QuantisationReport.NeuronEntry(path, type, n, groups, aU[0], du[0], aV[0], dv[0], p.scale[0],
                vThMant, constant[0], chipBias[0], maxDecayErr, maxBiasErr, 0);
        return p;
    }

    /**
     * Notes a node whose current could pass the chip's 24-bit range (it wraps, docs/loihi-semantics.md): if all its
     * synapses of one sign delivered a spike in every step, u would approach that sum of dq times 4096 / du. The
     * scale is chosen so that this cannot happen; only a node whose threshold mantissa reached 1 can get the note.
     */
    private void noteWrapRisk(String path, NeuronPlan p) {
        double worst = 0;
        for (int i = 0; i < p.n; i++) {
            int du = p.protos[i].currentDecay();
            double sum = Math.max(p.inputPos[i], p.inputNeg[i]);
            double u = sum == 0 ? 0 : 64 * sum * (du == 0 ? Double.POSITIVE_INFINITY : 4096.0 / du);
            worst = Math.max(worst, u);
        }
        if (worst > MAX_STATE) {
            notes.add(String.format(Locale.ROOT, "'%s': its current u can pass the chip's 24-bit range and wrap if "
                    + "more than %.0f%% of its synapses of one sign deliver spikes in every step (all of them would "
                    + "drive u to %.3g, the limit is 2^23 - 1)", path, 100 * MAX_STATE / worst, worst));
        }
    }

    private double positive(String path, double v, String name, int i) {
        if (!(v > 0)) {
            throw refuse(path, name + " = " + v + " (neuron " + i + "): a time constant must be positive");
        }
        return v;
    }

    /** The chip's effective decay for a per-step fraction: round(4096 a), clamped to 0..4096. */
    static int decay(double fraction) {
        return (int) Math.max(0, Math.min(4096, Math.round(4096 * fraction)));
    }

    static double relError(double chip, double exact) {
        if (exact == 0) {
            return chip == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(chip - exact) / Math.abs(exact);
    }

    // ---- connections ---------------------------------------------------------------------------------------------

    /** A weight format and the mantissas it gives a connection's targets. */
    record Quantised(WeightFormat format, int[] mantissas, double[] values, double squaredError) {
    }

    /**
     * The 8-bit format (sign mode, exponent) whose nearest mantissas give the least squared error for the targets
     * (in units of 64, the accumulator's step), and those mantissas. Values are computed with the core's own
     * {@link WeightFormat#accumulatorIncrement}.
     */
    static Quantised quantise(double[] targets) {
        boolean nonNegative = true;
        boolean nonPositive = true;
        for (double t : targets) {
            nonNegative &= t >= 0;
            nonPositive &= t <= 0;
        }
        List<SignMode> modes = new ArrayList<>();
        if (nonNegative) {
            modes.add(SignMode.EXCITATORY);
        }
        if (nonPositive && !nonNegative) {
            modes.add(SignMode.INHIBITORY);
        }
        modes.add(SignMode.MIXED);
        Quantised best = null;
        for (SignMode mode : modes) {
            for (int e = -8; e <= 7; e++) {
                WeightFormat f = new WeightFormat(8, e, mode);
                int[] m = new int[targets.length];
                double[] v = new double[targets.length];
                double err = 0;
                for (int k = 0; k < targets.length; k++) {
                    double t = targets[k];
                    long m0 = Math.round(e >= 0 ? t / (1 << e) : t * (1 << -e));
                    double bestErr = Double.POSITIVE_INFINITY;
                    for (long c = m0 - 2; c <= m0 + 2; c++) {
                        int mc = (int) Math.max(mode.minMantissa(), Math.min(mode.maxMantissa(), c));
                        mc = f.quantize(mc);
                        double val = f.accumulatorIncrement(mc) / 64.0;
                        double d = Math.abs(val - t);
                        if (d < bestErr || (d == bestErr && Math.abs(mc) < Math.abs(m[k]))) {
                            bestErr = d;
                            m[k] = mc;
                            v[k] = val;
                        }
                    }
                    err += bestErr * bestErr;
                }
                if (best == null || err < best.squaredError) {
                    best = new Quantised(f, m, v, err);
                }
            }
        }
        return best;
    }

    private QuantisationReport.ConnectionEntry connect(Network net, String source, String target, DMatrixRMaj a,
                                                       Map<String, NeuronPlan> plans,
                                                       Map<String, SpikeGenerator> generators,
                                                       Map<String, List<NirMapping.Part>> parts) {
        NeuronPlan tp = plans.get(target);
        List<int[]> ij = new ArrayList<>();
        List<Double> tList = new ArrayList<>();
        List<Double> norm = new ArrayList<>();
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                double w = a.get(i, j);
                if (w != 0) {
                    double eff = tp.gain[i] * w;
                    ij.add(new int[] {i, j});
                    tList.add(tp.scale[i] * eff / 64);
                    norm.add(eff / tp.level[i]);
                }
            }
        }
        double[] t = tList.stream().mapToDouble(Double::doubleValue).toArray();
        Quantised q = quantise(t);
        double sq = 0;
        double sqT = 0;
        double maxErr = 0;
        int zeroed = 0;
        for (int k = 0; k < t.length; k++) {
            double d = q.values()[k] - t[k];
            sq += d * d;
            sqT += t[k] * t[k];
            maxErr = Math.max(maxErr, Math.abs(d) * 64 / (tp.scale[ij.get(k)[0]] * tp.level[ij.get(k)[0]]));
            if (q.values()[k] > 0) {
                tp.inputPos[ij.get(k)[0]] += q.values()[k];
            } else {
                tp.inputNeg[ij.get(k)[0]] -= q.values()[k];
            }
            if (q.mantissas()[k] == 0 || q.values()[k] == 0) {
                zeroed++;
            }
        }
        // split the synapses over the source's and target's groups
        List<SpikeSource> srcGroups = new ArrayList<>();
        int[] srcPart;
        int[] srcLocal;
        int nSrc = a.numCols;
        srcPart = new int[nSrc];
        srcLocal = new int[nSrc];
        if (generators.containsKey(source)) {
            srcGroups.add(generators.get(source));
            for (int j = 0; j < nSrc; j++) {
                srcLocal[j] = j;
            }
        } else {
            List<NirMapping.Part> sp = parts.get(source);
            for (int p = 0; p < sp.size(); p++) {
                srcGroups.add(sp.get(p).group());
                int[] neurons = sp.get(p).neurons();
                for (int k = 0; k < neurons.length; k++) {
                    srcPart[neurons[k]] = p;
                    srcLocal[neurons[k]] = k;
                }
            }
        }
        List<NirMapping.Part> tparts = parts.get(target);
        int[] tgtPart = new int[a.numRows];
        int[] tgtLocal = new int[a.numRows];
        for (int p = 0; p < tparts.size(); p++) {
            int[] neurons = tparts.get(p).neurons();
            for (int k = 0; k < neurons.length; k++) {
                tgtPart[neurons[k]] = p;
                tgtLocal[neurons[k]] = k;
            }
        }
        Map<Long, List<int[]>> bySplit = new LinkedHashMap<>();
        for (int k = 0; k < t.length; k++) {
            int m = q.mantissas()[k];
            if (m == 0 || q.values()[k] == 0) {
                continue;
            }
            int i = ij.get(k)[0];
            int j = ij.get(k)[1];
            long key = ((long) srcPart[j] << 32) | tgtPart[i];
            bySplit.computeIfAbsent(key, x -> new ArrayList<>()).add(new int[] {srcLocal[j], tgtLocal[i], m});
        }
        ConnectionPrototype proto = ConnectionPrototype.builder().numWeightBits(q.format().numWeightBits())
                .weightExponent(q.format().weightExponent()).signMode(q.format().signMode()).build();
        for (Map.Entry<Long, List<int[]>> e : bySplit.entrySet()) {
            List<int[]> syn = e.getValue();
            int[] s = new int[syn.size()];
            int[] d = new int[syn.size()];
            int[] w = new int[syn.size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = syn.get(k)[0];
                d[k] = syn.get(k)[1];
                w[k] = syn.get(k)[2];
            }
            SpikeSource src = srcGroups.get((int) (e.getKey() >>> 32));
            CompartmentGroup tgt = tparts.get((int) (e.getKey() & 0xffffffffL)).group();
            net.connect(src, tgt, proto, Topology.sparse(s, d, w));
        }
        double minW = norm.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double maxW = norm.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new QuantisationReport.ConnectionEntry(source, target, t.length, minW, maxW,
                q.format().signMode(), q.format().weightExponent(), q.format().numWeightBits(),
                sqT == 0 ? 0 : Math.sqrt(sq / sqT), maxErr, zeroed);
    }
}
