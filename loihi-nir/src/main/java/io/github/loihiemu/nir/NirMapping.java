package io.github.loihiemu.nir;

import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NIR graph mapped onto a loihi-core {@link Network} by {@link NirMapper}: the network, a spike generator per
 * Input node, the compartment groups each neuron node became (with the node's neuron index of every compartment),
 * the neuron node behind each Output node, and the {@link QuantisationReport}.
 */
public final class NirMapping {

    /**
     * One compartment group of a neuron node.
     *
     * @param group   the group
     * @param neurons for compartment k of the group, the neuron's index in the node (row-major over its shape)
     */
    public record Part(CompartmentGroup group, int[] neurons) {
        /** Copies the index array. */
        public Part {
            neurons = neurons.clone();
        }

        /** The node's neuron index of compartment k (a copy of the array is {@link #neurons()}). */
        public int neuron(int k) {
            return neurons[k];
        }
    }

    private final NirGraph graph;
    private final MapOptions options;
    private final Network network;
    private final Map<String, SpikeGenerator> inputs;
    private final Map<String, List<Part>> neurons;
    private final Map<String, String> outputs;
    private final QuantisationReport report;

    NirMapping(NirGraph graph, MapOptions options, Network network, Map<String, SpikeGenerator> inputs,
               Map<String, List<Part>> neurons, Map<String, String> outputs, QuantisationReport report) {
        this.graph = graph;
        this.options = options;
        this.network = network;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        Map<String, List<Part>> n = new LinkedHashMap<>();
        neurons.forEach((k, v) -> n.put(k, List.copyOf(v)));
        this.neurons = Collections.unmodifiableMap(n);
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        this.report = report;
    }

    /**
     * {@code config} with enough dendritic accumulators for the mapping's synaptic delays: D, a power of two from 8
     * to 64, must be at least the largest delay + 2 (docs/loihi-semantics.md 4.4); a config that has more keeps them.
     * {@link NirChipRun} and {@link NirInfo} compile with it.
     */
    public io.github.loihiemu.core.chip.BoardConfig boardConfig(io.github.loihiemu.core.chip.BoardConfig config) {
        int need = dendriticAccumulators(report.maxDelay());
        io.github.loihiemu.core.mapping.MappingConfig mc = config.mapping();
        if (mc.dendriticAccumulators() >= need) {
            return config;
        }
        return config.withMapping(new io.github.loihiemu.core.mapping.MappingConfig(need, mc.maxChips(),
                mc.honourPlacements(), mc.computeLayout()));
    }

    /** The fewest dendritic accumulators (8, 16, 32 or 64) that hold a delay of {@code maxDelay} steps. */
    static int dendriticAccumulators(int maxDelay) {
        int d = 8;
        while (d - 2 < maxDelay) {
            d *= 2;
        }
        return d;
    }

    /** The graph that was mapped. */
    public NirGraph graph() {
        return graph;
    }

    /** The options it was mapped with. */
    public MapOptions options() {
        return options;
    }

    /** The network to compile with {@code Board.compile}. */
    public Network network() {
        return network;
    }

    /** The spike generator of each top-level Input node (ports in the row-major order of the node's shape). */
    public Map<String, SpikeGenerator> inputs() {
        return inputs;
    }

    /** The generator of an Input node. */
    public SpikeGenerator input(String inputNode) {
        SpikeGenerator g = inputs.get(inputNode);
        if (g == null) {
            throw new IllegalArgumentException("no Input node '" + inputNode + "' in the mapping");
        }
        return g;
    }

    /** The groups of each neuron node, by the node's path ({@code graph.node} inside nested graphs). */
    public Map<String, List<Part>> neurons() {
        return neurons;
    }

    /** The groups of one neuron node. */
    public List<Part> parts(String neuronNode) {
        List<Part> p = neurons.get(neuronNode);
        if (p == null) {
            throw new IllegalArgumentException("no neuron node '" + neuronNode + "' in the mapping");
        }
        return p;
    }

    /** For each top-level Output node, the neuron node (or Input node) whose spikes it is. */
    public Map<String, String> outputs() {
        return outputs;
    }

    /** What the mapping did to the numbers. */
    public QuantisationReport report() {
        return report;
    }
}
