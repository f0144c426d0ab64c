package io.github.loihiemu.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of bad file gives one NirFormatException whose one-line message names the file, node and problem. */
class NirReaderErrorsTest {

    @TempDir
    Path dir;

    /** Writes an HDF5 file with jhdf: the root gets a version, {@code body} fills the root's {@code node} group. */
    private Path nirFile(String name, Consumer<WritableGroup> body) {
        Path p = dir.resolve(name);
        try (WritableHdfFile f = HdfFile.write(p)) {
            f.putDataset("version", "0.2.0");
            body.accept(f.putGroup("node"));
        }
        return p;
    }

    /** A graph group with Input(shape) -> ... and the given edges; nodes are added by the caller. */
    private static WritableGroup graph(WritableGroup g, String[][] edges) {
        g.putDataset("type", "NIRGraph");
        g.putDataset("edges", edges);
        return g.putGroup("nodes");
    }

    private static void input(WritableGroup nodes, String name, long... shape) {
        WritableGroup n = nodes.putGroup(name);
        n.putDataset("type", "Input");
        n.putDataset("shape", shape);
    }

    private static void output(WritableGroup nodes, String name, long... shape) {
        WritableGroup n = nodes.putGroup(name);
        n.putDataset("type", "Output");
        n.putDataset("shape", shape);
    }

    private static void linear(WritableGroup nodes, String name, float[][] w) {
        WritableGroup n = nodes.putGroup(name);
        n.putDataset("type", "Linear");
        n.putDataset("weight", w);
    }

    private static String error(Path file) {
        NirFormatException e = assertThrows(NirFormatException.class, () -> NirReader.read(file));
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertTrue(m.startsWith(file.getFileName() + ": "), "names the file: " + m);
        return m;
    }

    @Test
    void notHdf5() throws IOException {
        Path p = dir.resolve("text.nir");
        Files.write(p, "this is not an HDF5 file, only text\n".getBytes(StandardCharsets.UTF_8));
        String m = error(p);
        assertTrue(m.startsWith("text.nir: not an HDF5 file ("), m);
    }

    @Test
    void emptyFile() throws IOException {
        Path p = dir.resolve("empty.nir");
        Files.write(p, new byte[0]);
        assertTrue(error(p).startsWith("empty.nir: not an HDF5 file ("));
    }

    @Test
    void missingFile() {
        String m = error(dir.resolve("absent.nir"));
        assertTrue(m.startsWith("absent.nir: cannot be read: "), m);
    }

    @Test
    void hdf5WithoutNodeGroup() {
        Path p = dir.resolve("plain.h5");
        try (WritableHdfFile f = HdfFile.write(p)) {
            f.putDataset("data", new double[] {1, 2, 3});
        }
        assertEquals("plain.h5: no 'node' group at the root: not a NIR file", error(p));
    }

    @Test
    void nodeWithoutType() {
        Path p = nirFile("notype.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "x"}});
            input(nodes, "in", 2);
            nodes.putGroup("x").putDataset("shape", new long[] {2});
        });
        assertEquals("notype.nir: node 'x': has no 'type'", error(p));
    }

    @Test
    void unknownType() {
        Path p = nirFile("unknown.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "x"}});
            input(nodes, "in", 2);
            WritableGroup x = nodes.putGroup("x");
            x.putDataset("type", "Integrator");
            x.putDataset("r", new float[] {1, 1});
        });
        assertEquals("unknown.nir: node 'x': unknown node type 'Integrator'", error(p));
    }

    @Test
    void missingParameter() {
        Path p = nirFile("noparam.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "lif"}, {"lif", "out"}});
            input(nodes, "in", 2);
            WritableGroup lif = nodes.putGroup("lif");
            lif.putDataset("type", "LIF");
            lif.putDataset("r", new float[] {1, 1});
            lif.putDataset("v_leak", new float[] {0, 0});
            lif.putDataset("v_threshold", new float[] {1, 1});
            output(nodes, "out", 2);
        });
        assertEquals("noparam.nir: node 'lif' (LIF): missing parameter 'tau'", error(p));
    }

    @Test
    void parametersOfDifferentShapes() {
        Path p = nirFile("paramshape.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "lif"}});
            input(nodes, "in", 2);
            WritableGroup lif = nodes.putGroup("lif");
            lif.putDataset("type", "LIF");
            lif.putDataset("tau", new float[] {0.01f, 0.01f});
            lif.putDataset("r", new float[] {1, 1});
            lif.putDataset("v_leak", new float[] {0, 0, 0});
            lif.putDataset("v_threshold", new float[] {1, 1});
        });
        assertEquals("paramshape.nir: node 'lif' (LIF): parameter 'v_leak' has shape [3], 'tau' has [2]", error(p));
    }

    @Test
    void shapesDoNotChain() {
        Path p = nirFile("chain.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "fc"}, {"fc", "out"}});
            input(nodes, "in", 3);
            linear(nodes, "fc", new float[][] {{1, 2}, {3, 4}});
            output(nodes, "out", 2);
        });
        assertEquals("chain.nir: edge 'in' -> 'fc': shapes do not chain: 'in' (Input) gives [3], 'fc' (Linear) "
                + "takes [2]", error(p));
    }

    @Test
    void edgeToUnknownNode() {
        Path p = nirFile("dangling.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "fc"}, {"fc", "outt"}, {"fc", "probe"}});
            input(nodes, "in", 2);
            linear(nodes, "fc", new float[][] {{1, 2}, {3, 4}});
            output(nodes, "out", 2);
        });
        assertEquals("dangling.nir: edge 'fc' -> 'outt': no node named 'outt'", error(p));
    }

    /** One unknown name and one node no edge names: refused, with the hint that REPAIR mode would match them. */
    @Test
    void singleDanglingNameIsRefusedWithAHintAndRepairedOnRequest() {
        Path p = nirFile("typo.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "fc"}, {"fc", "outt"}});
            input(nodes, "in", 2);
            linear(nodes, "fc", new float[][] {{1, 2}, {3, 4}});
            output(nodes, "out", 2);
        });
        assertEquals("typo.nir: edge 'fc' -> 'outt': no node named 'outt' (NirReader.Mode.REPAIR would take it as the"
                + " only node no edge names)", error(p));
        NirGraph g = NirReader.read(p, NirReader.Mode.REPAIR);
        assertEquals(List.of(new NirEdge("in", "fc"), new NirEdge("fc", "out")), g.edges());
        assertEquals(List.of("edges name 'outt', which is no node; repaired to 'out', the only node no edge names"),
                g.notes());
    }

    @Test
    void edgesNotPairs() {
        Path p = nirFile("edges.nir", g -> {
            g.putDataset("type", "NIRGraph");
            g.putDataset("edges", new String[] {"in", "fc", "out"});
            input(g.putGroup("nodes"), "in", 2);
        });
        assertTrue(error(p).startsWith("edges.nir: 'edges' must be an [n, 2] array of node names, is string[3]"));
    }

    @Test
    void topLevelNotAGraph() {
        Path p = nirFile("single.nir", g -> {
            g.putDataset("type", "Linear");
            g.putDataset("weight", new float[][] {{1}});
        });
        assertEquals("single.nir: the top-level node is a 'Linear', not a NIRGraph", error(p));
    }

    @Test
    void shapeThatCannotBeInferred() {
        Path p = nirFile("flatten.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "out"}});
            input(nodes, "in", 2);
            output(nodes, "out", 2);
            WritableGroup f = nodes.putGroup("flat");
            f.putDataset("type", "Flatten");
            f.putDataset("start_dim", 0L);
            f.putDataset("end_dim", -1L);
        });
        assertEquals("flatten.nir: node 'flat' (Flatten): its shape cannot be inferred: no edge brings it a known shape",
                error(p));
    }

    @Test
    void errorsInsideNestedGraphsNameThePath() {
        Path p = nirFile("nested.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "sub"}, {"sub", "out"}});
            input(nodes, "in", 2);
            output(nodes, "out", 2);
            WritableGroup inner = graph(nodes.putGroup("sub"), new String[][] {{"i", "lif"}, {"lif", "o"}});
            input(inner, "i", 2);
            output(inner, "o", 2);
            WritableGroup lif = inner.putGroup("lif");
            lif.putDataset("type", "IF");
            lif.putDataset("r", new float[] {1, 1});
        });
        assertEquals("nested.nir: node 'sub.lif' (IF): missing parameter 'v_threshold'", error(p));
    }

    @Test
    void stringWhereNumbersBelong() {
        Path p = nirFile("string.nir", g -> {
            WritableGroup nodes = graph(g, new String[][] {{"in", "s"}});
            input(nodes, "in", 2);
            WritableGroup s = nodes.putGroup("s");
            s.putDataset("type", "Scale");
            s.putDataset("scale", "two");
        });
        assertEquals("string.nir: node 's' (Scale): parameter 'scale' must be numeric, is string[] {\"two\"}",
                error(p));
    }
}
