package io.github.loihiemu.nir.cli;

import io.github.loihiemu.nbp.io.Npy;
import io.github.loihiemu.nbp.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loihi command run in-process: output, files and exit codes, good and bad input. */
class LoihiCliTest {
    @TempDir
    Path dir;

    private record Result(int rc, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = LoihiCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path sample(String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            try (InputStream in = LoihiCliTest.class.getResourceAsStream("/nir-samples/" + name)) {
                Files.write(p, in.readAllBytes());
            }
        }
        return p;
    }

    private Path spikes(String name, int steps, int ports, double p, long seed) throws IOException {
        Random rnd = new Random(seed);
        int[] data = new int[steps * ports];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextDouble() < p ? 1 : 0;
        }
        Path f = dir.resolve(name);
        Npy.write(f, NpyArray.of(steps, ports, data));
        return f;
    }

    /** A bad input: exit status 2, nothing on stdout, one line on stderr starting with the command. */
    private static void bad(Result r, String fragment) {
        assertEquals(2, r.rc(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("loihi"), r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void infoPrintsNodesCoresAndTheQuantisationReport() throws IOException {
        Result r = run("info", sample("braille_noDelay_bias_zero.nir").toString(), "--dt", "1e-4");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("NIR 0.2.0 graph: 7 nodes, 7 edges"), r.out());
        assertTrue(r.out().contains("lif1.lif (CubaLIF) [38] -> [38]"), r.out());
        assertTrue(r.out().contains("mapped at dt = 0.0001 s (given): 2 neuron node(s), 1 input(s), 2 compartment group(s)"),
                r.out());
        assertTrue(r.out().contains("1 core(s) on 1 chip(s)"), r.out());
        assertTrue(r.out().contains("45 (4.4 %)"), r.out());
        assertTrue(r.out().contains("limits per core: 1024 compartments"), r.out());
        assertTrue(r.out().contains("lif1.lif -> lif1.lif             1444"), r.out());
    }

    @Test
    void runBothPrintsCountsEnergyAndAgreementAndSaves() throws IOException {
        Path in = spikes("in.npy", 200, 1, 0.3, 1);
        Path out = dir.resolve("out.npz");
        Result r = run("run", sample("lif_norse.nir").toString(), "--input", in.toString(), "--engine", "both",
                "--save", out.toString());
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().startsWith("engine both, dt 0.001 s (default; the graph records none), 200 steps; input: 1 ports"), r.out());
        assertTrue(r.out().contains("chip: 1 core(s) on 1 chip(s)"), r.out());
        assertTrue(r.out().contains("energy report (davies2018), 200 steps"), r.out());
        assertTrue(r.out().contains("energy-delay product"), r.out());
        assertTrue(r.out().contains("output output (1): identical spikes"), r.out());
        Map<String, NpyArray> saved = Npy.readNpz(out);
        assertEquals(java.util.Set.of("output_chip", "output_float"), saved.keySet());
        assertArrayEquals(new int[] {200, 1}, saved.get("output_chip").shape());
        assertArrayEquals(saved.get("output_chip").data(), saved.get("output_float").data());
    }

    @Test
    void runJsonOnBrailleWithStepsAndThreads() throws IOException {
        Path in = spikes("b.npy", 100, 12, 0.1, 2);
        Result r = run("run", sample("braille_noDelay_bias_zero.nir").toString(), "--input", in.toString(),
                "--dt", "1e-4", "--steps", "150", "--threads", "2", "--json", "--engine", "both");
        assertEquals(0, r.rc(), r.err());
        assertEquals(1, r.out().strip().lines().count());
        assertTrue(r.out().startsWith("{\"engine\":\"both\",\"dt\":1.0E-4,\"dtSource\":\"given\",\"steps\":150,\"inputPorts\":12,"), r.out());
        assertTrue(r.out().contains("\"cores\":1,\"chips\":1"), r.out());
        assertTrue(r.out().contains("\"energyDelayProductUjUs\":"), r.out());
        assertTrue(r.out().contains("\"agreement\":{\"firstDifference\":"), r.out());
        // the compute layout off: the same run
        Result plain = run("run", sample("braille_noDelay_bias_zero.nir").toString(), "--input", in.toString(),
                "--dt", "1e-4", "--steps", "150", "--threads", "2", "--json", "--engine", "both",
                "--compute-layout", "off");
        assertEquals(r.out(), plain.out());
        bad(run("run", sample("braille_noDelay_bias_zero.nir").toString(), "--input", in.toString(),
                "--compute-layout", "maybe"), "--compute-layout: 'maybe' is not on or off");
        // the chip alone: no float columns
        Result chip = run("run", sample("braille_noDelay_bias_zero.nir").toString(), "--input", in.toString(),
                "--dt", "1e-4", "--json");
        assertTrue(chip.out().contains("\"chipSpikes\"") && !chip.out().contains("floatSpikes"), chip.out());
    }

    @Test
    void floatEngineNeedsNoMapping() throws IOException {
        Path in = spikes("f.npy", 50, 1, 0.5, 3);
        Result r = run("run", sample("two_lif_neurons.nir").toString(), "--input", in.toString(), "--engine",
                "float");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("lif1") && !r.out().contains("energy"), r.out());
    }

    @Test
    void badInputIsOneLineAndStatusTwo() throws IOException {
        Path lif = sample("lif_norse.nir");
        Path in = spikes("in.npy", 10, 1, 0.5, 1);
        bad(run("run", lif.toString()), "Missing required option: '--input=SPIKES.npy'");
        bad(run("run", lif.toString(), "--input", dir.resolve("none.npy").toString()), "none.npy: no such file");
        bad(run("run", dir.resolve("none.nir").toString(), "--input", in.toString()), "none.nir: no such file");
        bad(run("run", in.toString(), "--input", in.toString()), "not an HDF5 file");
        bad(run("info", in.toString()), "not an HDF5 file");
        bad(run("run", lif.toString(), "--input", lif.toString()), "not a .npy file");
        bad(run("run", lif.toString(), "--input", spikes("wide.npy", 10, 3, 0.5, 1).toString()),
                "shape [10, 3], but the graph's Input nodes {input=1} take [T, 1]");
        Path twos = dir.resolve("twos.npy");
        Npy.write(twos, NpyArray.of(2, 1, new int[] {0, 2}));
        bad(run("run", lif.toString(), "--input", twos.toString()), "value 2 at row 1, column 0");
        bad(run("run", lif.toString(), "--input", in.toString(), "--engine", "gpu"), "'gpu' is not chip, float or both");
        bad(run("run", lif.toString(), "--input", in.toString(), "--steps", "x"), "'x' is not an int");
        bad(run("run", lif.toString(), "--input", in.toString(), "--threads", "0"), "threads = 0");
        bad(run("run", lif.toString(), "--input", in.toString(), "--dt", "-1"), "dt = -1.0");
        Result cnn = run("info", sample("cnn_sinabs.nir").toString());   // fits since the packer counts index bits
        assertEquals(0, cnn.rc(), cnn.err());
        assertTrue(cnn.out().contains("36 core(s) on 1 chip(s)"), cnn.out());
        bad(run("run", lif.toString(), "--input", in.toString(), "--params", "lab"),
                "--params: 'lab' is not davies2018 or silicon");
        bad(run("run", lif.toString(), "--input", in.toString(), "--probe-state"),
                "--probe-state: u and v go into the --save file; give --save OUT.npz");
        bad(run("run", lif.toString(), "--input", in.toString(), "--probe-state", "--engine", "float", "--save",
                dir.resolve("s.npz").toString()), "--probe-state: records the chip's u and v; --engine float");
        // outputs are checked before the run: nothing is printed, nothing written
        bad(run("run", lif.toString(), "--input", in.toString(), "--raster",
                dir.resolve("no/such/r.png").toString()), "--raster: the folder");
        bad(run("run", lif.toString(), "--input", in.toString(), "--save", dir.toString()),
                "--save: " + dir + " is a directory");
        Path empty = dir.resolve("empty.npy");
        Npy.write(empty, NpyArray.of(0, 1, new int[0]));
        bad(run("run", lif.toString(), "--input", empty.toString()),
                "nothing to run: the input has no rows and no number of steps was given");
        bad(run("run", lif.toString(), "--input", in.toString(), "--steps", "0"), "nothing to run: 0 steps asked for");
        bad(run("info", sample("braille_noDelay_bias_zero_subgraph.nir").toString()), "REPAIR");
        bad(run("info"), "Missing required parameter: 'GRAPH.nir'");
        bad(run(), "a command is needed");
        bad(run("frob"), "Unmatched argument");
        assertEquals(0, run("info", sample("braille_noDelay_bias_zero_subgraph.nir").toString(), "--repair",
                "--dt", "1e-4").rc());
    }

    @Test
    void helpPerCommandWithDefaults() {
        Result r = run("run", "--help");
        assertEquals(0, r.rc());
        assertTrue(r.out().startsWith("Usage: loihi run"), r.out());
        assertTrue(r.out().contains("(default: the graph's metadata dt") && r.out().contains("(default: chip)")
                && r.out().contains("(default: davies2018)") && r.out().contains("--probe-state")
                && r.out().contains("--raster=FILE.png"), r.out());
        Result i = run("info", "--help");
        assertEquals(0, i.rc());
        assertTrue(i.out().contains("quantisation report"), i.out());
        assertTrue(run("--help").out().contains("info") && run("--help").out().contains("run"));
    }

    /**
     * --probe-state saves u and v per step (u of a LIF is the weight of the input spike sent one step before),
     * --raster draws every node's spikes where they are, --params picks the energy set.
     */
    @Test
    void probeStateRasterAndParams() throws IOException {
        Path in = spikes("p.npy", 200, 1, 0.3, 5);
        Path out = dir.resolve("state.npz");
        Path png = dir.resolve("raster.png");
        Result r = run("run", sample("lif_norse.nir").toString(), "--input", in.toString(), "--save", out.toString(),
                "--probe-state", "--raster", png.toString(), "--params", "silicon");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("energy report (silicon), 200 steps"), r.out());
        assertTrue(r.out().contains("energy parameters silicon"), r.out());
        io.github.loihiemu.nir.NirMapping m = io.github.loihiemu.nir.NirMapper.map(
                io.github.loihiemu.nir.NirReader.read(sample("lif_norse.nir")));
        io.github.loihiemu.core.network.Connection c = m.network().connections().get(0);
        int dq = c.synapseFormat(0).accumulatorIncrement(c.initialWeight(0));
        int threshold = m.network().groups().get(0).prototype().threshold();
        String node = m.neurons().keySet().iterator().next();
        Map<String, NpyArray> saved = Npy.readNpz(out);
        assertEquals(java.util.Set.of("output", "u_" + node, "v_" + node), saved.keySet());
        int[] u = saved.get("u_" + node).data();
        int[] v = saved.get("v_" + node).data();
        int[] spikes = saved.get("output").data();
        int[] input = Npy.read(in).data();
        assertArrayEquals(new int[] {200, 1}, saved.get("u_" + node).shape());
        int fired = 0;
        for (int t = 0; t < 200; t++) {
            // row t is step t + 1, which integrates the input row t sent at step t
            assertEquals(input[t] == 1 ? dq : 0, u[t], "u at step " + (t + 1));
            assertTrue(v[t] <= threshold, "v at step " + t);
            if (spikes[t] == 1) {
                assertEquals(0, v[t], "v is reset at a spike, step " + t);
                fired++;
            }
        }
        assertTrue(fired > 5, "spikes: " + fired);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        // 200 steps at 8 pixels, between the margins; two bands (input, the LIF) of 8 pixels
        assertEquals(130 + 200 * 8 + 20, img.getWidth());
        assertEquals(30 + 2 * (8 + 4) + 30, img.getHeight());
        int spike = new java.awt.Color(20, 60, 160).getRGB();
        for (int t = 0; t < 200; t++) {
            assertEquals(input[t] == 1, img.getRGB(130 + t * 8 + 3, 30 + 2) == spike, "input band, step " + t);
            assertEquals(spikes[t] == 1, img.getRGB(130 + t * 8 + 3, 30 + 12 + 2) == spike, "LIF band, step " + t);
        }
    }

    /** Without --dt the graph's metadata dt is used (a graph NirExporter wrote records one), and said so. */
    @Test
    void dtFromTheGraphsMetadata() throws IOException {
        io.github.loihiemu.core.network.Network net = new io.github.loihiemu.core.network.Network();
        var gen = net.createSpikeGenerator("in", 1);
        var g = net.createCompartmentGroup("lif", 1, io.github.loihiemu.core.compartment.CompartmentPrototype
                .builder().currentDecay(4096).voltageDecay(512).vThMant(10).build());
        net.connect(gen, g, io.github.loihiemu.core.synapse.ConnectionPrototype.builder().build(),
                io.github.loihiemu.core.network.Topology.oneToOne(1, 100));
        Path f = dir.resolve("exported.nir");
        io.github.loihiemu.nir.NirWriter.write(io.github.loihiemu.nir.NirExporter.export(net,
                io.github.loihiemu.nir.ExportOptions.defaults().withDt(2e-4)), f);
        Result info = run("info", f.toString());
        assertEquals(0, info.rc(), info.err());
        assertTrue(info.out().contains("mapped at dt = 0.0002 s (the graph's metadata dt): 1 neuron node(s)"),
                info.out());
        Path in = spikes("d.npy", 20, 1, 0.5, 1);
        Result run = run("run", f.toString(), "--input", in.toString());
        assertTrue(run.out().startsWith("engine chip, dt 0.0002 s (the graph's metadata dt), 20 steps"), run.out());
        Result given = run("run", f.toString(), "--input", in.toString(), "--dt", "1e-3", "--json");
        assertTrue(given.out().contains("\"dt\":0.001,\"dtSource\":\"given\""), given.out());
        Result none = run("info", sample("lif_norse.nir").toString());
        assertTrue(none.out().contains("mapped at dt = 0.001 s (default; the graph records none)"), none.out());
    }
}
