package io.github.loihiemu.nir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph with its nested graphs inlined: nodes by path ({@code g.x} for node x of nested graph g, in file order),
 * the predecessors of every path, and the Input and Output nodes of nested graphs, which pass their input through.
 * Shared by {@link NirMapper} and {@link NirFloatSimulator}, so that both name nodes alike.
 */
final class FlatGraph {

    final Map<String, NirNode> nodes = new LinkedHashMap<>();
    final Map<String, List<String>> preds = new HashMap<>();
    final Set<String> passThrough = new HashSet<>();

    private FlatGraph() {
    }

    static FlatGraph of(NirGraph g) {
        FlatGraph f = new FlatGraph();
        f.flatten(g, "", true);
        return f;
    }

    private void flatten(NirGraph g, String prefix, boolean top) {
        for (NirNode n : g.nodes().values()) {
            String path = prefix + n.name();
            if (n.isGraph()) {
                flatten(n.graph(), path + ".", false);
            } else {
                nodes.put(path, n);
                preds.put(path, new ArrayList<>());
                if (!top && (n.type() == NodeType.INPUT || n.type() == NodeType.OUTPUT)) {
                    passThrough.add(path);
                }
            }
        }
        for (NirEdge e : g.edges()) {
            preds.get(endpoint(g, prefix, e.target(), false)).add(endpoint(g, prefix, e.source(), true));
        }
    }

    /** The flat path an edge endpoint stands for (a nested graph named directly: its Output or Input node). */
    private static String endpoint(NirGraph g, String prefix, String ref, boolean asSource) {
        NirNode n = g.nodes().get(ref);
        if (n == null) {
            NirNode inner = g.find(ref);
            if (inner != null && inner.isGraph()) {
                throw new NirMappingException(null, "edge endpoint '" + prefix + ref
                        + "' names a graph inside a nested graph; name one of its nodes");
            }
            return prefix + ref; // "g.x": x inside nested graph g, inlined under the same path
        }
        if (n.isGraph()) {
            List<String> names = asSource ? n.graph().outputNames() : n.graph().inputNames();
            return prefix + ref + "." + names.get(0);
        }
        return prefix + ref;
    }

    /** A top-level Input node (a nested graph's Input passes through). */
    boolean isTopInput(String path) {
        return nodes.get(path).type() == NodeType.INPUT && !passThrough.contains(path);
    }

    /** A top-level Output node. */
    boolean isTopOutput(String path) {
        return nodes.get(path).type() == NodeType.OUTPUT && !passThrough.contains(path);
    }
}
