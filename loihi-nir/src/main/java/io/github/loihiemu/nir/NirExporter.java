package io.github.loihiemu.nir;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Writes a loihi-core {@link Network} without learning as a NIR graph, so that a network built in Java reaches the
 * tools that read NIR (Lava, Norse, snnTorch, ...). Spike generators become Input nodes, compartment groups neuron
 * nodes (LIF, CubaLIF or IF), connections Linear nodes holding the chip's effective weights (after the weight
 * format), a connection's delay a Delay node. The float values are chosen so that NIR's own equations, stepped with
 * forward Euler at the options' dt, are the chip's update in the chip's units of u and v, and so that
 * {@link NirMapper} gives back the same integers (docs/nir.md, "Writing a network back").
 *
 * <p>What NIR cannot express is refused with a {@link NirExportException} naming the group or connection: learning
 * rules and reinforcement channels, a refractory delay above 1, noise, voltage limits other than the chip's full
 * range, a current that never decays while the voltage does (δu = 0), a current-based neuron without voltage decay
 * (δv = 0, δu &lt; 4096), synapses of one connection with different delays, and connections whose summed weights
 * no single weight format holds.
 */
public final class NirExporter {

    private static final Logger LOG = LoggerFactory.getLogger(NirExporter.class);

    /**
     * Metadata key of a neuron node: the threshold mantissa the chip used. {@link NirMapper} takes it instead of its
     * own choice, so that the round trip gives back the same scale; other readers ignore it.
     */
    public static final String VTH_MANT_KEY = "loihi_emu_vth_mant";
    /** Graph metadata key: the timestep in seconds the time constants are expressed at. */
    public static final String DT_KEY = "dt";

    private NirExporter() {
    }

    /** Exports with the default options (dt = 1 ms, outputs: the groups that feed nothing). */
    public static NirGraph export(Network network) {
        return export(network, ExportOptions.defaults());
    }

    /**
     * Exports a network.
     *
     * @throws NirExportException if NIR cannot express a group or connection
     */
    public static NirGraph export(Network network, ExportOptions options) {
        if (network == null) {
            throw new IllegalArgumentException("export: network must not be null");
        }
        if (!network.reinforcements().isEmpty()) {
            Network.Reinforcement r = network.reinforcements().get(0);
            throw new NirExportException("reinforcement channel from '" + r.source().name() + "'",
                    "NIR has no learning");
        }
        if (!network.placements().isEmpty()) {
            LOG.info("export: the explicit core placements of {} groups are not written (NIR has no placement; they "
                    + "change where compartments sit, not what they compute)", network.placements().size());
        }
        Set<String> used = new HashSet<>();
        for (SpikeGenerator g : network.generators()) {
            used.add(checkName("spike generator", g.name()));
        }
        for (CompartmentGroup g : network.groups()) {
            used.add(checkName("group", g.name()));
        }
        Set<String> feeding = new HashSet<>();
        for (Connection c : network.connections()) {
            feeding.add(c.source().name());
        }
        List<String> outputs = new ArrayList<>();
        for (String o : options.outputs()) {
            if (network.groups().stream().noneMatch(g -> g.name().equals(o))) {
                throw new IllegalArgumentException("export options: output '" + o + "' is no compartment group of "
                        + "the network");
            }
            outputs.add(o);
        }
        if (outputs.isEmpty()) {
            for (CompartmentGroup g : network.groups()) {
                if (!feeding.contains(g.name())) {
                    outputs.add(g.name());
                }
            }
        }
        double dt = options.dt();
        List<NirNode> nodes = new ArrayList<>();
        List<NirEdge> edges = new ArrayList<>();
        for (SpikeGenerator g : network.generators()) {
            nodes.add(NirNode.of(g.name(), NodeType.INPUT, Map.of("shape", NirArray.int64(g.size()))));
        }
        // per target group: the connection that carries an IF group's bias (an IF node has no v_leak)
        Map<CompartmentGroup, Connection> biasCarrier = new LinkedHashMap<>();
        Map<CompartmentGroup, double[]> biases = new LinkedHashMap<>();
        for (CompartmentGroup g : network.groups()) {
            double[] bias = new double[g.size()];
            boolean any = false;
            for (int i = 0; i < bias.length; i++) {
                bias[i] = network.bias(g, i);
                any |= bias[i] != 0;
            }
            biases.put(g, bias);
            nodes.add(neuron(g, bias, dt));
            CompartmentPrototype p = g.prototype();
            if (p.voltageDecay() == 0 && any) {
                Connection carrier = null;
                for (Connection c : network.connections()) {
                    if (c.target() == g && c.maxDelay() == 0) {
                        carrier = c;
                        break;
                    }
                }
                if (carrier == null) {
                    throw new NirExportException(group(g), "a bias (" + describe(bias) + ") without voltage decay needs an "
                            + "incoming connection without delay to carry it (an IF node has no v_leak; its bias "
                            + "comes from an Affine)");
                }
                biasCarrier.put(g, carrier);
            }
        }
        checkSums(network);
        for (Connection c : network.connections()) {
            String name = unique(c.source().name() + "_to_" + c.target().name(), used);
            int delay = delay(c);
            double[] w = effectiveWeights(c);
            int[] shape = {c.target().size(), c.source().size()};
            if (biasCarrier.get(c.target()) == c) {
                double[] b = biases.get(c.target());
                nodes.add(NirNode.of(name, NodeType.AFFINE, Map.of("weight", NirArray.float64(shape, w),
                        "bias", NirArray.float64(b))));
            } else {
                nodes.add(NirNode.of(name, NodeType.LINEAR, Map.of("weight", NirArray.float64(shape, w))));
            }
            edges.add(new NirEdge(c.source().name(), name));
            if (delay > 0) {
                // the chip's hop of one step is NIR's instantaneous edge; a synaptic delay d adds d steps
                String dn = unique(name + "_delay", used);
                double[] d = new double[c.target().size()];
                java.util.Arrays.fill(d, delay * dt);
                nodes.add(NirNode.of(dn, NodeType.DELAY, Map.of("delay", NirArray.float64(d))));
                edges.add(new NirEdge(name, dn));
                name = dn;
            }
            edges.add(new NirEdge(name, c.target().name()));
        }
        for (String o : outputs) {
            String name = unique(outputs.size() == 1 ? "output" : "output_" + o, used);
            CompartmentGroup g = network.groups().stream().filter(x -> x.name().equals(o)).findFirst().orElseThrow();
            nodes.add(NirNode.of(name, NodeType.OUTPUT, Map.of("shape", NirArray.int64(g.size()))));
            edges.add(new NirEdge(o, name));
        }
        Map<String, NirArray> meta = new LinkedHashMap<>();
        meta.put(DT_KEY, NirArray.scalarFloat64(dt));
        meta.put("written_by", NirArray.string("loihi-emu NirExporter"));
        // the version the writer would record, so that the graph equals the one its file reads back as
        return NirGraph.of(nodes, edges, meta).withVersion(NirWriter.DEFAULT_VERSION);
    }

    /**
     * The neuron node of a group. With a = δu/4096 and b = δv/4096 the node is chosen so that NIR's forward Euler
     * step is the chip's in its own units: I_t = (1 − a) I + a w_in x with w_in = 1/a gives u_t = (1 − a) u + q,
     * v_t = (1 − b) v + b (v_leak + r I) with r = 1/b and v_leak = bias/b gives v_t = (1 − b) v + u + bias, and the
     * threshold is 64 vThMant. The bias is each compartment's ({@link Network#bias}: its own if the network gives
     * it one, else the prototype's).
     */
    private static NirNode neuron(CompartmentGroup g, double[] bias, double dt) {
        CompartmentPrototype p = g.prototype();
        String what = group(g);
        if (p.refractoryDelay() != 1) {
            throw new NirExportException(what, "refractory delay " + p.refractoryDelay()
                    + ": NIR's neurons have no refractory period");
        }
        if (p.enableNoise()) {
            throw new NirExportException(what, "noise is enabled: NIR's neurons are deterministic");
        }
        CompartmentPrototype full = CompartmentPrototype.builder().build();
        if (p.vMin() != full.vMin() || p.vMax() != full.vMax()) {
            throw new NirExportException(what, "voltage limits " + p.vMin() + ".." + p.vMax()
                    + ": NIR's neurons have no voltage limits (only the chip's full range " + full.vMin() + ".."
                    + full.vMax() + " can be written)");
        }
        int du = p.currentDecay();
        int dv = p.voltageDecay();
        int n = g.size();
        double threshold = p.threshold();
        Map<String, NirArray> params = new LinkedHashMap<>();
        NodeType type;
        if (dv == 0) {
            if (du != 4096) {
                throw new NirExportException(what, "current decay " + du + " without voltage decay: NIR has no "
                        + "current-based integrate-and-fire neuron (an IF needs current decay 4096)");
            }
            type = NodeType.IF;
            params.put("r", fill(n, 1));
            params.put("v_threshold", fill(n, threshold));
            params.put("v_reset", fill(n, 0));
        } else {
            if (du == 0) {
                throw new NirExportException(what, "current decay 0 (a current that never decays) with voltage decay "
                        + dv + ": NIR's CubaLIF needs a finite tau_syn");
            }
            double b = dv / 4096.0;
            type = du == 4096 ? NodeType.LIF : NodeType.CUBA_LIF;
            if (type == NodeType.LIF) {
                params.put("tau", fill(n, dt / b));
            } else {
                double a = du / 4096.0;
                params.put("tau_syn", fill(n, dt / a));
                params.put("tau_mem", fill(n, dt / b));
            }
            params.put("r", fill(n, 1 / b));
            double[] leak = new double[n];
            for (int i = 0; i < n; i++) {
                leak[i] = bias[i] / b;
            }
            params.put("v_leak", NirArray.float64(leak));
            params.put("v_threshold", fill(n, threshold));
            params.put("v_reset", fill(n, 0));
            if (type == NodeType.CUBA_LIF) {
                params.put("w_in", fill(n, 4096.0 / du));
            }
        }
        return NirNode.of(g.name(), type, params, Map.of(VTH_MANT_KEY, NirArray.scalarInt64(p.vThMant())));
    }

    /** The threshold mantissa a neuron node asks for in its metadata ({@link #VTH_MANT_KEY}), if any. */
    static OptionalInt vThMantHint(NirNode node) {
        NirArray a = node.metadata().get(VTH_MANT_KEY);
        if (a == null) {
            return OptionalInt.empty();
        }
        long m = a.isNumeric() && a.size() == 1 ? a.getLong(0) : -1;
        if (m < 1 || m > CompartmentPrototype.VTH_MANT_MAX) {
            throw new NirMappingException("'" + node.name() + "' (" + node.type().nirName() + ")", "metadata "
                    + VTH_MANT_KEY + " = " + a + ": a threshold mantissa is one integer in 1.."
                    + CompartmentPrototype.VTH_MANT_MAX);
        }
        return OptionalInt.of((int) m);
    }

    /** The one delay of a connection's synapses; a connection whose synapses differ is refused. */
    private static int delay(Connection c) {
        int d = c.synapseCount() == 0 ? c.prototype().delay() : c.synapseDelay(0);
        for (int k = 1; k < c.synapseCount(); k++) {
            if (c.synapseDelay(k) != d) {
                throw new NirExportException(connection(c), "synapses with delays " + d + " and "
                        + c.synapseDelay(k) + " (synapse " + c.synapseSource(k) + " -> " + c.synapseTarget(k) + "): "
                        + "a NIR Delay node delays a whole connection's output, so one connection needs one delay");
            }
        }
        return d;
    }

    /** The connection's weights as the chip adds them (dq, after precision and exponent), [target, source]. */
    private static double[] effectiveWeights(Connection c) {
        if (c.prototype().isPlastic()) {
            throw new NirExportException(connection(c), "plastic (" + c.prototype().learningRule()
                    + "): NIR has no learning");
        }
        int ns = c.source().size();
        double[] w = new double[c.target().size() * ns];
        for (int k = 0; k < c.synapseCount(); k++) {
            int dq = c.synapseFormat(k).accumulatorIncrement(c.initialWeight(k));
            w[c.synapseTarget(k) * ns + c.synapseSource(k)] += dq;
        }
        return w;
    }

    /**
     * The mapper gives each (source, target) pair one connection with one weight format, and adds the weights of
     * parallel paths: every pair's summed effective weights must fit one format exactly, or the round trip would
     * change them.
     */
    private static void checkSums(Network network) {
        Map<String, List<Connection>> pairs = new LinkedHashMap<>();
        for (Connection c : network.connections()) {
            pairs.computeIfAbsent(c.source().name() + "\u0000" + c.target().name() + "\u0000" + delay(c),
                    k -> new ArrayList<>()).add(c);
        }
        for (List<Connection> cs : pairs.values()) {
            double[] sum = null;
            for (Connection c : cs) {
                double[] w = effectiveWeights(c);
                if (sum == null) {
                    sum = w;
                } else {
                    for (int i = 0; i < w.length; i++) {
                        sum[i] += w[i];
                    }
                }
            }
            List<Double> steps = new ArrayList<>();
            for (double v : sum) {
                if (v != 0) {
                    steps.add(v / 64);
                }
            }
            if (steps.isEmpty()) {
                continue;
            }
            NirMapper.Quantised q = NirMapper.quantise(steps.stream().mapToDouble(Double::doubleValue).toArray());
            if (q.squaredError() != 0) {
                Connection c = cs.get(0);
                throw new NirExportException(cs.size() == 1 ? connection(c) : cs.size() + " connections '"
                        + c.source().name() + "' -> '" + c.target().name() + "'", "no single 8-bit weight format "
                        + "holds their effective weights exactly (least error with " + q.format() + "), and the "
                        + "mapper reading the graph back gives a (source, target) pair one format");
            }
        }
    }

    private static String checkName(String what, String name) {
        if (name.contains("/")) {
            throw new NirExportException(what + " '" + name + "'", "its name contains '/', which HDF5 reserves for "
                    + "paths");
        }
        return name;
    }

    private static String unique(String base, Set<String> used) {
        String name = base.replace('/', '_');
        int k = 1;
        while (!used.add(name)) {
            name = base + "_" + k++;
        }
        return name;
    }

    /** A group's biases for a message: the one value, or the range. */
    private static String describe(double[] bias) {
        double lo = java.util.Arrays.stream(bias).min().orElse(0);
        double hi = java.util.Arrays.stream(bias).max().orElse(0);
        return lo == hi ? Long.toString((long) lo) : (long) lo + ".." + (long) hi;
    }

    private static NirArray fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return NirArray.float64(a);
    }

    private static String group(CompartmentGroup g) {
        return "group '" + g.name() + "'";
    }

    private static String connection(Connection c) {
        return "connection '" + c.source().name() + "' -> '" + c.target().name() + "'";
    }
}
