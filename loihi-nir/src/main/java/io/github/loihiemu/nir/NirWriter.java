package io.github.loihiemu.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link NirGraph} as a {@code .nir} file in the layout {@code nir/serialization.py} reads: a {@code version}
 * string and a {@code node} group at the root; per node a {@code type} string, one dataset per parameter with the
 * parameter's element type and shape (scalars as scalar datasets), a {@code metadata} group when there is metadata;
 * per graph a {@code nodes} group and an {@code edges} dataset of [n, 2] names. Strings are fixed-length UTF-8, which
 * h5py reads as bytes exactly as it reads the variable-length strings h5py itself writes. Datasets are stored
 * contiguous, without the gzip filter the Python writer applies by default (readers do not need it).
 *
 * <p>A Conv1d or Conv2d node without {@code input_shape} gets one written from its inferred input shape, because
 * {@code nir.read} requires it. jhdf writes no empty datasets, so a graph without edges or with an empty parameter is
 * refused before the file is opened.
 */
public final class NirWriter {

    /** The version written for a graph that records none (one built in Java): the NIR release whose layout this is. */
    public static final String DEFAULT_VERSION = "1.0.0";

    private NirWriter() {
    }

    /**
     * Writes {@code graph} to {@code file}, replacing it.
     *
     * @throws UncheckedIOException     if the file cannot be written
     * @throws IllegalArgumentException if a graph has no edges or an array is empty (jhdf cannot write those)
     */
    public static void write(NirGraph graph, Path file) {
        checkWritable(graph, "");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("version", graph.version().isEmpty() ? DEFAULT_VERSION : graph.version());
            writeGraph(hdf.putGroup("node"), graph);
        }
    }

    /** jhdf 0.13 cannot write an empty dataset: refuse before a half-written file exists. */
    private static void checkWritable(NirGraph graph, String prefix) {
        if (graph.edges().isEmpty()) {
            throw new IllegalArgumentException("graph " + (prefix.isEmpty() ? "" : "'" + prefix.substring(0,
                    prefix.length() - 1) + "' ") + "has no edges: an empty 'edges' dataset cannot be written"
                    + " (jhdf writes no empty datasets)");
        }
        for (NirNode n : graph.nodes().values()) {
            if (n.isGraph()) {
                checkWritable(n.graph(), prefix + n.name() + ".");
                continue;
            }
            for (Map<String, NirArray> m : List.of(n.parameters(), n.metadata())) {
                for (Map.Entry<String, NirArray> e : m.entrySet()) {
                    if (e.getValue().size() == 0) {
                        throw new IllegalArgumentException("node '" + prefix + n.name() + "': '" + e.getKey()
                                + "' is empty and cannot be written (jhdf writes no empty datasets)");
                    }
                }
            }
        }
    }

    private static void writeGraph(WritableGroup g, NirGraph graph) {
        g.putDataset("type", NodeType.NIR_GRAPH.nirName());
        WritableGroup nodes = g.putGroup("nodes");
        for (NirNode n : graph.nodes().values()) {
            WritableGroup ng = nodes.putGroup(n.name());
            if (n.isGraph()) {
                writeGraph(ng, n.graph()); // with the graph's metadata, which is the node's
            } else {
                ng.putDataset("type", n.type().nirName());
                putAll(ng, n.parameters());
                boolean conv = n.type() == NodeType.CONV1D || n.type() == NodeType.CONV2D;
                if (conv && !n.hasParameter("input_shape")) {
                    // nir.read requires it; the graph knows it: the spatial part of the inferred input shape
                    int[] in = n.inputShape();
                    long[] spatial = new long[in.length - 1];
                    for (int i = 1; i < in.length; i++) {
                        spatial[i - 1] = in[i];
                    }
                    ng.putDataset("input_shape", spatial.length == 1 ? (Object) spatial[0] : spatial);
                }
                writeMetadata(ng, n.metadata());
            }
        }
        List<NirEdge> edges = graph.edges();
        String[][] e = new String[edges.size()][2];
        for (int i = 0; i < e.length; i++) {
            e[i][0] = edges.get(i).source();
            e[i][1] = edges.get(i).target();
        }
        g.putDataset("edges", e);
        writeMetadata(g, graph.metadata());
    }

    private static void writeMetadata(WritableGroup g, Map<String, NirArray> metadata) {
        if (!metadata.isEmpty()) {
            putAll(g.putGroup("metadata"), metadata);
        }
    }

    /** Writes each array under its key; a key {@code a/b} goes to dataset b in group a. */
    private static void putAll(WritableGroup g, Map<String, NirArray> arrays) {
        for (Map.Entry<String, NirArray> e : arrays.entrySet()) {
            String key = e.getKey();
            WritableGroup target = g;
            int slash;
            while ((slash = key.indexOf('/')) > 0) {
                String part = key.substring(0, slash);
                Node existing = target.getChild(part);
                target = existing instanceof WritableGroup ? (WritableGroup) existing : target.putGroup(part);
                key = key.substring(slash + 1);
            }
            target.putDataset(key, toJava(e.getValue()));
        }
    }

    /** A boxed scalar for a 0-dimensional array, otherwise a nested Java array of the element type. */
    static Object toJava(NirArray a) {
        int[] shape = a.shape();
        if (shape.length == 0) {
            return element(a, 0);
        }
        Object out = Array.newInstance(component(a.dtype()), shape);
        fill(out, a, shape, 0, 0);
        return out;
    }

    private static int fill(Object arr, NirArray a, int[] shape, int dim, int offset) {
        int n = shape[dim];
        if (dim == shape.length - 1) {
            for (int i = 0; i < n; i++) {
                Array.set(arr, i, element(a, offset + i));
            }
            return offset + n;
        }
        for (int i = 0; i < n; i++) {
            offset = fill(Array.get(arr, i), a, shape, dim + 1, offset);
        }
        return offset;
    }

    private static Object element(NirArray a, int i) {
        switch (a.dtype()) {
            case FLOAT32: return (float) a.getDouble(i);
            case FLOAT64: return a.getDouble(i);
            case INT8: return (byte) a.getLong(i);
            case INT16: return (short) a.getLong(i);
            case INT32: return (int) a.getLong(i);
            case INT64: return a.getLong(i);
            case BOOL: return a.getLong(i) != 0;
            case STRING: return a.getString(i);
            default: throw new IllegalStateException(a.dtype().toString());
        }
    }

    private static Class<?> component(NirArray.DType t) {
        switch (t) {
            case FLOAT32: return float.class;
            case FLOAT64: return double.class;
            case INT8: return byte.class;
            case INT16: return short.class;
            case INT32: return int.class;
            case INT64: return long.class;
            case BOOL: return boolean.class;
            case STRING: return String.class;
            default: throw new IllegalStateException(t.toString());
        }
    }
}
