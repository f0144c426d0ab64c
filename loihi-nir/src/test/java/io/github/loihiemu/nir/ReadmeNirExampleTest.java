package io.github.loihiemu.nir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's "Bring your own network" example, as written there. */
class ReadmeNirExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeExampleRuns() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/nir-samples/cnn_sinabs.nir")) {
            Files.write(dir.resolve("cnn_sinabs.nir"), in.readAllBytes());
        }
        Path cnn = dir.resolve("cnn_sinabs.nir");
        Path copy = dir.resolve("copy.nir");

        NirGraph g = NirReader.read(cnn);   // one-line NirFormatException if anything is wrong
        g.nodes().values().forEach(System.out::println);          // "0 (Conv2d) [2, 34, 34] -> [16, 16, 16]", ...
        NirWriter.write(g, copy);                  // nir.read reads it; NirReader reads it back equal

        assertEquals("0 (Conv2d) [2, 34, 34] -> [16, 16, 16]", g.node("0").toString());
        assertEquals(g, NirReader.read(copy));
    }
}
