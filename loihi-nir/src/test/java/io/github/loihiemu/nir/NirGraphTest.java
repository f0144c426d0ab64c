package io.github.loihiemu.nir;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graphs built in Java: shape rules and inference by hand, nested endpoints, refusals. */
class NirGraphTest {

    static Map<String, NirArray> params(Object... kv) {
        Map<String, NirArray> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (NirArray) kv[i + 1]);
        }
        return m;
    }

    static NirNode input(String name, long... shape) {
        return NirNode.of(name, NodeType.INPUT, params("shape", NirArray.int64(shape)));
    }

    static NirNode output(String name, long... shape) {
        return NirNode.of(name, NodeType.OUTPUT, params("shape", NirArray.int64(shape)));
    }

    static NirArray zeros32(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return NirArray.float32(shape, new double[n]);
    }

    static List<NirEdge> chain(String... names) {
        NirEdge[] e = new NirEdge[names.length - 1];
        for (int i = 0; i < e.length; i++) {
            e[i] = new NirEdge(names[i], names[i + 1]);
        }
        return List.of(e);
    }

    /** Input [2,34,34] -> Conv2d 16x2x5x5 stride 2 pad 1 -> SumPool2d 2/2 -> Flatten -> Affine 10x1024 -> Output. */
    @Test
    void convPoolFlattenShapesAreInferredAlongTheEdges() {
        NirNode conv = NirNode.of("conv", NodeType.CONV2D, params("weight", zeros32(16, 2, 5, 5),
                "stride", NirArray.int64(2, 2), "padding", NirArray.int64(1, 1), "dilation", NirArray.int64(1, 1),
                "groups", NirArray.scalarInt64(1), "bias", zeros32(16)));
        assertNull(conv.inputShape()); // no input_shape: inferred in the graph
        NirNode pool = NirNode.of("pool", NodeType.SUM_POOL2D, params("kernel_size", NirArray.int64(2, 2),
                "stride", NirArray.int64(2, 2), "padding", NirArray.int64(0, 0)));
        NirNode flat = NirNode.of("flat", NodeType.FLATTEN, params("start_dim", NirArray.scalarInt64(0),
                "end_dim", NirArray.scalarInt64(-1)));
        NirNode fc = NirNode.of("fc", NodeType.AFFINE, params("weight", zeros32(10, 1024), "bias", zeros32(10)));
        NirGraph g = NirGraph.of(List.of(input("in", 2, 34, 34), conv, pool, flat, fc, output("out", 10)),
                chain("in", "conv", "pool", "flat", "fc", "out"));
        // (34 + 2*1 - 1*(5-1) - 1) / 2 + 1 = 16 (floor); pool (16 - 2) / 2 + 1 = 8; 16*8*8 = 1024
        assertArrayEquals(new int[] {2, 34, 34}, g.node("conv").inputShape());
        assertArrayEquals(new int[] {16, 16, 16}, g.node("conv").outputShape());
        assertArrayEquals(new int[] {16, 8, 8}, g.node("pool").outputShape());
        assertArrayEquals(new int[] {1024}, g.node("flat").outputShape());
        assertArrayEquals(new int[] {10}, g.node("fc").outputShape());
        assertEquals(List.of("in"), g.inputNames());
        assertEquals(List.of("out"), g.outputNames());
        assertEquals(List.of("pool"), g.successors("conv"));
        assertEquals(List.of("conv"), g.predecessors("pool"));
    }

    @Test
    void flattenWithStartDimKeepsLeadingDimensions() {
        NirNode flat = NirNode.of("flat", NodeType.FLATTEN, params("start_dim", NirArray.scalarInt64(1),
                "end_dim", NirArray.scalarInt64(-1), "input_type", NirArray.int64(4, 3, 5)));
        assertArrayEquals(new int[] {4, 3, 5}, flat.inputShape());
        assertArrayEquals(new int[] {4, 15}, flat.outputShape());
    }

    @Test
    void convWithSamePaddingAndGroups() {
        NirNode conv = NirNode.of("c", NodeType.CONV1D, params("weight", zeros32(6, 2, 3),
                "stride", NirArray.scalarInt64(1), "padding", NirArray.string("same"),
                "dilation", NirArray.scalarInt64(1), "groups", NirArray.scalarInt64(3), "bias", zeros32(6),
                "input_shape", NirArray.scalarInt64(20)));
        assertArrayEquals(new int[] {6, 20}, conv.inputShape()); // C_in = 2 per group * 3 groups
        assertArrayEquals(new int[] {6, 20}, conv.outputShape());
    }

    @Test
    void recurrentEdgesAndNestedGraphEndpoints() {
        NirNode lif = NirNode.of("lif", NodeType.CUBA_LIF, params("tau_mem", NirArray.float32(0.02, 0.02),
                "tau_syn", NirArray.float32(0.005, 0.005), "r", NirArray.float32(1, 1),
                "v_leak", NirArray.float32(0, 0), "v_threshold", NirArray.float32(1, 1)));
        NirNode rec = NirNode.of("rec", NodeType.LINEAR, params("weight", zeros32(2, 2)));
        NirGraph inner = NirGraph.of(List.of(input("input", 2), lif, rec, output("output", 2)),
                List.of(new NirEdge("input", "lif"), new NirEdge("lif", "rec"), new NirEdge("rec", "lif"),
                        new NirEdge("lif", "output")));
        NirNode sub = NirNode.graph("sub", inner);
        assertArrayEquals(new int[] {2}, sub.inputShape());
        NirGraph g = NirGraph.of(List.of(input("in", 2), sub, output("out", 2)),
                List.of(new NirEdge("in", "sub.input"), new NirEdge("sub", "out")));
        assertEquals(NodeType.CUBA_LIF, g.find("sub.lif").type());
        assertArrayEquals(new double[] {0, 0}, g.find("sub.lif").parameterOr("v_reset", 0));
        assertArrayEquals(new double[] {1, 1}, g.find("sub.lif").parameterOr("w_in", 1));
        assertNull(g.find("sub.nothing"));
    }

    @Test
    void refusals() {
        NirFormatException dup = assertThrows(NirFormatException.class,
                () -> NirGraph.of(List.of(input("a", 1), output("a", 1)), List.of()));
        assertEquals("graph: node 'a' (Output): two nodes have this name", dup.getMessage());

        NirFormatException bias = assertThrows(NirFormatException.class, () -> NirNode.of("fc", NodeType.AFFINE,
                params("weight", zeros32(3, 2), "bias", zeros32(2))));
        assertEquals("graph: node 'fc' (Affine): parameter 'bias' has shape [2], the output is [3]", bias.getMessage());

        NirFormatException pool = assertThrows(NirFormatException.class, () -> NirGraph.of(
                List.of(input("in", 4), NirNode.of("p", NodeType.AVG_POOL2D, params("kernel_size",
                        NirArray.int64(2, 2), "stride", NirArray.int64(2, 2), "padding", NirArray.int64(0, 0)))),
                chain("in", "p")));
        assertEquals("graph: node 'p' (AvgPool2d): takes [C, H, W], an edge brings [4]", pool.getMessage());

        NirFormatException stride = assertThrows(NirFormatException.class, () -> NirNode.of("c", NodeType.CONV1D,
                params("weight", zeros32(1, 1, 3), "stride", NirArray.scalarInt64(0), "padding",
                        NirArray.scalarInt64(0), "dilation", NirArray.scalarInt64(1), "groups",
                        NirArray.scalarInt64(1), "bias", zeros32(1))));
        assertEquals("graph: node 'c' (Conv1d): parameter 'stride' must be >= 1, holds 0", stride.getMessage());

        NirNode two = NirNode.graph("two", NirGraph.of(List.of(input("a", 1), input("b", 1), output("o", 1)),
                List.of(new NirEdge("a", "o"), new NirEdge("b", "o"))));
        NirFormatException multi = assertThrows(NirFormatException.class,
                () -> NirGraph.of(List.of(input("in", 1), two), chain("in", "two")));
        assertTrue(multi.getMessage().endsWith("nested graph 'two' has 2 Input nodes; name one as 'two.NODE'"),
                multi.getMessage());
    }

    @Test
    void arraysKeepTheirElementType() {
        assertEquals(NirArray.float32(1.5), NirArray.float32(1.5));
        assertTrue(!NirArray.float32(1.5).equals(NirArray.float64(1.5)));
        assertEquals("float32[2] {0.10000000149011612, 2.0}", NirArray.float32(0.1, 2).toString());
        assertThrows(IllegalArgumentException.class, () -> NirArray.ints(NirArray.DType.INT8, new int[] {1}, 300));
        assertThrows(IllegalArgumentException.class, () -> NirArray.float64(new int[] {2, 2}, 1, 2, 3));
    }
}
