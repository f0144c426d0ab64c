package io.github.loihiemu.nbp.cli;

import io.github.loihiemu.nbp.NbpReport;

import io.github.loihiemu.core.energy.EnergyParameters;
import io.github.loihiemu.core.energy.Phase;
import io.github.loihiemu.datasets.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    @TempDir
    Path dir;

    private static NbpReport.Config train(int samples, EnergyParameters p, int raster) {
        return new NbpReport.Config(Dataset.MNIST20, NbpReport.Mode.TRAIN, samples, 400, 3, p, true, raster, null);
    }

    @Test
    void trainingReportCountsFollowTheSlotTableAndThePhasesAddUp() {
        NbpReport.Result r = NbpReport.run(train(20, EnergyParameters.davies2018(), 2));
        Map<String, long[]> c = r.slotCounts();
        // every gate neuron fires exactly once per sample, in its own slot
        for (int g = 0; g < 12; g++) {
            long[] v = c.get(String.format("g%02d", g));
            for (int q = 0; q < 12; q++) {
                assertEquals(q == g ? 20 : 0, v[q], "g" + g + " slot " + q);
            }
        }
        // x replays the same pixels in slots 2, 8 and 0; h1_copy fires in slot 3 as often as h1 in slot 3 plus errors
        long[] x = c.get("x");
        assertEquals(x[2], x[8]);
        assertEquals(x[2], x[0]);
        assertEquals(20, c.get("t")[4]);
        assertEquals(12 * 20, r.energy().steps());
        double phases = 0;
        for (Phase p : Phase.values()) {
            phases += r.energyUj(p);
        }
        assertEquals(r.dynamicUj(), phases, 1e-9);
        assertEquals(r.totalUj(), r.dynamicUj() + r.staticUj(), 1e-9);
        assertTrue(r.energyUj(Phase.LEARNING) > 0 && r.energyUj(Phase.SPIKING) > 0);
        assertTrue(r.busiestSpikingCore().startsWith("core "), r.busiestSpikingCore());
        // the raster holds the first two measured samples: steps 25..48, gate g01 at 25 and 37
        NbpReport.Raster raster = r.raster();
        assertEquals(25, raster.firstStep());
        assertEquals(24, raster.steps());
        int g01 = raster.names().indexOf("g01");
        assertEquals(2, raster.times().get(g01).length);
        assertEquals(25, raster.times().get(g01)[0]);
        assertEquals(37, raster.times().get(g01)[1]);
        // a full scan of plastic memory costs exactly its synapse count per epoch at 120 pJ each
        NbpReport.Result full = NbpReport.run(train(5, EnergyParameters.davies2018()
                .withLearningCost(EnergyParameters.LearningCost.ALL_PLASTIC), 0));
        assertEquals(full.energy().plasticSynapsesAtEpochs() * 120e-6 / 5, full.energyUj(Phase.LEARNING), 1e-6);
        assertEquals(r.perSample(r.energy().plasticSynapsesAtEpochs()),
                full.perSample(full.energy().plasticSynapsesAtEpochs()), 1e-9);
    }

    @Test
    void cliWritesReportJsonAndBothPlots() throws Exception {
        Path raster = dir.resolve("raster.png");
        Path curve = dir.resolve("curve.png");
        Path history = dir.resolve("history.jsonl");
        Files.writeString(history, "{\"epoch\":1,\"testAccuracyArgmax\":90.5,\"testAccuracyExact\":85.0,"
                + "\"trainAccuracy\":91.0}\n{\"epoch\":2,\"testAccuracyArgmax\":93.1,\"testAccuracyExact\":88.2,"
                + "\"trainAccuracy\":94.0}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, NbpCli.run(new String[] {"report", "--samples", "6", "--mode", "inference", "--json",
            "--raster", raster.toString(), "--raster-samples", "3", "--curve", curve.toString(), "--history",
            history.toString(), "--params", "silicon"}, new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
        String json = out.toString().trim();
        assertTrue(json.startsWith("{\"mode\":\"inference\"") && json.endsWith("}"), json);
        assertTrue(json.contains("\"parameters\":\"silicon\""), json);
        assertTrue(json.contains("\"paper\":{\"energyUj\":2.5,\"latencyUs\":170.0}"), json);
        BufferedImage r = ImageIO.read(raster.toFile());
        assertNotNull(r);
        assertTrue(r.getWidth() > 200 && r.getHeight() > 100);
        BufferedImage c = ImageIO.read(curve.toFile());
        assertEquals(720, c.getWidth());
    }

    @Test
    void badReportArgumentsAreNamed() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NbpCli.run(new String[] {"report", "--mode", "learn"}, sink, sink));
        assertTrue(e.getMessage().contains("'learn'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NbpCli.run(new String[] {"report", "--params", "loihi2"}, sink, sink));
        assertTrue(e.getMessage().contains("'loihi2'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NbpCli.run(new String[] {"report", "--raster", "/no/such/dir/r.png"}, sink, sink));
        assertTrue(e.getMessage().contains("/no/such/dir"), e.getMessage());
        Path bad = dir.resolve("bad.jsonl");
        e = assertThrows(IllegalArgumentException.class, () -> {
            Files.writeString(bad, "{\"epoch\":1}\n");
            NbpCli.run(new String[] {"report", "--samples", "2", "--curve", dir.resolve("c.png").toString(),
                "--history", bad.toString()}, sink, sink);
        });
        assertTrue(e.getMessage().contains("bad.jsonl line 1"), e.getMessage());
        Path binary = dir.resolve("binary.jsonl");
        e = assertThrows(IllegalArgumentException.class, () -> {
            Files.write(binary, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) 0xff, 0});
            NbpCli.run(new String[] {"report", "--samples", "2", "--curve", dir.resolve("c.png").toString(),
                "--history", binary.toString()}, sink, sink);
        });
        assertTrue(e.getMessage().startsWith("binary.jsonl: not a text file (not UTF-8)"), e.getMessage());
    }
}
