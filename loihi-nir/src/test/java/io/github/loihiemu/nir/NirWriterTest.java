package io.github.loihiemu.nir;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static io.github.loihiemu.nir.NirGraphTest.chain;
import static io.github.loihiemu.nir.NirGraphTest.input;
import static io.github.loihiemu.nir.NirGraphTest.output;
import static io.github.loihiemu.nir.NirGraphTest.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Read, write, read again: the same graph, parameter element types and all. */
class NirWriterTest {

    @TempDir
    Path dir;

    static List<String> samples() {
        return NirSamplesTest.SAMPLES;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleRoundTrips(String sample) {
        NirGraph g = NirSamplesTest.load(sample);
        Path out = dir.resolve(sample);
        NirWriter.write(g, out);
        NirGraph back = NirReader.read(out);
        assertEquals(g, back);
        // and once more: a written file reads back to itself
        Path again = dir.resolve("again-" + sample);
        NirWriter.write(back, again);
        assertEquals(g, NirReader.read(again));
    }

    /** A graph built in Java with every node type, scalars, strings, metadata and a nested graph. */
    @Test
    void everyNodeTypeRoundTrips() {
        NirArray two = NirArray.float32(1, 1);
        NirNode lif = NirNode.of("lif", NodeType.LIF, params("tau", NirArray.float32(0.01, 0.02), "r", two,
                "v_leak", NirArray.float32(0, 0), "v_threshold", two, "v_reset", NirArray.float32(0, 0)),
                params("origin", NirArray.string("hand-made"), "seed", NirArray.scalarInt64(7)));
        NirNode cuba = NirNode.of("cuba", NodeType.CUBA_LIF, params("tau_mem", two, "tau_syn", two, "r", two,
                "v_leak", two, "v_threshold", two, "w_in", NirArray.float64(2.0)));
        NirNode li = NirNode.of("li", NodeType.LI, params("tau", two, "r", two, "v_leak", two));
        NirNode cli = NirNode.of("cli", NodeType.CUBA_LI, params("tau_mem", two, "tau_syn", two, "r", two,
                "v_leak", two));
        NirNode ifn = NirNode.of("if", NodeType.IF, params("r", two, "v_threshold", two));
        NirNode integ = NirNode.of("i", NodeType.I, params("r", two));
        NirNode thr = NirNode.of("thr", NodeType.THRESHOLD, params("threshold", two));
        NirNode delay = NirNode.of("delay", NodeType.DELAY, params("delay", NirArray.float32(1, 2)));
        NirNode scale = NirNode.of("scale", NodeType.SCALE, params("scale", NirArray.float64(0.5, 2)));
        NirNode aff = NirNode.of("aff", NodeType.AFFINE, params("weight", NirArray.float64(new int[] {2, 2},
                1, -2, 3.5, 4), "bias", NirArray.float64(0.25, -0.25)));
        NirNode lin = NirNode.of("lin", NodeType.LINEAR, params("weight", NirArray.ints(NirArray.DType.INT32,
                new int[] {8, 2}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)));
        NirNode conv1 = NirNode.of("conv1", NodeType.CONV1D, params("weight", NirArray.float32(new int[] {2, 2, 3},
                new double[12]), "stride", NirArray.scalarInt64(1), "padding", NirArray.string("same"),
                "dilation", NirArray.scalarInt64(1), "groups", NirArray.scalarInt64(1), "bias", NirArray.float32(0, 0),
                "input_shape", NirArray.scalarInt64(4)));
        NirNode flat = NirNode.of("flat", NodeType.FLATTEN, params("start_dim", NirArray.scalarInt64(0),
                "end_dim", NirArray.scalarInt64(-1), "input_type", NirArray.int64(2, 4)));
        NirNode reshape = NirNode.of("toimg", NodeType.LINEAR, params("weight", NirArray.float32(new int[] {16, 8},
                new double[128])));
        NirNode flat2 = NirNode.of("img", NodeType.FLATTEN, params("start_dim", NirArray.scalarInt64(0),
                "end_dim", NirArray.scalarInt64(0)));
        NirNode conv2 = NirNode.of("conv2", NodeType.CONV2D, params("weight", NirArray.float32(new int[] {1, 1, 1, 1},
                1), "stride", NirArray.int64(1, 1), "padding", NirArray.int64(0, 0), "dilation", NirArray.int64(1, 1),
                "groups", NirArray.scalarInt64(1), "bias", NirArray.float32(0)));
        NirNode sum = NirNode.of("sum", NodeType.SUM_POOL2D, params("kernel_size", NirArray.int64(2, 2),
                "stride", NirArray.int64(2, 2), "padding", NirArray.int64(0, 0)));
        NirNode avg = NirNode.of("avg", NodeType.AVG_POOL2D, params("kernel_size", NirArray.int64(1, 1),
                "stride", NirArray.int64(1, 1), "padding", NirArray.int64(0, 0)));
        NirGraph inner = NirGraph.of(List.of(input("input", 2), NirNode.of("w", NodeType.LINEAR,
                params("weight", NirArray.float32(new int[] {2, 2}, 0, 1, 1, 0))), output("output", 2)),
                chain("input", "w", "output"), params("note", NirArray.strings(new int[] {2}, "a", "b")));
        NirNode sub = NirNode.graph("sub", inner);
        // in -> lif -> cuba -> li -> cli -> if -> i -> thr -> delay -> scale -> aff -> sub -> conv1 (2x4)
        //    -> flat (8) -> lin (8x2 -> 8) ... keep shapes chaining
        NirNode lin8 = NirNode.of("lin8", NodeType.LINEAR, params("weight", NirArray.float32(new int[] {8, 8},
                new double[64])));
        NirGraph g = NirGraph.of(List.of(input("in", 2), lif, cuba, li, cli, ifn, integ, thr, delay, scale, aff,
                        sub, lin, conv1, flat, lin8, reshape, output("out", 16)),
                List.of(new NirEdge("in", "lif"), new NirEdge("lif", "cuba"), new NirEdge("cuba", "li"),
                        new NirEdge("li", "cli"), new NirEdge("cli", "if"), new NirEdge("if", "i"),
                        new NirEdge("i", "thr"), new NirEdge("thr", "delay"), new NirEdge("delay", "scale"),
                        new NirEdge("scale", "aff"), new NirEdge("aff", "sub.input"), new NirEdge("sub", "lif"),
                        new NirEdge("aff", "lin"), new NirEdge("flat", "lin8"), new NirEdge("lin8", "toimg"),
                        new NirEdge("toimg", "out")),
                params("title", NirArray.string("all node types")));
        // conv1 and the 2-D image part are checked on their own graph (their shapes do not chain with the above)
        NirGraph img = NirGraph.of(List.of(input("x", 16), flat2, output("y", 16)), chain("x", "img", "y"));
        NirGraph conv = NirGraph.of(List.of(input("x", 1, 4, 4), conv2, sum, avg, output("y", 1, 2, 2)),
                chain("x", "conv2", "sum", "avg", "y"));
        for (NirGraph graph : List.of(g.withVersion("0.5.0"), img,
                NirGraph.of(List.of(input("x", 2, 4), conv1, flat, output("y", 8)), chain("x", "conv1", "flat", "y")))) {
            Path p = dir.resolve("g.nir");
            NirWriter.write(graph, p);
            NirGraph back = NirReader.read(p);
            assertSameGraph(graph, back, "");
            assertEquals(graph.withVersion(graph.version().isEmpty() ? NirWriter.DEFAULT_VERSION : graph.version()),
                    back);
        }
        // a Conv2d without input_shape gets the inferred one written, because nir.read requires it
        Path p = dir.resolve("conv.nir");
        NirWriter.write(conv, p);
        NirGraph back = NirReader.read(p);
        assertEquals(NirArray.int64(4, 4), back.node("conv2").parameter("input_shape"));
        assertArrayEquals(conv.node("conv2").outputShape(), back.node("conv2").outputShape());
        assertEquals(conv.node("sum"), back.node("sum"));
    }

    /** jhdf cannot write an empty dataset: refused before any file exists. */
    @Test
    void graphWithoutEdgesIsRefused() {
        Path p = dir.resolve("lonely.nir");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NirWriter.write(NirGraph.of(List.of(input("x", 1)), List.of()), p));
        assertEquals("graph has no edges: an empty 'edges' dataset cannot be written (jhdf writes no empty datasets)",
                e.getMessage());
        assertFalse(java.nio.file.Files.exists(p));
    }

    /** Node by node, so that a difference is named. */
    static void assertSameGraph(NirGraph expected, NirGraph actual, String prefix) {
        assertEquals(expected.nodes().keySet(), actual.nodes().keySet(), prefix + "node names");
        for (NirNode n : expected.nodes().values()) {
            NirNode m = actual.node(n.name());
            String where = prefix + n.name();
            assertEquals(n.type(), m.type(), where);
            assertEquals(n.parameters(), m.parameters(), where + " parameters");
            assertEquals(n.metadata(), m.metadata(), where + " metadata");
            assertArrayEquals(n.inputShape(), m.inputShape(), where + " input shape");
            assertArrayEquals(n.outputShape(), m.outputShape(), where + " output shape");
            if (n.isGraph()) {
                assertSameGraph(n.graph(), m.graph(), where + ".");
            }
        }
        assertEquals(expected.edges(), actual.edges(), prefix + "edges");
        assertEquals(expected.metadata(), actual.metadata(), prefix + "metadata");
    }

    /** The layout nir/serialization.py reads: version and node at the root, type strings, [n, 2] edges. */
    @Test
    void layoutIsTheOneNirReads() {
        NirGraph g = NirGraph.of(List.of(input("in", 3), NirNode.of("fc", NodeType.LINEAR,
                params("weight", NirArray.float32(new int[] {2, 3}, 1, 2, 3, 4, 5, 6))), output("out", 2)),
                chain("in", "fc", "out"));
        Path p = dir.resolve("layout.nir");
        NirWriter.write(g, p);
        try (HdfFile f = new HdfFile(p)) {
            assertEquals(NirWriter.DEFAULT_VERSION, ((Dataset) f.getChild("version")).getData());
            assertEquals("NIRGraph", f.getDatasetByPath("node/type").getData());
            assertEquals("Linear", f.getDatasetByPath("node/nodes/fc/type").getData());
            Dataset w = f.getDatasetByPath("node/nodes/fc/weight");
            assertArrayEquals(new int[] {2, 3}, w.getDimensions());
            assertEquals(float.class, w.getJavaType());
            assertArrayEquals(new long[] {3}, (long[]) f.getDatasetByPath("node/nodes/in/shape").getData());
            String[][] edges = (String[][]) f.getDatasetByPath("node/edges").getData();
            assertArrayEquals(new String[][] {{"in", "fc"}, {"fc", "out"}}, edges);
        }
    }
}
