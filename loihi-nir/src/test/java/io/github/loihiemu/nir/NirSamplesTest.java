package io.github.loihiemu.nir;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NIR graphs other tools wrote (src/test/resources/nir-samples, README there) load with the listed node types and
 * shapes. They are read in {@link NirReader.Mode#REPAIR}: the subgraph variant of the Braille network needs its one
 * repair.
 */
class NirSamplesTest {

    static final List<String> SAMPLES = List.of("lif_norse.nir", "lif_rockpool.nir", "two_lif_neurons.nir",
            "braille_noDelay_bias_zero.nir", "braille_noDelay_bias_zero_subgraph.nir",
            "braille_noDelay_noBias_subtract.nir", "cnn_sinabs.nir");

    static NirGraph load(String sample) {
        try (InputStream in = NirSamplesTest.class.getResourceAsStream("/nir-samples/" + sample)) {
            assertNotNull(in, sample);
            return NirReader.read(in.readAllBytes(), sample, NirReader.Mode.REPAIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code name Type [in] -> [out]} per node in file order, nested graphs' nodes as {@code graph.name}. */
    static List<String> signature(NirGraph g, String prefix) {
        List<String> out = new ArrayList<>();
        for (NirNode n : g.nodes().values()) {
            out.add(prefix + n.name() + " " + n.type().nirName() + " " + Arrays.toString(n.inputShape()) + " -> "
                    + Arrays.toString(n.outputShape()));
            if (n.isGraph()) {
                out.addAll(signature(n.graph(), prefix + n.name() + "."));
            }
        }
        return out;
    }

    private static void check(String sample, String version, int edges, String... nodes) {
        NirGraph g = load(sample);
        assertEquals(version, g.version(), sample);
        assertEquals(List.of(nodes), signature(g, ""), sample);
        assertEquals(edges, g.edges().size(), sample);
    }

    @Test
    void lifNorse() {
        check("lif_norse.nir", "0.1.1", 3,
                "0 Affine [1] -> [1]", "1 LIF [1] -> [1]", "input Input [1] -> [1]", "output Output [1] -> [1]");
        NirNode lif = load("lif_norse.nir").node("1");
        assertEquals(0.0025, lif.parameter("tau").getDouble(0), 1e-9);
        assertEquals(NirArray.DType.FLOAT32, lif.parameter("tau").dtype());
        assertArrayEquals(new double[] {0}, lif.parameterOr("v_reset", 0)); // NIR 0.1 wrote no v_reset
        assertEquals(List.of(), load("lif_norse.nir").notes());
    }

    @Test
    void lifRockpoolHasAnOutputOfShape111() {
        check("lif_rockpool.nir", "0.2.0", 3, "0_LinearTorch Linear [1] -> [1]", "1_LIFNeuronTorch LIF [1] -> [1]",
                "input Input [1] -> [1]", "output Output [1, 1, 1] -> [1, 1, 1]");
        assertEquals(List.of("edge '1_LIFNeuronTorch' -> 'output': shapes [1] and [1, 1, 1] differ only in dimensions"
                + " of size 1; taken as equal"), load("lif_rockpool.nir").notes());
    }

    @Test
    void twoLifNeurons() {
        check("two_lif_neurons.nir", "0.2.0", 5, "in Input [1] -> [1]", "lif1 LIF [1] -> [1]", "lif2 LIF [1] -> [1]",
                "linear1 Linear [1] -> [1]", "linear2 Linear [1] -> [1]", "out Output [1] -> [1]");
        NirGraph g = load("two_lif_neurons.nir");
        assertEquals(List.of("linear1", "lif1", "linear2", "lif2", "out"),
                List.of(g.successors("in").get(0), g.successors("linear1").get(0), g.successors("lif1").get(0),
                        g.successors("linear2").get(0), g.successors("lif2").get(0)));
        assertEquals(NirArray.DType.FLOAT64, g.node("lif1").parameter("v_leak").dtype());
    }

    @Test
    void brailleWithBias() {
        check("braille_noDelay_bias_zero.nir", "0.2.0", 7, "fc1 Affine [12] -> [38]", "fc2 Affine [38] -> [7]",
                "input Input [12] -> [12]", "lif1.lif CubaLIF [38] -> [38]", "lif1.w_rec Affine [38] -> [38]",
                "lif2 CubaLIF [7] -> [7]", "output Output [7] -> [7]");
        NirGraph g = load("braille_noDelay_bias_zero.nir");
        assertEquals(List.of("fc1", "lif1.w_rec"), sorted(g.predecessors("lif1.lif")));
        assertEquals(List.of("fc2", "lif1.w_rec"), sorted(g.successors("lif1.lif")));
    }

    @Test
    void brailleSubgraphLoadsWithTheRepairOfItsDanglingEdgeName() {
        check("braille_noDelay_bias_zero_subgraph.nir", "0.2.0", 5, "fc1 Affine [12] -> [38]",
                "fc2 Affine [38] -> [7]", "input Input [12] -> [12]", "lif1 NIRGraph [38] -> [38]",
                "lif1.input Input [38] -> [38]", "lif1.lif1 CubaLIF [38] -> [38]", "lif1.lin Affine [38] -> [38]",
                "lif1.output Output [38] -> [38]", "lif2 CubaLIF [7] -> [7]", "output Output [7] -> [7]");
        NirGraph g = load("braille_noDelay_bias_zero_subgraph.nir");
        assertEquals(List.of("edges name 'lif1.lif', which is no node; repaired to 'lif1.lif1', the only node no edge"
                + " names"), g.notes());
        assertEquals(List.of(new NirEdge("input", "lif1"), new NirEdge("lif1", "lin"), new NirEdge("lin", "lif1"),
                new NirEdge("lif1", "output")), g.node("lif1").graph().edges());
        // the same parameters as the flat file's nodes
        NirGraph flat = load("braille_noDelay_bias_zero.nir");
        assertEquals(flat.node("lif1.lif").parameters(), g.find("lif1.lif1").parameters());
        assertEquals(flat.node("lif1.w_rec").parameters(), g.find("lif1.lin").parameters());
    }

    @Test
    void brailleSubgraphIsRefusedInStrictMode() throws IOException {
        byte[] bytes;
        try (InputStream in = NirSamplesTest.class.getResourceAsStream("/nir-samples/"
                + "braille_noDelay_bias_zero_subgraph.nir")) {
            bytes = in.readAllBytes();
        }
        NirFormatException e = assertThrows(NirFormatException.class,
                () -> NirReader.read(bytes, "braille_noDelay_bias_zero_subgraph.nir"));
        assertEquals("braille_noDelay_bias_zero_subgraph.nir: edge 'lif1.input' -> 'lif1.lif': no node named "
                + "'lif1.lif' (NirReader.Mode.REPAIR would take it as the only node no edge names)", e.getMessage());
    }

    @Test
    void brailleSubtract() {
        check("braille_noDelay_noBias_subtract.nir", "0.2.0", 7, "fc1 Linear [12] -> [40]", "fc2 Linear [40] -> [7]",
                "input Input [12] -> [12]", "lif1.lif CubaLIF [40] -> [40]", "lif1.w_rec Linear [40] -> [40]",
                "lif2 CubaLIF [7] -> [7]", "output Output [7] -> [7]");
        // NIR has no reset mode: the file says nothing about reset by subtraction (no v_reset, no metadata)
        NirNode lif = load("braille_noDelay_noBias_subtract.nir").node("lif1.lif");
        assertFalse(lif.hasParameter("v_reset"));
        assertTrue(lif.metadata().isEmpty());
    }

    @Test
    void cnnSinabs() {
        check("cnn_sinabs.nir", "0.2.0", 14, "0 Conv2d [2, 34, 34] -> [16, 16, 16]", "1 IF [16, 16, 16] -> [16, 16, 16]",
                "10 IF [256] -> [256]", "11 Affine [256] -> [10]", "12 IF [10] -> [10]",
                "2 Conv2d [16, 16, 16] -> [16, 16, 16]", "3 IF [16, 16, 16] -> [16, 16, 16]",
                "4 SumPool2d [16, 16, 16] -> [16, 8, 8]", "5 Conv2d [16, 8, 8] -> [8, 8, 8]",
                "6 IF [8, 8, 8] -> [8, 8, 8]", "7 SumPool2d [8, 8, 8] -> [8, 4, 4]", "8 Flatten [8, 4, 4] -> [128]",
                "9 Affine [128] -> [256]", "input Input [2, 34, 34] -> [2, 34, 34]", "output Output [10] -> [10]");
        NirNode conv = load("cnn_sinabs.nir").node("0");
        assertEquals(NirArray.DType.INT64, conv.parameter("groups").dtype());
        assertEquals(0, conv.parameter("groups").rank()); // a scalar dataset
        assertArrayEquals(new int[] {16, 2, 5, 5}, conv.parameter("weight").shape());
    }

    private static List<String> sorted(List<String> l) {
        List<String> out = new ArrayList<>(l);
        out.sort(null);
        return out;
    }
}
