package io.github.loihiemu.nir;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code .nir} files: HDF5 in the layout of {@code nir/serialization.py}. The root holds a {@code version}
 * string and a {@code node} group; every node group holds a {@code type} string, its parameters as datasets and
 * optionally a {@code metadata} group; a {@code NIRGraph} node holds a {@code nodes} group (one group per node, named
 * by the node) and an {@code edges} dataset of [n, 2] node names. Files from NIR 0.1 on load (older writers leave out
 * {@code v_reset}, {@code input_shape} or {@code input_type}; those take NIR's defaults or are inferred).
 *
 * <p>Every problem is a {@link NirFormatException} whose one-line message names the file, the node and the problem.
 */
public final class NirReader {

    /** How to treat a file that breaks NIR's rules in a way that has one obvious meaning. */
    public enum Mode {
        /** Refuse it (the default). */
        STRICT,
        /**
         * Repair it and say so in {@link NirGraph#notes()}. One repair exists: when a graph's edges name exactly one
         * name that is no node, and exactly one node of that graph is named by no edge, the name is taken to mean that
         * node (the NIR paper's braille_*_subgraph.nir names its nested CubaLIF "lif1" and its edges "lif").
         */
        REPAIR
    }

    private NirReader() {
    }

    /**
     * Reads a graph from a file, refusing anything that breaks NIR's rules.
     *
     * @throws NirFormatException if the file is missing, not HDF5 or not a valid NIR graph
     */
    public static NirGraph read(Path file) {
        return read(file, Mode.STRICT);
    }

    /**
     * Reads a graph from a file.
     *
     * @throws NirFormatException if the file is missing, not HDF5 or not a valid NIR graph
     */
    public static NirGraph read(Path file, Mode mode) {
        String source = String.valueOf(file.getFileName());
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new NirFormatException(source, null, "cannot be read: " + e, e);
        }
        return read(content, source, mode);
    }

    /**
     * Reads a graph from the bytes of a {@code .nir} file, refusing anything that breaks NIR's rules.
     *
     * @param source the name used in error messages (usually the file name)
     * @throws NirFormatException if the bytes are not HDF5 or not a valid NIR graph
     */
    public static NirGraph read(byte[] content, String source) {
        return read(content, source, Mode.STRICT);
    }

    /**
     * Reads a graph from the bytes of a {@code .nir} file.
     *
     * @param source the name used in error messages (usually the file name)
     * @throws NirFormatException if the bytes are not HDF5 or not a valid NIR graph
     */
    public static NirGraph read(byte[] content, String source, Mode mode) {
        HdfFile hdf;
        try {
            hdf = HdfFile.fromBytes(content);
        } catch (RuntimeException e) {
            throw new NirFormatException(source, null, "not an HDF5 file (" + firstLine(e) + ")", e);
        }
        try (hdf) {
            return readRoot(hdf, source, mode == Mode.REPAIR);
        } catch (NirFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NirFormatException(source, null, "unreadable HDF5 content (" + firstLine(e) + ")", e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m).strip();
    }

    private static NirGraph readRoot(HdfFile hdf, String source, boolean repair) {
        Map<String, Node> root = hdf.getChildren();
        Node node = root.get("node");
        if (node == null || !node.isGroup()) {
            throw new NirFormatException(source, null, "no 'node' group at the root: not a NIR file");
        }
        String version = "";
        Node v = root.get("version");
        if (v != null && !v.isGroup()) {
            NirArray va = toArray(source, "the root", "version", (Dataset) v);
            if (va.dtype() != NirArray.DType.STRING || va.size() != 1) {
                throw new NirFormatException(source, null, "'version' must be one string, is " + va);
            }
            version = va.getString(0);
        }
        Group top = (Group) node;
        String type = readType(source, "", "node", top);
        if (!NodeType.NIR_GRAPH.nirName().equals(type)) {
            throw new NirFormatException(source, null, "the top-level node is a '" + type + "', not a NIRGraph");
        }
        return readGraph(source, "", version, top, repair, new ArrayList<>());
    }

    private static String readType(String source, String prefix, String name, Group g) {
        Node t = g.getChild("type");
        String label = NodeRules.label(prefix, name, null);
        if (t == null) {
            throw new NirFormatException(source, label, "has no 'type'");
        }
        if (t.isGroup()) {
            throw new NirFormatException(source, label, "'type' is a group, not a string");
        }
        NirArray a = toArray(source, label, "type", (Dataset) t);
        if (a.dtype() != NirArray.DType.STRING || a.size() != 1) {
            throw new NirFormatException(source, label, "'type' must be one string, is " + a);
        }
        return a.getString(0);
    }

    private static NirGraph readGraph(String source, String prefix, String version, Group g, boolean repair,
                                      List<String> notes) {
        String label = prefix.isEmpty() ? null : "'" + prefix.substring(0, prefix.length() - 1) + "' (NIRGraph)";
        Node nodesNode = g.getChild("nodes");
        if (nodesNode == null || !nodesNode.isGroup()) {
            throw new NirFormatException(source, label, "a NIRGraph needs a 'nodes' group");
        }
        List<NirNode> nodes = new ArrayList<>();
        for (Map.Entry<String, Node> e : ((Group) nodesNode).getChildren().entrySet()) {
            if (!e.getValue().isGroup()) {
                throw new NirFormatException(source, NodeRules.label(prefix, e.getKey(), null),
                        "is a dataset, not a node group");
            }
            nodes.add(readNode(source, prefix, e.getKey(), (Group) e.getValue(), repair, notes));
        }
        Node edgesNode = g.getChild("edges");
        if (edgesNode == null || edgesNode.isGroup()) {
            throw new NirFormatException(source, label, "a NIRGraph needs an 'edges' dataset");
        }
        List<NirEdge> edges = readEdges(source, label, toArray(source, label, "edges", (Dataset) edgesNode));
        return NirGraph.build(source, prefix, version, nodes, edges, readMetadata(source, label, g), repair, notes);
    }

    private static List<NirEdge> readEdges(String source, String label, NirArray a) {
        List<NirEdge> edges = new ArrayList<>();
        if (a.size() == 0) {
            return edges; // nir writes an empty edge list as an empty float array
        }
        boolean pairs = a.dtype() == NirArray.DType.STRING
                && ((a.rank() == 2 && a.dim(1) == 2) || (a.rank() == 1 && a.dim(0) == 2));
        if (!pairs) {
            throw new NirFormatException(source, label, "'edges' must be an [n, 2] array of node names, is " + a);
        }
        for (int i = 0; i < a.size(); i += 2) {
            edges.add(new NirEdge(a.getString(i), a.getString(i + 1)));
        }
        return edges;
    }

    private static NirNode readNode(String source, String prefix, String name, Group g, boolean repair,
                                    List<String> notes) {
        String typeName = readType(source, prefix, name, g);
        NodeType type = NodeType.fromNirName(typeName);
        if (type == null) {
            throw new NirFormatException(source, NodeRules.label(prefix, name, null),
                    "unknown node type '" + typeName + "'");
        }
        String label = NodeRules.label(prefix, name, type);
        if (type == NodeType.NIR_GRAPH) {
            return NodeRules.createGraphNode(name, readGraph(source, prefix + name + ".", "", g, repair, notes));
        }
        Map<String, NirArray> metadata = readMetadata(source, label, g);
        Map<String, NirArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            String key = e.getKey();
            if (key.equals("type") || key.equals("metadata")) {
                continue;
            }
            collect(source, label, key, e.getValue(), params);
        }
        return NodeRules.create(source, prefix, name, type, params, metadata);
    }

    private static Map<String, NirArray> readMetadata(String source, String label, Group g) {
        Map<String, NirArray> out = new LinkedHashMap<>();
        Node m = g.getChild("metadata");
        if (m == null) {
            return out;
        }
        if (!m.isGroup()) {
            throw new NirFormatException(source, label, "'metadata' must be a group");
        }
        for (Map.Entry<String, Node> e : ((Group) m).getChildren().entrySet()) {
            collect(source, label, e.getKey(), e.getValue(), out);
        }
        return out;
    }

    /** A dataset under its key; a group's datasets under {@code key/child} (nested groups are rare in NIR files). */
    private static void collect(String source, String label, String key, Node n, Map<String, NirArray> out) {
        if (n.isGroup()) {
            for (Map.Entry<String, Node> e : ((Group) n).getChildren().entrySet()) {
                collect(source, label, key + "/" + e.getKey(), e.getValue(), out);
            }
        } else if (n instanceof Dataset) {
            out.put(key, toArray(source, label, key, (Dataset) n));
        } else {
            throw new NirFormatException(source, label, "'" + key + "' is neither a dataset nor a group");
        }
    }

    private static NirArray toArray(String source, String label, String key, Dataset ds) {
        Object flat;
        int[] shape;
        try {
            shape = ds.isScalar() ? new int[0] : ds.getDimensions();
            flat = ds.isEmpty() ? null : ds.getDataFlat();
        } catch (RuntimeException e) {
            throw new NirFormatException(source, label, "'" + key + "' cannot be read (" + firstLine(e) + ")", e);
        }
        if (flat == null || (flat.getClass().isArray() && Array.getLength(flat) == 0)) {
            int[] empty = shape.length > 0 && NodeRules.product(shape) == 0 ? shape : new int[] {0};
            if (ds.getJavaType() == String.class) {
                return NirArray.strings(empty);
            }
            return NirArray.float64(empty);
        }
        if (!flat.getClass().isArray()) {
            flat = wrap(flat);
        }
        try {
            return fromFlat(shape, flat);
        } catch (IllegalArgumentException e) {
            throw new NirFormatException(source, label, "'" + key + "' has an unsupported HDF5 type ("
                    + firstLine(e) + ")", e);
        }
    }

    private static Object wrap(Object scalar) {
        Object arr = Array.newInstance(unbox(scalar.getClass()), 1);
        Array.set(arr, 0, scalar);
        return arr;
    }

    private static Class<?> unbox(Class<?> c) {
        if (c == Float.class) {
            return float.class;
        } else if (c == Double.class) {
            return double.class;
        } else if (c == Byte.class) {
            return byte.class;
        } else if (c == Short.class) {
            return short.class;
        } else if (c == Integer.class) {
            return int.class;
        } else if (c == Long.class) {
            return long.class;
        } else if (c == Boolean.class) {
            return boolean.class;
        }
        return c;
    }

    private static NirArray fromFlat(int[] shape, Object flat) {
        if (flat instanceof float[]) {
            float[] f = (float[]) flat;
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return NirArray.float32(shape, d);
        }
        if (flat instanceof double[]) {
            return NirArray.float64(shape, (double[]) flat);
        }
        if (flat instanceof byte[]) {
            byte[] b = (byte[]) flat;
            long[] l = new long[b.length];
            for (int i = 0; i < b.length; i++) {
                l[i] = b[i];
            }
            return NirArray.ints(NirArray.DType.INT8, shape, l);
        }
        if (flat instanceof short[]) {
            short[] s = (short[]) flat;
            long[] l = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                l[i] = s[i];
            }
            return NirArray.ints(NirArray.DType.INT16, shape, l);
        }
        if (flat instanceof int[]) {
            int[] s = (int[]) flat;
            long[] l = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                l[i] = s[i];
            }
            return NirArray.ints(NirArray.DType.INT32, shape, l);
        }
        if (flat instanceof long[]) {
            return NirArray.ints(NirArray.DType.INT64, shape, (long[]) flat);
        }
        if (flat instanceof boolean[]) {
            boolean[] b = (boolean[]) flat;
            long[] l = new long[b.length];
            for (int i = 0; i < b.length; i++) {
                l[i] = b[i] ? 1 : 0;
            }
            return NirArray.ints(NirArray.DType.BOOL, shape, l);
        }
        if (flat instanceof BigInteger[]) { // uint64
            BigInteger[] b = (BigInteger[]) flat;
            long[] l = new long[b.length];
            for (int i = 0; i < b.length; i++) {
                l[i] = b[i].longValueExact();
            }
            return NirArray.ints(NirArray.DType.INT64, shape, l);
        }
        if (flat instanceof Object[]) {
            Object[] o = (Object[]) flat;
            String[] s = new String[o.length];
            for (int i = 0; i < o.length; i++) {
                if (!(o[i] instanceof String)) {
                    throw new IllegalArgumentException("elements of type "
                            + (o[i] == null ? "null" : o[i].getClass().getSimpleName()));
                }
                s[i] = (String) o[i];
            }
            return NirArray.strings(shape, s);
        }
        throw new IllegalArgumentException("Java type " + flat.getClass().getSimpleName());
    }
}
