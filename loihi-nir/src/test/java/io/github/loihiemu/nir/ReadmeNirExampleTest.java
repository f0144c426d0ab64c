package io.github.loihiemu.nir;

import io.github.loihiemu.core.energy.EnergyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Bring your own network" examples, as written there. */
class ReadmeNirExampleTest {

    @TempDir
    Path dir;

    private void copy(String sample) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/nir-samples/" + sample)) {
            Files.write(dir.resolve(sample), in.readAllBytes());
        }
    }

    @Test
    void readmeExampleRuns() throws IOException {
        copy("cnn_sinabs.nir");
        Path cnn = dir.resolve("cnn_sinabs.nir");
        Path copy = dir.resolve("copy.nir");

        NirGraph g = NirReader.read(cnn);   // one-line NirFormatException if anything is wrong
        g.nodes().values().forEach(System.out::println);          // "0 (Conv2d) [2, 34, 34] -> [16, 16, 16]", ...
        NirWriter.write(g, copy);                  // nir.read reads it; NirReader reads it back equal

        assertEquals("0 (Conv2d) [2, 34, 34] -> [16, 16, 16]", g.node("0").toString());
        assertEquals(g, NirReader.read(copy));
    }

    @Test
    void readmeRunExampleRuns() throws IOException {
        copy("braille_noDelay_bias_zero.nir");
        Path braille = dir.resolve("braille_noDelay_bias_zero.nir");

        NirGraph g = NirReader.read(braille);
        NirMapping m = NirMapper.map(g, MapOptions.defaults().withDt(1e-4));  // one-line NirMappingException if not
        System.out.println(m.report());                                      // decays, scales, weight formats, errors
        boolean[][] spikes = new boolean[256][12];                           // [step][input port]
        for (int t = 0; t < 256; t += 2) {
            spikes[t][t % 12] = true;
        }
        NirComparison c = NirComparison.run(m, spikes);                      // the chip and NIR's float equations
        long[] out = c.chip().spikes().counts("lif2");                       // spikes per output neuron on the chip
        EnergyReport e = c.chip().energy();
        System.out.printf("class %d, %.2f uJ, %.1f us; chip and float part at step %d%n", c.outputs().get(0)
                .chipMostActive(), e.totalEnergyPj() * 1e-6, e.totalTimeNs() * 1e-3, c.firstDifference());

        assertEquals(7, out.length);
        assertTrue(e.totalEnergyPj() > 0);
        String line = String.format(java.util.Locale.ROOT, "class %d, %.2f uJ, %.1f us; chip and float part at step %d",
                c.outputs().get(0).chipMostActive(), e.totalEnergyPj() * 1e-6, e.totalTimeNs() * 1e-3,
                c.firstDifference());
        assertEquals("class 2, 19.48 uJ, 175.1 us; chip and float part at step 2", line);
    }
}
