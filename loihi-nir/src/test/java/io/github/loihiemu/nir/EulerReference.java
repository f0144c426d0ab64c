package io.github.loihiemu.nir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain float simulation of a flat NIR graph (no nested graphs) in the discretisation docs/nir.md states, with
 * the chip's timing (a neuron node at step t integrates the spikes its sources sent at t - 1; an input spike stamped
 * s counts as sent at s). Written from the equations, independently of {@link NirMapper}, to check the mapping on
 * whole networks. Test code only: the module's float reference simulator is still to come.
 */
final class EulerReference {

    private final NirGraph g;
    private final double dt;
    private final Map<String, double[]> u = new LinkedHashMap<>();
    private final Map<String, double[]> v = new LinkedHashMap<>();
    private final Map<String, boolean[]> spikes = new LinkedHashMap<>();
    final Map<String, long[]> counts = new LinkedHashMap<>();

    EulerReference(NirGraph g, double dt) {
        this.g = g;
        this.dt = dt;
        for (NirNode n : g.nodes().values()) {
            if (n.type().isNeuron() || n.type() == NodeType.INPUT) {
                int size = n.outputSize();
                u.put(n.name(), new double[size]);
                v.put(n.name(), new double[size]);
                spikes.put(n.name(), new boolean[size]);
                counts.put(n.name(), new long[size]);
            }
        }
    }

    /** The Input nodes' spikes stamped 0 (before the first step). */
    void send(Map<String, boolean[]> inputSpikes) {
        inputSpikes.forEach((k, sp) -> spikes.put(k, sp.clone()));
    }

    /** One step: {@code inputSpikes} are the spikes the Input nodes send in this step (seen by neurons next step). */
    void step(Map<String, boolean[]> inputSpikes) {
        Map<String, boolean[]> previous = new LinkedHashMap<>();
        spikes.forEach((k, s) -> previous.put(k, s.clone()));
        for (NirNode n : g.nodes().values()) {
            if (!n.type().isNeuron()) {
                continue;
            }
            double[] x = new double[n.outputSize()];
            for (String p : g.predecessors(n.name())) {
                add(x, value(p, previous));
            }
            update(n, x);
        }
        inputSpikes.forEach((k, s) -> spikes.put(k, s.clone()));
    }

    private static void add(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    /** What node {@code name} outputs this step: spikes of sources from the previous step, weight nodes applied. */
    private double[] value(String name, Map<String, boolean[]> previous) {
        NirNode n = g.node(name);
        if (previous.containsKey(name)) {
            boolean[] s = previous.get(name);
            double[] out = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i] ? 1 : 0;
            }
            return out;
        }
        double[] in = new double[n.inputSize()];
        for (String p : g.predecessors(name)) {
            add(in, value(p, previous));
        }
        switch (n.type()) {
            case SCALE: {
                double[] s = n.parameter("scale").toDoubleArray();
                for (int i = 0; i < in.length; i++) {
                    in[i] *= s[i];
                }
                return in;
            }
            case LINEAR:
            case AFFINE: {
                NirArray w = n.parameter("weight");
                int rows = w.dim(0);
                int cols = w.dim(1);
                double[] out = new double[rows];
                for (int i = 0; i < rows; i++) {
                    double sum = 0;
                    for (int j = 0; j < cols; j++) {
                        sum += w.getDouble(i * cols + j) * in[j];
                    }
                    if (n.type() == NodeType.AFFINE) {
                        NirArray b = n.parameter("bias");
                        sum += b.getDouble(b.size() == 1 ? 0 : i);
                    }
                    out[i] = sum;
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("reference: node " + n);
        }
    }

    private void update(NirNode n, double[] x) {
        double[] uu = u.get(n.name());
        double[] vv = v.get(n.name());
        boolean[] s = spikes.get(n.name());
        long[] c = counts.get(n.name());
        double[] r = n.parameterOr("r", 1);
        double[] th = n.type() == NodeType.LI ? null : n.parameterOr("v_threshold", 1);
        for (int i = 0; i < x.length; i++) {
            switch (n.type()) {
                case CUBA_LIF: {
                    double a = dt / n.parameterOr("tau_syn", 0)[i];
                    double b = dt / n.parameterOr("tau_mem", 0)[i];
                    uu[i] = (1 - a) * uu[i] + a * n.parameterOr("w_in", 1)[i] * x[i];
                    vv[i] = (1 - b) * vv[i] + b * (n.parameterOr("v_leak", 0)[i] + r[i] * uu[i]);
                    break;
                }
                case LIF:
                case LI: {
                    double b = dt / n.parameterOr("tau", 0)[i];
                    vv[i] = (1 - b) * vv[i] + b * (n.parameterOr("v_leak", 0)[i] + r[i] * x[i]);
                    break;
                }
                case IF:
                    vv[i] = vv[i] + r[i] * x[i];
                    break;
                default:
                    throw new IllegalArgumentException(n.toString());
            }
            s[i] = th != null && vv[i] > th[i];
            if (s[i]) {
                vv[i] = 0;
                c[i]++;
            }
        }
    }

    /** Spike counts per neuron node, summed over its neurons. */
    Map<String, Long> totals() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (NirNode n : g.nodes().values()) {
            if (n.type().isNeuron()) {
                long t = 0;
                for (long k : counts.get(n.name())) {
                    t += k;
                }
                out.put(n.name(), t);
            }
        }
        return out;
    }

    static List<String> neuronNodes(NirGraph g) {
        List<String> out = new ArrayList<>();
        for (NirNode n : g.nodes().values()) {
            if (n.type().isNeuron()) {
                out.add(n.name());
            }
        }
        return out;
    }
}
