package io.github.loihiemu.nir;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a NIR graph in double precision: NIR's own equations, not the chip's integers, as the float reference the
 * emulated chip is compared with.
 *
 * <p><b>Discretisation</b> (docs/nir.md, "The discretisation"): forward Euler at {@code dt}, the synaptic current
 * updated before the voltage, with a = dt / tau_syn and b = dt / tau_mem (LIF, LI: b = dt / tau) and x a node's
 * input in this step:
 * <pre>
 * CubaLIF, CubaLI  I = (1 - a) I + a w_in x          v = (1 - b) v + b (v_leak + R I)
 * LIF, LI          v = (1 - b) v + b (v_leak + R x)
 * IF, I            v = v + R x
 * LIF, CubaLIF, IF: spike when v &gt; v_threshold, then v = v_reset
 * </pre>
 * Forward Euler because it is the update snnTorch and Norse (and Sinabs, for IF) run, the one the Braille graphs'
 * parameters are chosen for (R dt / tau_mem = 1, w_in dt / tau_syn = 1), and the one {@link NirMapper} quantises,
 * so that what separates this simulator from the chip is the chip's fixed-point arithmetic and nothing else.
 *
 * <p><b>Timing</b>: as on the chip, every neuron node takes one step per hop: at step t (1..T) a neuron integrates
 * what its sources put out at step t - 1 (spikes, or the voltage of an LI, I or CubaLI), passed through the weight
 * nodes between them; the input row k counts as sent at step k (the chip's spikes stamped k). NIR's own edges
 * are instantaneous; the one-step latency is the chip's, and without it the two could not be compared spike by
 * spike. Row t - 1 of a node's spikes is step t.
 *
 * <p>Nodes: Input, Output, Affine, Linear, Scale, Flatten (row-major, so the identity on the elements), Conv1d,
 * Conv2d, SumPool2d and AvgPool2d (sparse matrices, PyTorch's formulas: {@code SparseMap}), Delay (y_k(t) =
 * x_k(t - d_k), d_k = delay_k / dt in whole steps as on the chip), Threshold (x &gt; threshold, without state), LIF,
 * CubaLIF, CubaLI, IF, LI, I, nested NIRGraphs (inlined; nodes are named by path, {@code graph.node}, as in
 * {@link NirMapping}). Refused with one line naming the node: a Delay that is not a whole number of steps, weights
 * of rank other than 2, a loop without a neuron node.
 * Matrix-vector products use EJML.
 */
public final class NirFloatSimulator {

    private final NirGraph graph;
    private final double dt;
    private final FlatGraph flat;
    /** Input and neuron nodes, in file order: the nodes with state (an Input's state is its last row). */
    private final List<String> stateful = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, DMatrixRMaj> weights = new HashMap<>();
    private final Map<String, double[]> biases = new HashMap<>();
    private final Map<String, SparseMap> sparse = new HashMap<>();
    /** Per Delay node, each element's delay in steps. */
    private final Map<String, int[]> delays = new LinkedHashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();

    private NirFloatSimulator(NirGraph graph, double dt) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("float simulator: dt = " + dt + " must be a positive number of seconds");
        }
        this.graph = graph;
        this.dt = dt;
        this.flat = FlatGraph.of(graph);
        for (Map.Entry<String, NirNode> e : flat.nodes.entrySet()) {
            String path = e.getKey();
            NirNode n = e.getValue();
            NodeType t = n.type();
            if (flat.isTopInput(path)) {
                inputs.add(path);
                stateful.add(path);
            } else if (t.isNeuron()) {
                stateful.add(path);
                check(path, n);
            } else if (t == NodeType.AFFINE || t == NodeType.LINEAR) {
                NirArray w = n.parameter("weight");
                if (w.rank() != 2) {
                    throw refuse(path, n, "weight of shape " + Arrays.toString(w.shape())
                            + ": only [out, in] matrices are simulated");
                }
                weights.put(path, new DMatrixRMaj(w.dim(0), w.dim(1), true, w.toDoubleArray()));
                if (t == NodeType.AFFINE) {
                    biases.put(path, broadcast(n.parameter("bias"), w.dim(0)));
                }
            } else if (t == NodeType.SCALE || t == NodeType.THRESHOLD) {
                biases.put(path, broadcast(n.parameter(t == NodeType.SCALE ? "scale" : "threshold"),
                        n.outputSize()));
            } else if (t == NodeType.CONV1D || t == NodeType.CONV2D || t == NodeType.SUM_POOL2D
                    || t == NodeType.AVG_POOL2D) {
                sparse.put(path, SparseMap.of(path, n));
            } else if (t == NodeType.DELAY) {
                // whole steps, as on the chip; no chip limit here
                int[] d = NirMapper.delaySteps(path, n, dt, Integer.MAX_VALUE);
                int[] full = new int[n.outputSize()];
                for (int k = 0; k < full.length; k++) {
                    full[k] = d[d.length == 1 ? 0 : k];
                }
                delays.put(path, full);
            } else if (t != NodeType.INPUT && t != NodeType.OUTPUT && t != NodeType.FLATTEN) {
                throw new IllegalStateException("node type " + t + " has no simulation rule");
            }
        }
        for (String path : flat.nodes.keySet()) {
            if (!stateful.contains(path)) {
                checkNoLoop(path, new HashSet<>());
            }
            if (flat.isTopOutput(path)) {
                String s = path;
                while (!stateful.contains(s) && flat.preds.get(s).size() == 1
                        && (flat.nodes.get(s).type() == NodeType.OUTPUT || flat.passThrough.contains(s)
                        || flat.nodes.get(s).type() == NodeType.FLATTEN)) {
                    s = flat.preds.get(s).get(0);
                }
                if (stateful.contains(s)) {
                    outputs.put(path, s);
                }
            }
        }
    }

    /** A simulator of {@code graph} at timestep {@code dt} seconds. */
    public static NirFloatSimulator of(NirGraph graph, double dt) {
        return new NirFloatSimulator(graph, dt);
    }

    /** A simulator of the mapping's graph at the mapping's dt, with the mapping's node names. */
    public static NirFloatSimulator of(NirMapping mapping) {
        return new NirFloatSimulator(mapping.graph(), mapping.options().dt());
    }

    /** The graph. */
    public NirGraph graph() {
        return graph;
    }

    /** The timestep in seconds. */
    public double dt() {
        return dt;
    }

    /** The top-level Input nodes, in file order. */
    public List<String> inputs() {
        return List.copyOf(inputs);
    }

    /** The number of elements of an Input node. */
    public int inputSize(String input) {
        if (!inputs.contains(input)) {
            throw new IllegalArgumentException("float simulator: no Input node '" + input + "'; inputs: " + inputs);
        }
        return flat.nodes.get(input).outputSize();
    }

    private static NirMappingException refuse(String path, NirNode n, String reason) {
        return new NirMappingException("'" + path + "' (" + n.type().nirName() + ")", reason);
    }

    private static double[] broadcast(NirArray a, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = a.getDouble(a.size() == 1 ? 0 : i);
        }
        return out;
    }

    private void check(String path, NirNode n) {
        for (String key : new String[] {"tau", "tau_mem", "tau_syn"}) {
            if (n.hasParameter(key)) {
                for (double tau : n.parameterOr(key, 1)) {
                    if (!(tau > 0)) {
                        throw refuse(path, n, key + " = " + tau + " must be positive");
                    }
                }
            }
        }
    }

    private void checkNoLoop(String path, Set<String> onPath) {
        if (stateful.contains(path)) {
            return;
        }
        if (!onPath.add(path)) {
            throw refuse(path, flat.nodes.get(path), "is on a loop without a neuron node; every loop needs one");
        }
        for (String p : flat.preds.get(path)) {
            checkNoLoop(p, onPath);
        }
        onPath.remove(path);
    }

    /** Runs a graph with one Input node on {@code input} [T][elements], for T steps. */
    public NirSpikes run(boolean[][] input) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("float simulator: the graph has " + inputs.size()
                    + " Input nodes; run(Map) names each");
        }
        return run(Map.of(inputs.get(0), input), input.length);
    }

    /**
     * Runs {@code steps} steps; row k of an Input node's array holds its spikes stamped k (rows past the array's end
     * send nothing, so the array may be shorter or longer than {@code steps}). Input nodes left out send nothing.
     */
    public NirSpikes run(Map<String, boolean[][]> input, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("float simulator: steps = " + steps + " must not be negative");
        }
        for (Map.Entry<String, boolean[][]> e : input.entrySet()) {
            int n = inputSize(e.getKey());
            for (int t = 0; t < e.getValue().length; t++) {
                if (e.getValue()[t].length != n) {
                    throw new IllegalArgumentException("float simulator: input '" + e.getKey() + "' row " + t
                            + " has " + e.getValue()[t].length + " elements; the Input node has " + n);
                }
            }
        }
        Map<String, double[]> u = new HashMap<>();
        Map<String, double[]> v = new HashMap<>();
        Map<String, double[]> out = new HashMap<>(); // what each stateful node put out in the last step
        Map<String, boolean[][]> spikes = new LinkedHashMap<>();
        for (String s : stateful) {
            int n = flat.nodes.get(s).outputSize();
            u.put(s, new double[n]);
            v.put(s, new double[n]);
            out.put(s, new double[n]);
            spikes.put(s, new boolean[steps][n]);
        }
        setInputs(input, 0, out, null, -1);
        Delays history = new Delays();
        for (int t = 1; t <= steps; t++) {
            Map<String, double[]> memo = new HashMap<>();
            Map<String, double[]> next = new HashMap<>();
            history.step = t;
            for (String d : delays.keySet()) {
                value(d, out, memo, history); // records the Delay's input of this step, whoever reads it
            }
            for (String s : stateful) {
                NirNode n = flat.nodes.get(s);
                if (!n.type().isNeuron()) {
                    continue;
                }
                double[] x = new double[n.outputSize()];
                for (String p : flat.preds.get(s)) {
                    add(x, value(p, out, memo, history));
                }
                next.put(s, update(n, x, u.get(s), v.get(s), spikes.get(s)[t - 1]));
            }
            out.putAll(next);
            setInputs(input, t, out, spikes, t - 1);
        }
        return new NirSpikes(steps, spikes, Collections.unmodifiableMap(new LinkedHashMap<>(outputs)));
    }

    /** Puts row {@code row} of every input into {@code out} (zeros past the end); records row - 1 as spikes. */
    private void setInputs(Map<String, boolean[][]> input, int row, Map<String, double[]> out,
                           Map<String, boolean[][]> spikes, int record) {
        for (String i : inputs) {
            boolean[][] a = input.get(i);
            if (spikes != null && a != null && record < a.length) {
                System.arraycopy(a[record], 0, spikes.get(i)[record], 0, a[record].length);
            }
            double[] o = new double[inputSize(i)];
            if (a != null && row < a.length) {
                for (int k = 0; k < o.length; k++) {
                    o[k] = a[row][k] ? 1 : 0;
                }
            }
            out.put(i, o);
        }
    }

    private static void add(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    /**
     * The inputs of every Delay node in the last steps: row t mod L holds step t's (L = the node's largest delay
     * + 1, so a row is overwritten only after its last reader), {@code step} the step being computed.
     */
    private final class Delays {
        final Map<String, double[][]> rows = new HashMap<>();
        int step;

        /** Records {@code x} as the Delay node's input at this step and returns y_k = x_k(step - d_k), 0 before 1. */
        double[] delay(String path, double[] x) {
            int[] d = delays.get(path);
            double[][] ring = rows.computeIfAbsent(path, k -> new double[Arrays.stream(d).max().orElse(0) + 1][]);
            ring[step % ring.length] = x;
            double[] y = new double[x.length];
            for (int k = 0; k < y.length; k++) {
                int from = step - d[k];
                y[k] = from >= 1 ? ring[from % ring.length][k] : 0;
            }
            return y;
        }
    }

    /** What a node puts out now: a stateful node its last step's output, a stateless one its function of those. */
    private double[] value(String path, Map<String, double[]> out, Map<String, double[]> memo, Delays history) {
        double[] o = out.get(path);
        if (o != null) {
            return o;
        }
        o = memo.get(path);
        if (o != null) {
            return o;
        }
        NirNode n = flat.nodes.get(path);
        double[] x = new double[n.inputSize()];
        for (String p : flat.preds.get(path)) {
            add(x, value(p, out, memo, history));
        }
        double[] y;
        switch (n.type()) {
            case AFFINE:
            case LINEAR: {
                DMatrixRMaj w = weights.get(path);
                DMatrixRMaj r = new DMatrixRMaj(w.numRows, 1);
                CommonOps_DDRM.mult(w, DMatrixRMaj.wrap(x.length, 1, x), r);
                y = r.data;
                double[] b = biases.get(path);
                if (b != null) {
                    add(y, b);
                }
                break;
            }
            case SCALE: {
                double[] s = biases.get(path);
                y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = s[i] * x[i];
                }
                break;
            }
            case DELAY:
                y = history.delay(path, x);
                break;
            case CONV1D:
            case CONV2D:
            case SUM_POOL2D:
            case AVG_POOL2D:
                y = sparse.get(path).apply(x);
                break;
            case THRESHOLD: {
                double[] th = biases.get(path);
                y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = x[i] > th[i] ? 1 : 0;
                }
                break;
            }
            default: // Input and Output of nested graphs, Output, Flatten: the elements as they are
                y = x;
        }
        memo.put(path, y);
        return y;
    }

    /** One Euler step of a neuron node; returns what it puts out (spikes as 0/1, or an integrator's voltage). */
    private double[] update(NirNode n, double[] x, double[] u, double[] v, boolean[] spiked) {
        NodeType t = n.type();
        double[] r = n.parameterOr("r", 1);
        double[] leak = n.parameterOr("v_leak", 0);
        boolean cuba = t == NodeType.CUBA_LIF || t == NodeType.CUBA_LI;
        double[] tauMem = n.parameterOr(cuba ? "tau_mem" : "tau", 1);
        double[] tauSyn = n.parameterOr("tau_syn", 1);
        double[] wIn = n.parameterOr("w_in", 1);
        double[] th = n.parameterOr("v_threshold", 1);
        double[] reset = n.parameterOr("v_reset", 0);
        double[] o = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            switch (t) {
                case CUBA_LIF:
                case CUBA_LI: {
                    double a = dt / tauSyn[i];
                    double b = dt / tauMem[i];
                    u[i] = (1 - a) * u[i] + a * wIn[i] * x[i];
                    v[i] = (1 - b) * v[i] + b * (leak[i] + r[i] * u[i]);
                    break;
                }
                case LIF:
                case LI: {
                    double b = dt / tauMem[i];
                    v[i] = (1 - b) * v[i] + b * (leak[i] + r[i] * x[i]);
                    break;
                }
                default: // IF, I
                    v[i] = v[i] + r[i] * x[i];
            }
            if (t.isSpiking()) {
                spiked[i] = v[i] > th[i];
                if (spiked[i]) {
                    v[i] = reset[i];
                    o[i] = 1;
                }
            } else {
                o[i] = v[i];
            }
        }
        return o;
    }
}
