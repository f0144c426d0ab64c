package io.github.loihiemu.nir;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a NIR graph: its name, its {@link NodeType}, its parameters as stored in the file (named
 * {@link NirArray}s; optional parameters that the file leaves out stay absent, see
 * {@link #parameterOr(String, double)}), its metadata, for a {@link NodeType#NIR_GRAPH} the nested {@link NirGraph},
 * and the input and output shapes (without a batch dimension).
 *
 * <p>A node made with {@link #of} knows the shapes its parameters fix; shapes that NIR infers along the edges
 * (Flatten without {@code input_type}, Conv without {@code input_shape}, pooling) are filled in when the node becomes
 * part of a {@link NirGraph}, whose nodes therefore always have both shapes (a nested graph with several Input or
 * Output nodes has none: edges must then name the inner node, {@code graph.node}). Instances are immutable.
 */
public final class NirNode {

    private final String name;
    private final NodeType type;
    private final Map<String, NirArray> parameters;
    private final Map<String, NirArray> metadata;
    private final NirGraph graph;
    private final int[] inputShape;
    private final int[] outputShape;

    NirNode(String name, NodeType type, Map<String, NirArray> parameters, Map<String, NirArray> metadata,
            NirGraph graph, int[] inputShape, int[] outputShape) {
        this.name = name;
        this.type = type;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.graph = graph;
        this.inputShape = inputShape == null ? null : inputShape.clone();
        this.outputShape = outputShape == null ? null : outputShape.clone();
    }

    /**
     * A node with the given parameters and no metadata.
     *
     * @throws NirFormatException if a required parameter is missing or the parameters do not fit together
     */
    public static NirNode of(String name, NodeType type, Map<String, NirArray> parameters) {
        return of(name, type, parameters, Map.of());
    }

    /**
     * A node with the given parameters and metadata; use {@link #graph} for a nested graph.
     *
     * @throws NirFormatException if a required parameter is missing or the parameters do not fit together
     */
    public static NirNode of(String name, NodeType type, Map<String, NirArray> parameters,
                             Map<String, NirArray> metadata) {
        Objects.requireNonNull(type, "type");
        if (type == NodeType.NIR_GRAPH) {
            throw new IllegalArgumentException("use NirNode.graph(name, graph) for a nested graph");
        }
        return NodeRules.create("graph", "", checkName(name), type, parameters, metadata);
    }

    /**
     * A node holding a nested graph. Its metadata is the nested graph's (a file stores both in one group).
     */
    public static NirNode graph(String name, NirGraph graph) {
        Objects.requireNonNull(graph, "graph");
        return NodeRules.createGraphNode(checkName(name), graph);
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a node needs a non-empty name");
        }
        if (name.contains("/")) {
            throw new IllegalArgumentException("node name '" + name + "' contains '/', which HDF5 reserves for paths");
        }
        return name;
    }

    /** The node's name, unique in its graph. */
    public String name() {
        return name;
    }

    /** The node's type. */
    public NodeType type() {
        return type;
    }

    /** The parameters as stored (type, nodes, edges and metadata are not parameters). */
    public Map<String, NirArray> parameters() {
        return parameters;
    }

    /** Whether the parameter is present. */
    public boolean hasParameter(String key) {
        return parameters.containsKey(key);
    }

    /**
     * The named parameter.
     *
     * @throws IllegalArgumentException if the node has no such parameter
     */
    public NirArray parameter(String key) {
        NirArray a = parameters.get(key);
        if (a == null) {
            throw new IllegalArgumentException("node '" + name + "' (" + type.nirName() + ") has no parameter '" + key + "'");
        }
        return a;
    }

    /**
     * The named parameter's elements as doubles, or, where the file leaves the parameter out, {@code fill} repeated
     * to the node's output size (NIR's defaults: {@code v_reset} 0, {@code w_in} 1). A single-element parameter is
     * broadcast to the output size.
     */
    public double[] parameterOr(String key, double fill) {
        int n = outputShape == null ? 1 : Math.max(1, NodeRules.product(outputShape));
        NirArray a = parameters.get(key);
        double[] out = new double[n];
        if (a == null) {
            Arrays.fill(out, fill);
            return out;
        }
        if (a.size() == 1) {
            Arrays.fill(out, a.getDouble(0));
            return out;
        }
        return a.toDoubleArray();
    }

    /**
     * The node's metadata (string or numeric arrays by key; nested groups as {@code a/b} keys); for a nested graph,
     * the graph's metadata.
     */
    public Map<String, NirArray> metadata() {
        return metadata;
    }

    /** Whether this node holds a nested graph. */
    public boolean isGraph() {
        return graph != null;
    }

    /**
     * The nested graph of a {@link NodeType#NIR_GRAPH} node.
     *
     * @throws IllegalStateException for any other node
     */
    public NirGraph graph() {
        if (graph == null) {
            throw new IllegalStateException("node '" + name + "' (" + type.nirName() + ") is not a nested graph");
        }
        return graph;
    }

    /** The input shape (a copy), or {@code null} where it is not known yet or not single (see class comment). */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** The output shape (a copy), or {@code null} where it is not known yet or not single. */
    public int[] outputShape() {
        return outputShape == null ? null : outputShape.clone();
    }

    /** Number of input elements (product of the input shape); -1 where unknown. */
    public int inputSize() {
        return inputShape == null ? -1 : NodeRules.product(inputShape);
    }

    /** Number of output elements (product of the output shape); -1 where unknown. */
    public int outputSize() {
        return outputShape == null ? -1 : NodeRules.product(outputShape);
    }

    /** The same node under another name. */
    public NirNode withName(String newName) {
        return new NirNode(checkName(newName), type, parameters, metadata, graph, inputShape, outputShape);
    }

    NirNode withShapes(int[] in, int[] out) {
        return new NirNode(name, type, parameters, metadata, graph, in, out);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NirNode)) {
            return false;
        }
        NirNode n = (NirNode) o;
        return name.equals(n.name) && type == n.type && parameters.equals(n.parameters)
                && metadata.equals(n.metadata) && Objects.equals(graph, n.graph)
                && Arrays.equals(inputShape, n.inputShape) && Arrays.equals(outputShape, n.outputShape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, parameters, metadata, graph, Arrays.hashCode(inputShape),
                Arrays.hashCode(outputShape));
    }

    /** {@code name (Type) [in] -> [out]}. */
    @Override
    public String toString() {
        return name + " (" + type.nirName() + ") " + (inputShape == null ? "?" : Arrays.toString(inputShape)) + " -> "
                + (outputShape == null ? "?" : Arrays.toString(outputShape));
    }
}
