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
 * CubaLIF, IF; LI, CubaLI, I as voltage readouts) one compartment group each (per-compartment biases), and the weight
 * and Delay nodes (Affine, Linear, Scale, Flatten, Conv1d, Conv2d, SumPool2d, AvgPool2d, Delay, in any chain) between
 * a spike source and a neuron node one connection each, their matrices multiplied out as sparse rows
 * ({@link SparseRows}; convolution and pooling from {@link SparseMap}) and the Delay nodes' whole steps added to the
 * synapses' delays. Nested graphs are inlined. The formulas (forward Euler at the options' dt; per neuron node one
 * threshold mantissa, lowered where its largest weight or bias would not fit the chip's, or where its current or a
 * step's accumulated input could wrap, and per neuron the scale that puts its threshold exactly on the chip's; per
 * connection the 8-bit weight format with the least squared error) are in docs/nir.md, "Mapping onto the chip";
 * what they do to the numbers is in the {@link QuantisationReport}.
 *
 * <p>What the chip cannot express is refused with a {@link NirMappingException} naming the node: a reset potential
 * other than 0, a non-positive time constant or threshold, a Threshold node, a Delay that is not a whole number of
 * steps or exceeds 62, a loop among weight and Delay nodes, an LI, CubaLI or I feeding a neuron (the chip sends only
 * spikes), an Output that follows a weight or Delay node.
 */
public final class NirMapper {

    /** The chip's largest weight in steps of 64: mixed 8-bit mantissa 254 at exponent 7. */
    static final double MAX_WEIGHT_STEPS = 254 << 7;
    /** The chip's largest bias: 4095 << 7. */
    static final double MAX_BIAS = 4095 << 7;
    /** The chip's largest synaptic delay in steps: D - 2 with the most dendritic accumulators, D = 64. */
    static final int MAX_DELAY = 62;
    /** The largest current the chip's 24-bit u holds before it wraps. */
    static final double MAX_STATE = (1 << 23) - 1;
    /**
     * The largest sum of one step's synaptic input a dendritic accumulator holds before it wraps: the accumulators
     * are 22 bits wide (docs/loihi-semantics.md 3.1), narrower than u.
     */
    static final double MAX_ACCUMULATOR = (1 << 21) - 1;
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
    /** Each weight node's matrix and bias (null: none), made once however many paths pass it. */
    private final Map<String, SparseRows> weights = new HashMap<>();
    private final Map<String, double[]> biases = new HashMap<>();

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

    /** LIF, CubaLIF, IF (spiking) and LI, CubaLI, I (their voltage a readout). */
    private boolean isNeuron(String path) {
        return nodes.get(path).type().isNeuron();
    }

    private boolean isTopInput(String path) {
        return nodes.get(path).type() == NodeType.INPUT && !passThrough.contains(path);
    }

    private boolean isLinear(String path) {
        NodeType t = nodes.get(path).type();
        return passThrough.contains(path) || t == NodeType.AFFINE || t == NodeType.LINEAR || t == NodeType.SCALE
                || t == NodeType.FLATTEN || isSparse(path);
    }

    /** Conv1d, Conv2d and the pooling nodes: sparse matrices ({@link SparseMap}). */
    private boolean isSparse(String path) {
        NodeType t = nodes.get(path).type();
        return t == NodeType.CONV1D || t == NodeType.CONV2D || t == NodeType.SUM_POOL2D || t == NodeType.AVG_POOL2D;
    }

    // ---- mapping -------------------------------------------------------------------------------------------------

    private NirMapping run() {
        flatten();
        for (Map.Entry<String, NirNode> e : nodes.entrySet()) {
            String path = e.getKey();
            NodeType t = e.getValue().type();
            if (t == NodeType.THRESHOLD) {
                throw refuse(path, "a stateless threshold that acts in the same step; the chip thresholds only "
                        + "inside a compartment, one step per hop, resetting v to 0 (a LIF with tau = dt, r = 1 and "
                        + "v_leak = 0 is the chip's form of a Threshold fed through weights)");
            }
            if (t == NodeType.DELAY) {
                delaySteps(path, e.getValue(), options.dt(), MAX_DELAY);
            }
            boolean ok = isNeuron(path) || isLinear(path) || t == NodeType.DELAY || t == NodeType.INPUT
                    || t == NodeType.OUTPUT;
            if (!ok) {
                throw new IllegalStateException("node type " + t + " has no mapping rule");
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
            for (Map.Entry<String, java.util.TreeMap<Integer, SparseRows>> s : e.getValue().sources.entrySet()) {
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
        int maxDelay = connectionEntries.stream().mapToInt(QuantisationReport.ConnectionEntry::maxDelay).max()
                .orElse(0);
        if (maxDelay > 6) {
            notes.add("synaptic delays up to " + maxDelay + " steps need " + NirMapping.dendriticAccumulators(maxDelay)
                    + " dendritic accumulators per compartment (the default is 8, for delays up to 6); "
                    + "NirMapping.boardConfig gives the board them");
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

    /**
     * A neuron node's incoming connections, by source node and then by synaptic delay in steps (0 where no Delay
     * node lies between them), and its constant input (Affine and convolution biases).
     */
    private static final class Incoming {
        final Map<String, java.util.TreeMap<Integer, SparseRows>> sources = new LinkedHashMap<>();
        final double[] constant;

        Incoming(int n) {
            constant = new double[n];
        }

        /** Every matrix, whatever its source and delay. */
        List<SparseRows> matrices() {
            List<SparseRows> all = new ArrayList<>();
            for (Map<Integer, SparseRows> byDelay : sources.values()) {
                all.addAll(byDelay.values());
            }
            return all;
        }
    }

    private Incoming collect(String target) {
        int n = nodes.get(target).outputSize();
        Incoming in = new Incoming(n);
        for (String p : preds.get(target)) {
            walk(target, p, null, 0, new HashSet<>(), in);
        }
        return in;
    }

    /**
     * Follows the edges backwards from a neuron node through weight nodes to spike sources; {@code a} is the product
     * of the weight nodes passed so far ([target, node's output]; null for the identity, which is never built for
     * the large layers of a CNN); {@code delay} the steps of the Delay nodes passed so far.
     */
    private void walk(String target, String node, SparseRows a, int delay, Set<String> onPath, Incoming in) {
        if (isNeuron(node) || isTopInput(node)) {
            NodeType st = nodes.get(node).type();
            if (st.isNeuron() && !st.isSpiking()) {
                throw refuse(node, "feeds " + label(target, nodes.get(target)) + ", but an " + st.nirName()
                        + " has no spikes and the chip sends only spikes");
            }
            SparseRows m = a == null ? SparseRows.identity(nodes.get(target).outputSize()) : a;
            in.sources.computeIfAbsent(node, k -> new java.util.TreeMap<>()).merge(delay, m, SparseRows::plus);
            return;
        }
        if (nodes.get(node).type() == NodeType.DELAY) {
            if (!onPath.add(node)) {
                throw refuse(node, "is on a loop of weight and Delay nodes (a recurrent edge between non-neuron "
                        + "nodes); the chip needs a neuron on every loop");
            }
            walkDelay(target, node, a, delay, onPath, in);
            onPath.remove(node);
            return;
        }
        if (!isLinear(node)) {
            throw refuse(node, "sits between a spike source and " + label(target, nodes.get(target))
                    + "; only Affine, Linear, Scale, Flatten, Conv1d, Conv2d, SumPool2d, AvgPool2d and Delay can");
        }
        if (!onPath.add(node)) {
            throw refuse(node, "is on a loop of weight nodes (a recurrent edge between non-neuron nodes); the chip "
                    + "needs a neuron on every loop");
        }
        NirNode n = nodes.get(node);
        SparseRows aw;
        double[] bias = null;
        if (passThrough.contains(node) || n.type() == NodeType.FLATTEN) {
            aw = a; // row-major elements: the identity
        } else {
            SparseRows w = weights.get(node);
            if (w == null) {
                if (isSparse(node)) {
                    SparseMap sm = SparseMap.of(node, n);
                    w = SparseRows.of(sm);
                    biases.put(node, sm.bias);
                } else {
                    DMatrixRMaj dw = matrix(node, n);
                    w = SparseRows.of(dw);
                    if (n.type() == NodeType.AFFINE) {
                        NirArray b = n.parameter("bias");
                        double[] bb = new double[dw.numRows];
                        for (int i = 0; i < bb.length; i++) {
                            bb[i] = b.getDouble(b.size() == 1 ? 0 : i);
                        }
                        biases.put(node, bb);
                    }
                }
                weights.put(node, w);
            }
            bias = biases.get(node);
            aw = a == null ? w : a.times(w);
        }
        if (bias != null && delay > 0) {
            String note = "'" + target + "': the biases of '" + node + "' reach it through a Delay; the chip's bias "
                    + "acts from step 1, NIR's delayed bias only after the delay";
            if (!notes.contains(note)) {
                notes.add(note);
            }
        }
        if (bias != null) {
            if (a == null) {
                for (int i = 0; i < in.constant.length; i++) {
                    in.constant[i] += bias[i];
                }
            } else {
                double[] ab = a.times(bias);
                for (int i = 0; i < in.constant.length; i++) {
                    in.constant[i] += ab[i];
                }
            }
        }
        for (String p : preds.get(node)) {
            walk(target, p, aw, delay, onPath, in);
        }
        onPath.remove(node);
    }

    /**
     * A Delay node: y_k(t) = x_k(t - d_k). Element k's share of the product (column k of {@code a}) continues
     * towards the sources with d_k more steps, one walk per distinct delay of the node.
     */
    private void walkDelay(String target, String node, SparseRows a, int delay, Set<String> onPath, Incoming in) {
        int[] steps = delaySteps(node, nodes.get(node), options.dt(), MAX_DELAY);
        int n = nodes.get(node).outputSize();
        java.util.TreeSet<Integer> distinct = new java.util.TreeSet<>();
        for (int k = 0; k < n; k++) {
            distinct.add(steps[steps.length == 1 ? 0 : k]);
        }
        for (int e : distinct) {
            if (delay + e > MAX_DELAY) {
                throw refuse(node, "delays by " + e + " steps and the Delay nodes after it by " + delay + ": "
                        + (delay + e) + " steps, more than the chip's " + MAX_DELAY
                        + " (64 dendritic accumulators, docs/loihi-semantics.md 4.4)");
            }
            SparseRows ae = a;
            if (distinct.size() > 1) {
                // the columns of the elements with this delay; the others' share goes with their own delay
                boolean[] keep = new boolean[n];
                for (int k = 0; k < n; k++) {
                    keep[k] = steps[k] == e;
                }
                ae = (a == null ? SparseRows.identity(n) : a).keepColumns(keep);
            }
            for (String p : preds.get(node)) {
                walk(target, p, ae, delay + e, onPath, in);
            }
        }
    }

    /**
     * A Delay node's delays in whole steps of {@code dt}, element by element (one value for a scalar delay).
     * NIR's delay is in seconds, like its time constants; the chip, and the float simulator with it, delays by
     * whole steps, so a delay that is not a whole number of steps (to 1e-6 of a step, which absorbs float32's
     * rounding of values such as 0.003 s) or exceeds {@code max} steps is refused.
     */
    static int[] delaySteps(String path, NirNode n, double dt, int max) {
        double[] d = n.parameter("delay").toDoubleArray();
        int[] steps = new int[d.length];
        String label = "'" + path + "' (Delay)";
        for (int k = 0; k < d.length; k++) {
            if (!(d[k] >= 0) || Double.isInfinite(d[k])) {
                throw new NirMappingException(label, "delay = " + d[k] + " (element " + k + ") must be a "
                        + "non-negative number of seconds");
            }
            double x = d[k] / dt;
            long r = Math.round(x);
            if (Math.abs(x - r) > 1e-6 * Math.max(1, r)) {
                throw new NirMappingException(label, String.format(Locale.ROOT, "delay = %s s (element %d) is %.6g "
                        + "steps of dt = %s s; the chip delays by whole steps", d[k], k, x, dt));
            }
            if (r > max) {
                throw new NirMappingException(label, String.format(Locale.ROOT, "delay = %s s (element %d) is %d "
                        + "steps of dt = %s s; the chip delays by at most %d (64 dendritic accumulators, "
                        + "docs/loihi-semantics.md 4.4)", d[k], k, r, dt, max));
            }
            steps[k] = (int) r;
        }
        return steps;
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

        /**
         * One group per distinct prototype without the bias (the decays, as the chip keeps them per compartment
         * profile); the bias goes to the prototype where a group's neurons share it, else per compartment
         * ({@link Network#setBiases}), as the chip's compartment configuration holds it.
         */
        List<NirMapping.Part> createGroups(Network net, String path) {
            Map<CompartmentPrototype, List<Integer>> byProto = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                byProto.computeIfAbsent(withoutBias(protos[i]), k -> new ArrayList<>()).add(i);
            }
            List<NirMapping.Part> out = new ArrayList<>();
            int k = 0;
            for (Map.Entry<CompartmentPrototype, List<Integer>> e : byProto.entrySet()) {
                String name = byProto.size() == 1 ? path : path + "[" + k + "]";
                List<Integer> members = e.getValue();
                boolean shared = members.stream().map(i -> protos[i]).distinct().count() == 1;
                CompartmentGroup g = net.createCompartmentGroup(name, members.size(),
                        shared ? protos[members.get(0)] : e.getKey());
                if (!shared) {
                    int[] mant = new int[members.size()];
                    int[] exp = new int[members.size()];
                    for (int m = 0; m < mant.length; m++) {
                        mant[m] = protos[members.get(m)].biasMant();
                        exp[m] = protos[members.get(m)].biasExp();
                    }
                    net.setBiases(g, mant, exp);
                }
                out.add(new NirMapping.Part(g, members.stream().mapToInt(Integer::intValue).toArray()));
                k++;
            }
            if (byProto.size() > 1) {
                notes.add("'" + path + "' became " + byProto.size() + " compartment groups: its neurons differ in "
                        + "decays, and loihi-core's CompartmentPrototype (the chip's compartment profile) is per group");
            }
            return out;
        }

        int groupCount() {
            return (int) java.util.Arrays.stream(protos).map(NirMapper::withoutBias).distinct().count();
        }
    }

    private NeuronPlan plan(String path, Incoming in) {
        NirNode node = nodes.get(path);
        NodeType type = node.type();
        int n = node.outputSize();
        double dt = options.dt();
        double[] r = node.parameterOr("r", 1);
        boolean spiking = type.isSpiking();
        boolean cuba = type == NodeType.CUBA_LIF || type == NodeType.CUBA_LI;
        double[] vLeak = type == NodeType.IF || type == NodeType.I ? new double[n] : node.parameterOr("v_leak", 0);
        double[] vTh = spiking ? node.parameterOr("v_threshold", 1) : null;
        if (spiking) {
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
        double[] wIn = cuba ? node.parameterOr("w_in", 1) : null;
        double[] tau = type == NodeType.LIF || type == NodeType.LI ? node.parameterOr("tau", 0) : null;
        double[] tauSyn = cuba ? node.parameterOr("tau_syn", 0) : null;
        double[] tauMem = cuba ? node.parameterOr("tau_mem", 0) : null;
        for (int i = 0; i < n; i++) {
            switch (type) {
                case LIF:
                case LI:
                    aU[i] = 1;
                    aV[i] = dt / positive(path, tau[i], "tau", i);
                    break;
                case CUBA_LIF:
                case CUBA_LI:
                    aU[i] = dt / positive(path, tauSyn[i], "tau_syn", i);
                    aV[i] = dt / positive(path, tauMem[i], "tau_mem", i);
                    break;
                case IF:
                case I:
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
                case CUBA_LI:
                    p.gain[i] = aV[i] * r[i] * aU[i] * wIn[i];
                    constant[i] = aV[i] * (vLeak[i] + r[i] * wIn[i] * in.constant[i]);
                    cubaBias |= in.constant[i] != 0;
                    break;
                default: // IF, I: one step's input is added as it is (docs/nir.md, "Mapping")
                    p.gain[i] = r[i];
                    constant[i] = r[i] * in.constant[i];
                    break;
            }
        }
        if (cubaBias) {
            notes.add("'" + path + "' (" + type.nirName() + "): the Affine biases into it enter v directly at their steady-state "
                    + "value (the chip adds a bias after the current); NIR filters them through tau_syn, so the first "
                    + "steps after the start differ");
        }
        // reference level: the threshold, or for an LI, CubaLI or I the most one step of input can add
        for (int i = 0; i < n; i++) {
            if (!spiking) {
                double l = Math.abs(constant[i]);
                for (SparseRows m : in.matrices()) {
                    for (int q = m.ptr[i]; q < m.ptr[i + 1]; q++) {
                        l += Math.abs(p.gain[i] * m.val[q]);
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
        double accMax = 0;
        List<SparseRows> matrices = in.matrices();
        for (int i = 0; i < n; i++) {
            double pos = 0;
            double neg = 0;
            for (SparseRows m : matrices) {
                for (int q = m.ptr[i]; q < m.ptr[i + 1]; q++) {
                    double x = m.val[q];
                    double w = p.gain[i] * x / p.level[i];
                    wMax = Math.max(wMax, Math.abs(w));
                    pos += Math.max(w, 0);
                    neg -= Math.min(w, 0);
                }
            }
            bMax = Math.max(bMax, Math.abs(constant[i]) / p.level[i]);
            uMax = Math.max(uMax, Math.max(pos, neg) / Math.min(1, aU[i]));
            accMax = Math.max(accMax, Math.max(pos, neg));
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
        if (accMax > 0 && WRAP_MARGIN * MAX_ACCUMULATOR / 64.0 / accMax < mant) {
            mant = (int) Math.floor(WRAP_MARGIN * MAX_ACCUMULATOR / 64.0 / accMax);
            why = String.format(Locale.ROOT, "one step's input cannot wrap the 22-bit dendritic accumulator: all "
                    + "synapses of one sign spiking in one step would bring %.4g levels, and 90%% of 2^21 - 1 must "
                    + "hold that (the margin covers the weights' rounding)", accMax);
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
        int vThMant = spiking ? mant : CompartmentPrototype.VTH_MANT_MAX;
        if (!spiking) {
            // the chip has no compartment without a threshold: the highest one stands in, and v resets there
            notes.add(String.format(Locale.ROOT, "'%s' (%s): the chip's v reads NIR's v while it stays below its "
                    + "highest threshold (%d x 64), %d times the most one step of input adds; there it would spike "
                    + "and reset to 0%s", path, type.nirName(),
                    CompartmentPrototype.VTH_MANT_MAX, (long) (CompartmentPrototype.VTH_MANT_MAX / (double) mant),
                    type == NodeType.I ? " (an I integrates without leak: enough input of one sign gets there)" : ""));
        }
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
        int groups = p.groupCount();
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
        double worstAcc = 0;
        for (int i = 0; i < p.n; i++) {
            int du = p.protos[i].currentDecay();
            double sum = Math.max(p.inputPos[i], p.inputNeg[i]);
            double u = sum == 0 ? 0 : 64 * sum * (du == 0 ? Double.POSITIVE_INFINITY : 4096.0 / du);
            worst = Math.max(worst, u);
            worstAcc = Math.max(worstAcc, 64 * sum);
        }
        if (worstAcc > MAX_ACCUMULATOR) {
            notes.add(String.format(Locale.ROOT, "'%s': one step's input can pass the 22-bit dendritic accumulator "
                    + "and wrap if more than %.0f%% of its synapses of one sign deliver spikes in the same step (all "
                    + "of them would bring %.3g, the limit is 2^21 - 1)", path, 100 * MAX_ACCUMULATOR / worstAcc,
                    worstAcc));
        }
        if (worst > MAX_STATE) {
            notes.add(String.format(Locale.ROOT, "'%s': its current u can pass the chip's 24-bit range and wrap if "
                    + "more than %.0f%% of its synapses of one sign deliver spikes in every step (all of them would "
                    + "drive u to %.3g, the limit is 2^23 - 1)", path, 100 * MAX_STATE / worst, worst));
        }
    }

    private static CompartmentPrototype withoutBias(CompartmentPrototype p) {
        return p.toBuilder().biasMant(0).biasExp(0).build();
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
        double maxAbs = 0;
        for (double t : targets) {
            nonNegative &= t >= 0;
            nonPositive &= t <= 0;
            maxAbs = Math.max(maxAbs, Math.abs(t));
        }
        List<SignMode> modes = new ArrayList<>();
        if (nonNegative) {
            modes.add(SignMode.EXCITATORY);
        }
        if (nonPositive && !nonNegative) {
            modes.add(SignMode.INHIBITORY);
        }
        modes.add(SignMode.MIXED);
        // The choice is the (mode, exponent) with the least error, ties to the first in (mode, -8..7) order. To
        // decide it fast on a CNN's hundreds of thousands of synapses, the likeliest exponent (the smallest whose
        // largest mantissa reaches the largest target) is tried first, and every other stops summing its error as
        // soon as that exceeds the best so far; the result is the one an exhaustive search gives.
        Quantised best = null;
        int bestRank = Integer.MAX_VALUE;
        int[] m = new int[targets.length];
        double[] v = new double[targets.length];
        for (int mi = 0; mi < modes.size(); mi++) {
            SignMode mode = modes.get(mi);
            int reach = Math.max(Math.abs(mode.maxMantissa()), Math.abs(mode.minMantissa()));
            int first = -8;
            while (first < 7 && reach * Math.pow(2, first) < maxAbs) {
                first++;
            }
            int[] order = new int[16];
            int n = 0;
            order[n++] = first;
            for (int d = 1; d < 16; d++) {
                if (first - d >= -8) {
                    order[n++] = first - d;
                }
                if (first + d <= 7) {
                    order[n++] = first + d;
                }
            }
            int lo = mode.minMantissa();
            int hi = mode.maxMantissa();
            int[] qm = new int[hi - lo + 1];
            double[] qv = new double[hi - lo + 1];
            for (int e : order) {
                WeightFormat f = new WeightFormat(8, e, mode);
                // the format's stored mantissa and value for every mantissa in range, from the core's own arithmetic
                for (int c = lo; c <= hi; c++) {
                    qm[c - lo] = f.quantize(c);
                    qv[c - lo] = f.accumulatorIncrement(qm[c - lo]) / 64.0;
                }
                double limit = best == null ? Double.POSITIVE_INFINITY : best.squaredError;
                double err = 0;
                boolean complete = true;
                for (int k = 0; k < targets.length; k++) {
                    double t = targets[k];
                    long m0 = Math.round(e >= 0 ? t / (1 << e) : t * (1 << -e));
                    double bestErr = Double.POSITIVE_INFINITY;
                    int bm = 0;
                    double bv = 0;
                    for (long c = m0 - 2; c <= m0 + 2; c++) {
                        int idx = (int) Math.max(lo, Math.min(hi, c)) - lo;
                        int mc = qm[idx];
                        double val = qv[idx];
                        double dd = Math.abs(val - t);
                        if (dd < bestErr || (dd == bestErr && Math.abs(mc) < Math.abs(bm))) {
                            bestErr = dd;
                            bm = mc;
                            bv = val;
                        }
                    }
                    m[k] = bm;
                    v[k] = bv;
                    err += bestErr * bestErr;
                    if (err > limit) {
                        complete = false;
                        break;
                    }
                }
                int rank = mi * 16 + e + 8;
                if (complete && (best == null || err < best.squaredError
                        || (err == best.squaredError && rank < bestRank))) {
                    best = new Quantised(f, m.clone(), v.clone(), err);
                    bestRank = rank;
                }
            }
        }
        return best;
    }

    /**
     * The synapses from {@code source} to {@code target}: one per non-zero entry of each delay's matrix, all in one
     * weight format; one loihi-core connection per pair of source and target groups, more where a pair of neurons
     * needs synapses of several delays (a Topology holds one synapse per pair).
     */
    private QuantisationReport.ConnectionEntry connect(Network net, String source, String target,
                                                       java.util.TreeMap<Integer, SparseRows> byDelay,
                                                       Map<String, NeuronPlan> plans,
                                                       Map<String, SpikeGenerator> generators,
                                                       Map<String, List<NirMapping.Part>> parts) {
        NeuronPlan tp = plans.get(target);
        SparseRows a = byDelay.firstEntry().getValue();
        int count = 0;
        for (SparseRows m : byDelay.values()) {
            count += m.nonZeros();
        }
        // per synapse: target, source, delay, the target in chip steps of 64 and in levels
        int[] ti = new int[count];
        int[] sj = new int[count];
        int[] dk = new int[count];
        double[] t = new double[count];
        double[] norm = new double[count];
        int c0 = 0;
        for (Map.Entry<Integer, SparseRows> de : byDelay.entrySet()) {
            SparseRows m = de.getValue();
            for (int i = 0; i < m.rows; i++) {
                for (int p = m.ptr[i]; p < m.ptr[i + 1]; p++) {
                    double eff = tp.gain[i] * m.val[p];
                    ti[c0] = i;
                    sj[c0] = m.col[p];
                    dk[c0] = de.getKey();
                    t[c0] = tp.scale[i] * eff / 64;
                    norm[c0++] = eff / tp.level[i];
                }
            }
        }
        Quantised q = quantise(t);
        double sq = 0;
        double sqT = 0;
        double maxErr = 0;
        int zeroed = 0;
        for (int k = 0; k < t.length; k++) {
            double d = q.values()[k] - t[k];
            sq += d * d;
            sqT += t[k] * t[k];
            maxErr = Math.max(maxErr, Math.abs(d) * 64 / (tp.scale[ti[k]] * tp.level[ti[k]]));
            if (q.values()[k] > 0) {
                tp.inputPos[ti[k]] += q.values()[k];
            } else {
                tp.inputNeg[ti[k]] -= q.values()[k];
            }
            if (q.mantissas()[k] == 0 || q.values()[k] == 0) {
                zeroed++;
            }
        }
        // split the synapses over the source's and target's groups
        List<SpikeSource> srcGroups = new ArrayList<>();
        int[] srcPart;
        int[] srcLocal;
        int nSrc = a.cols;
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
        int[] tgtPart = new int[a.rows];
        int[] tgtLocal = new int[a.rows];
        for (int p = 0; p < tparts.size(); p++) {
            int[] neurons = tparts.get(p).neurons();
            for (int k = 0; k < neurons.length; k++) {
                tgtPart[neurons[k]] = p;
                tgtLocal[neurons[k]] = k;
            }
        }
        // per (source group, target group): layer 0 takes each neuron pair's first synapse, layer 1 its second
        // (another delay), ...; each layer is one loihi-core connection, filled by a counting sort
        boolean delayed = byDelay.size() > 1 || byDelay.firstKey() != 0;
        boolean single = srcGroups.size() == 1 && tparts.size() == 1 && !delayed;
        Map<Long, Integer> bucketOf = new LinkedHashMap<>();
        Map<Long, Integer> pairCount = new HashMap<>();
        int[] bucket = new int[t.length];
        int minDelay = Integer.MAX_VALUE;
        int maxDelay = 0;
        for (int k = 0; k < t.length; k++) {
            if (q.mantissas()[k] == 0 || q.values()[k] == 0) {
                bucket[k] = -1;
                continue;
            }
            minDelay = Math.min(minDelay, dk[k]);
            maxDelay = Math.max(maxDelay, dk[k]);
            if (single) {
                bucketOf.putIfAbsent(0L, 0);
                bucket[k] = 0;
                continue;
            }
            int layer = delayed ? pairCount.merge(((long) sj[k] << 32) | ti[k], 1, Integer::sum) - 1 : 0;
            long split = (long) srcPart[sj[k]] * tparts.size() + tgtPart[ti[k]];
            int size = bucketOf.size();
            bucket[k] = bucketOf.computeIfAbsent(split * 64 + layer, x -> size);
        }
        // entries come target by target; a stable counting sort by source first leaves each bucket sorted by
        // (source, target), the order Topology.sparse keeps without sorting again
        int nSrcAll = a.cols;
        int[] bySource = new int[nSrcAll + 1];
        for (int k = 0; k < t.length; k++) {
            if (bucket[k] >= 0) {
                bySource[sj[k] + 1]++;
            }
        }
        for (int j = 0; j < nSrcAll; j++) {
            bySource[j + 1] += bySource[j];
        }
        int[] order = new int[bySource[nSrcAll]];
        for (int k = 0; k < t.length; k++) {
            if (bucket[k] >= 0) {
                order[bySource[sj[k]]++] = k;
            }
        }
        int[] fill = new int[bucketOf.size() + 1];
        for (int b : bucket) {
            if (b >= 0) {
                fill[b + 1]++;
            }
        }
        for (int b = 0; b < bucketOf.size(); b++) {
            fill[b + 1] += fill[b];
        }
        int[] start = fill.clone();
        int kept = fill[bucketOf.size()];
        int[] s = new int[kept];
        int[] d = new int[kept];
        int[] w = new int[kept];
        int[] dl = new int[kept];
        for (int k : order) {
            int at = fill[bucket[k]]++;
            s[at] = srcLocal[sj[k]];
            d[at] = tgtLocal[ti[k]];
            w[at] = q.mantissas()[k];
            dl[at] = dk[k];
        }
        ConnectionPrototype proto = ConnectionPrototype.builder().numWeightBits(q.format().numWeightBits())
                .weightExponent(q.format().weightExponent()).signMode(q.format().signMode()).build();
        for (Map.Entry<Long, Integer> e : bucketOf.entrySet()) {
            long split = e.getKey() / 64;
            SpikeSource src = srcGroups.get((int) (split / tparts.size()));
            CompartmentGroup tgt = tparts.get((int) (split % tparts.size())).group();
            int from = start[e.getValue()];
            int to = start[e.getValue() + 1];
            int[] bs = java.util.Arrays.copyOfRange(s, from, to);
            int[] bd = java.util.Arrays.copyOfRange(d, from, to);
            int[] bw = java.util.Arrays.copyOfRange(w, from, to);
            net.connect(src, tgt, proto, delayed ? Topology.sparse(bs, bd, bw, java.util.Arrays.copyOfRange(dl, from,
                    to)) : Topology.sparse(bs, bd, bw));
        }
        double minW = java.util.Arrays.stream(norm).min().orElse(0);
        double maxW = java.util.Arrays.stream(norm).max().orElse(0);
        return new QuantisationReport.ConnectionEntry(source, target, t.length, minW, maxW,
                q.format().signMode(), q.format().weightExponent(), q.format().numWeightBits(),
                sqT == 0 ? 0 : Math.sqrt(sq / sqT), maxErr, zeroed, minDelay == Integer.MAX_VALUE ? 0 : minDelay,
                maxDelay);
    }
}
