package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.mapping.CoreLayout;
import io.github.loihiemu.core.mapping.Limits;
import io.github.loihiemu.core.mapping.MappingPlan;

import java.util.List;
import java.util.Locale;

/**
 * What a graph is and what it takes on the chip: its nodes and edges, the cores and chips its mapping occupies,
 * each core's resources against the chip's limits ({@link Limits}), and the {@link QuantisationReport}.
 */
public final class NirInfo {
    private final NirGraph graph;
    private final NirMapping mapping;
    private final MappingPlan plan;
    private final NirTimestep timestep;

    private NirInfo(NirGraph graph, NirMapping mapping, MappingPlan plan, NirTimestep timestep) {
        this.graph = graph;
        this.mapping = mapping;
        this.plan = plan;
        this.timestep = timestep;
    }

    /**
     * Maps the graph and places the network on cores (the board is compiled and closed; nothing runs).
     *
     * @throws NirMappingException if the chip cannot express the graph
     */
    public static NirInfo of(NirGraph graph, MapOptions options, BoardConfig config) {
        return of(graph, options.vThMant(), new NirTimestep(options.dt(), NirTimestep.Source.GIVEN), config);
    }

    /**
     * Maps the graph at {@code timestep} (which the description names with its source, see
     * {@link NirTimestep#choose}) and places the network on cores.
     *
     * @throws NirMappingException if the chip cannot express the graph
     */
    public static NirInfo of(NirGraph graph, int vThMant, NirTimestep timestep, BoardConfig config) {
        NirMapping m = NirMapper.map(graph, new MapOptions(timestep.dt(), vThMant));
        try (Board board = Board.compile(m.network(), m.boardConfig(config))) {
            return new NirInfo(graph, m, board.plan(), timestep);
        }
    }

    /** The timestep of the mapping and where it came from. */
    public NirTimestep timestep() {
        return timestep;
    }

    /** The mapping. */
    public NirMapping mapping() {
        return mapping;
    }

    /** The placement on cores. */
    public MappingPlan plan() {
        return plan;
    }

    private static String pct(long used, long limit) {
        return String.format(Locale.ROOT, "%d (%.1f %%)", used, 100.0 * used / limit);
    }

    /** The whole description, for people. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "NIR %s graph: %d nodes, %d edges%n", graph.version(),
                graph.nodes().size(), graph.edges().size()));
        for (String note : graph.notes()) {
            s.append("note: ").append(note).append('\n');
        }
        appendNodes(s, graph, "  ");
        s.append(String.format(Locale.ROOT, "%nmapped at dt = %s: %d neuron node(s), %d input(s), %d compartment "
                        + "group(s), %d connection(s); %d core(s) on %d chip(s)%n", timestep,
                mapping.neurons().size(), mapping.inputs().size(), mapping.network().groups().size(),
                mapping.network().connections().size(), plan.coreCount(), plan.chipCount()));
        s.append(String.format(Locale.ROOT, "%-6s %-18s %-18s %-18s %-22s%n", "core", "compartments",
                "input axons", "output axons", "synapse bits"));
        for (int c = 0; c < plan.coreCount(); c++) {
            CoreLayout.ResourceUsage u = plan.core(c).usage();
            s.append(String.format(Locale.ROOT, "%-6d %-18s %-18s %-18s %-22s%n", plan.core(c).id(),
                    pct(u.compartments(), Limits.COMPARTMENTS_PER_CORE), pct(u.inputAxons(),
                            Limits.INPUT_AXONS_PER_CORE), pct(u.outputAxons(), Limits.OUTPUT_AXONS_PER_CORE),
                    pct(u.synapseBits(), Limits.SYNAPSE_BITS_PER_CORE)));
        }
        s.append(String.format(Locale.ROOT, "limits per core: %d compartments, %d input axons, %d output axons, %d "
                        + "synapse bits; %d cores per chip%n%n", Limits.COMPARTMENTS_PER_CORE,
                Limits.INPUT_AXONS_PER_CORE, Limits.OUTPUT_AXONS_PER_CORE, Limits.SYNAPSE_BITS_PER_CORE,
                Limits.CORES_PER_CHIP));
        s.append(mapping.report());
        return s.toString();
    }

    private static void appendNodes(StringBuilder s, NirGraph g, String indent) {
        for (NirNode n : g.nodes().values()) {
            s.append(indent).append(n).append('\n');
            if (n.isGraph()) {
                appendNodes(s, n.graph(), indent + "  ");
            }
        }
        List<NirEdge> edges = g.edges();
        for (NirEdge e : edges) {
            s.append(indent).append(e.source()).append(" -> ").append(e.target()).append('\n');
        }
    }
}
