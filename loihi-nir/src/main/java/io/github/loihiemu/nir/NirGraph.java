package io.github.loihiemu.nir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable NIR graph: named {@link NirNode}s (in file order), directed {@link NirEdge}s, metadata and, for a
 * graph read from a file, the NIR version the file records. Building one checks it as NIR's type check does: every
 * edge names existing nodes, shapes that NIR infers along edges are inferred, and along every edge the source's
 * output shape equals the target's input shape (several edges into one node add up, so each must match). Recurrent
 * edges and self-loops are allowed.
 *
 * <p>An edge endpoint names a node of this graph; where no node has that exact name, {@code g.x} names node
 * {@code x} of the nested graph {@code g}. A nested graph node named directly stands for its single Input node (as a
 * target) or its single Output node (as a source).
 */
public final class NirGraph {

    private final String version;
    private final Map<String, NirNode> nodes;
    private final List<NirEdge> edges;
    private final Map<String, NirArray> metadata;
    private final List<String> notes;

    private NirGraph(String version, Map<String, NirNode> nodes, List<NirEdge> edges,
                     Map<String, NirArray> metadata, List<String> notes) {
        this.version = version;
        this.nodes = Collections.unmodifiableMap(nodes);
        this.edges = List.copyOf(edges);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.notes = List.copyOf(notes);
    }

    /**
     * A graph of the given nodes and edges, without metadata or version.
     *
     * @throws NirFormatException if an edge names an unknown node, a shape cannot be inferred or shapes do not chain
     */
    public static NirGraph of(List<NirNode> nodes, List<NirEdge> edges) {
        return of(nodes, edges, Map.of());
    }

    /**
     * A graph of the given nodes, edges and metadata.
     *
     * @throws NirFormatException if an edge names an unknown node, a shape cannot be inferred or shapes do not chain
     */
    public static NirGraph of(List<NirNode> nodes, List<NirEdge> edges, Map<String, NirArray> metadata) {
        return build("graph", "", "", nodes, edges, metadata, false, new ArrayList<>());
    }

    /** This graph with the given NIR version string (written to the file's {@code version} dataset). */
    public NirGraph withVersion(String newVersion) {
        return new NirGraph(Objects.requireNonNull(newVersion), new LinkedHashMap<>(nodes), edges, metadata, notes);
    }

    /**
     * Checks and builds a graph.
     *
     * @param repair whether to apply the documented repair of a dangling edge name (see {@link NirReader.Mode})
     * @param notes  collects a line for every shape accepted as equal up to size-1 dimensions and every repair;
     *               shared with the nested graphs, the top-level graph keeps them all
     */
    static NirGraph build(String source, String prefix, String version, List<NirNode> nodeList, List<NirEdge> edges,
                          Map<String, NirArray> metadata, boolean repair, List<String> notes) {
        Map<String, NirNode> byName = new LinkedHashMap<>();
        for (NirNode n : nodeList) {
            if (byName.put(n.name(), n) != null) {
                throw new NirFormatException(source, NodeRules.label(prefix, n.name(), n.type()),
                        "two nodes have this name");
            }
        }
        Map<String, int[]> in = new HashMap<>();
        Map<String, int[]> out = new HashMap<>();
        for (NirNode n : byName.values()) {
            in.put(n.name(), n.inputShape());
            out.put(n.name(), n.outputShape());
        }
        String hint = "";
        if (repair) {
            edges = repairDanglingName(source, prefix, byName, edges, notes);
        } else if (repairDanglingName(source, prefix, byName, edges, new ArrayList<>()) != edges) {
            hint = " (NirReader.Mode.REPAIR would take it as the only node no edge names)";
        }
        // resolve endpoints once
        List<Endpoint> sources = new ArrayList<>();
        List<Endpoint> targets = new ArrayList<>();
        for (NirEdge e : edges) {
            sources.add(resolve(source, prefix, byName, e, e.source(), hint));
            targets.add(resolve(source, prefix, byName, e, e.target(), hint));
        }
        // infer shapes along edges until nothing changes
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < edges.size(); i++) {
                Endpoint t = targets.get(i);
                if (t.nested != null || in.get(t.top) != null) {
                    continue;
                }
                NirNode target = byName.get(t.top);
                if (!NodeRules.infersFromInput(target)) {
                    continue;
                }
                int[] s = sources.get(i).shape(out, true);
                if (s == null) {
                    continue;
                }
                in.put(t.top, s);
                out.put(t.top, NodeRules.inferOutput(source, prefix, target, s));
                changed = true;
            }
        }
        for (NirNode n : byName.values()) {
            if (NodeRules.infersFromInput(n) && in.get(n.name()) == null) {
                throw new NirFormatException(source, NodeRules.label(prefix, n.name(), n.type()),
                        "its shape cannot be inferred: no edge brings it a known shape");
            }
        }
        for (int i = 0; i < edges.size(); i++) {
            NirEdge e = edges.get(i);
            int[] so = sources.get(i).shape(out, true);
            int[] ti = targets.get(i).shape(in, false);
            if (so == null || ti == null) {
                Endpoint bad = so == null ? sources.get(i) : targets.get(i);
                NirNode g = byName.get(bad.top);
                String which = so == null ? "Output" : "Input";
                int count = so == null ? g.graph().outputNames().size() : g.graph().inputNames().size();
                throw new NirFormatException(source, null, "edge '" + prefix + e.source() + "' -> '" + prefix
                        + e.target() + "': nested graph '" + prefix + bad.top + "' has " + count + " " + which
                        + " nodes; name one as '" + bad.top + ".NODE'");
            }
            if (!Arrays.equals(so, ti) && Arrays.equals(squeeze(so), squeeze(ti))) {
                notes.add("edge '" + prefix + e.source() + "' -> '" + prefix + e.target() + "': shapes "
                        + Arrays.toString(so) + " and " + Arrays.toString(ti)
                        + " differ only in dimensions of size 1; taken as equal");
            } else if (!Arrays.equals(so, ti)) {
                throw new NirFormatException(source, null, "edge '" + prefix + e.source() + "' -> '" + prefix
                        + e.target() + "': shapes do not chain: '" + e.source() + "' (" + sources.get(i).typeName()
                        + ") gives " + Arrays.toString(so) + ", '" + e.target() + "' (" + targets.get(i).typeName()
                        + ") takes " + Arrays.toString(ti));
            }
        }
        Map<String, NirNode> shaped = new LinkedHashMap<>();
        for (NirNode n : byName.values()) {
            shaped.put(n.name(), n.isGraph() ? n : n.withShapes(in.get(n.name()), out.get(n.name())));
        }
        return new NirGraph(version, shaped, edges, metadata, prefix.isEmpty() ? notes : List.of());
    }

    private static int[] squeeze(int[] shape) {
        return Arrays.stream(shape).filter(d -> d != 1).toArray();
    }

    /**
     * The one repair {@link NirReader.Mode#REPAIR} makes: if the edges of this graph name exactly one name that is no
     * node, and exactly one node is named by no edge, the name is taken to mean that node (the NIR paper's
     * braille_*_subgraph.nir names its nested CubaLIF node "lif1" and its edges "lif").
     */
    private static List<NirEdge> repairDanglingName(String source, String prefix, Map<String, NirNode> byName,
                                                    List<NirEdge> edges, List<String> notes) {
        java.util.Set<String> unknown = new java.util.LinkedHashSet<>();
        java.util.Set<String> unnamed = new java.util.LinkedHashSet<>(byName.keySet());
        for (NirEdge e : edges) {
            for (String ref : List.of(e.source(), e.target())) {
                if (byName.containsKey(ref)) {
                    unnamed.remove(ref);
                } else if (nestedOwner(byName, ref) == null) {
                    unknown.add(ref);
                } else {
                    unnamed.remove(nestedOwner(byName, ref));
                }
            }
        }
        if (unknown.size() != 1 || unnamed.size() != 1) {
            return edges;
        }
        String bad = unknown.iterator().next();
        String node = unnamed.iterator().next();
        notes.add("edges name '" + prefix + bad + "', which is no node; repaired to '" + prefix + node
                + "', the only node no edge names");
        List<NirEdge> fixed = new ArrayList<>();
        for (NirEdge e : edges) {
            fixed.add(new NirEdge(e.source().equals(bad) ? node : e.source(), e.target().equals(bad) ? node
                    : e.target()));
        }
        return fixed;
    }

    /** The nested graph node that {@code ref} ({@code g.x}) points into, or {@code null}. */
    private static String nestedOwner(Map<String, NirNode> byName, String ref) {
        for (int dot = ref.indexOf('.'); dot > 0; dot = ref.indexOf('.', dot + 1)) {
            NirNode g = byName.get(ref.substring(0, dot));
            if (g != null && g.isGraph() && g.graph().find(ref.substring(dot + 1)) != null) {
                return g.name();
            }
        }
        return null;
    }

    /** An edge endpoint: a node of this graph, or a node inside a nested graph (whose shapes are already known). */
    private static final class Endpoint {
        final String top;
        final NirNode nested;
        final NirNode topNode;

        Endpoint(String top, NirNode topNode, NirNode nested) {
            this.top = top;
            this.topNode = topNode;
            this.nested = nested;
        }

        int[] shape(Map<String, int[]> shapes, boolean output) {
            if (nested != null) {
                return output ? nested.outputShape() : nested.inputShape();
            }
            return shapes.get(top);
        }

        String typeName() {
            return (nested != null ? nested : topNode).type().nirName();
        }
    }

    private static Endpoint resolve(String source, String prefix, Map<String, NirNode> byName, NirEdge e,
                                    String ref, String hint) {
        NirNode direct = byName.get(ref);
        if (direct != null) {
            return new Endpoint(ref, direct, null);
        }
        for (int dot = ref.indexOf('.'); dot > 0; dot = ref.indexOf('.', dot + 1)) {
            NirNode g = byName.get(ref.substring(0, dot));
            if (g != null && g.isGraph()) {
                NirNode inner = g.graph().find(ref.substring(dot + 1));
                if (inner != null) {
                    return new Endpoint(g.name(), g, inner);
                }
            }
        }
        throw new NirFormatException(source, null, "edge '" + prefix + e.source() + "' -> '" + prefix + e.target()
                + "': no node named '" + prefix + ref + "'" + hint);
    }

    /** The node at {@code path} ({@code name}, or {@code graph.name} inside nested graphs), or {@code null}. */
    public NirNode find(String path) {
        NirNode direct = nodes.get(path);
        if (direct != null) {
            return direct;
        }
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            NirNode g = nodes.get(path.substring(0, dot));
            if (g != null && g.isGraph()) {
                NirNode inner = g.graph().find(path.substring(dot + 1));
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** The NIR version recorded in the file ({@code ""} for a nested graph or one built in Java). */
    public String version() {
        return version;
    }

    /**
     * What reading or building accepted or repaired, one line each, nested graphs included (a graph built or read
     * without either has none): shapes taken as equal because they differ only in dimensions of size 1, and the
     * repair of {@link NirReader.Mode#REPAIR}. Not part of {@link #equals}.
     */
    public List<String> notes() {
        return notes;
    }

    /** The nodes by name, in file order. */
    public Map<String, NirNode> nodes() {
        return nodes;
    }

    /**
     * The node with this name.
     *
     * @throws IllegalArgumentException if there is none
     */
    public NirNode node(String name) {
        NirNode n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node named '" + name + "'");
        }
        return n;
    }

    /** The edges, in file order. */
    public List<NirEdge> edges() {
        return edges;
    }

    /** The graph's metadata. */
    public Map<String, NirArray> metadata() {
        return metadata;
    }

    /** Names of the Input nodes, in file order. */
    public List<String> inputNames() {
        return namesOf(NodeType.INPUT);
    }

    /** Names of the Output nodes, in file order. */
    public List<String> outputNames() {
        return namesOf(NodeType.OUTPUT);
    }

    private List<String> namesOf(NodeType type) {
        List<String> out = new ArrayList<>();
        for (NirNode n : nodes.values()) {
            if (n.type() == type) {
                out.add(n.name());
            }
        }
        return out;
    }

    /** Sources of the edges into {@code name}, in edge order. */
    public List<String> predecessors(String name) {
        List<String> out = new ArrayList<>();
        for (NirEdge e : edges) {
            if (e.target().equals(name)) {
                out.add(e.source());
            }
        }
        return out;
    }

    /** Targets of the edges out of {@code name}, in edge order. */
    public List<String> successors(String name) {
        List<String> out = new ArrayList<>();
        for (NirEdge e : edges) {
            if (e.source().equals(name)) {
                out.add(e.target());
            }
        }
        return out;
    }

    /** Equal nodes (name, type, parameters with their element types, metadata, shapes), edges in order, metadata
     * and version. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NirGraph)) {
            return false;
        }
        NirGraph g = (NirGraph) o;
        return version.equals(g.version) && nodes.equals(g.nodes) && edges.equals(g.edges)
                && metadata.equals(g.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, nodes, edges, metadata);
    }

    /** One line per node and per edge, nested graphs indented. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        describe(sb, "");
        return sb.toString();
    }

    private void describe(StringBuilder sb, String indent) {
        for (NirNode n : nodes.values()) {
            sb.append(indent).append(n).append('\n');
            if (n.isGraph()) {
                n.graph().describe(sb, indent + "  ");
            }
        }
        for (NirEdge e : edges) {
            sb.append(indent).append(e).append('\n');
        }
    }
}
