package io.github.loihiemu.nbp;

import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import io.github.loihiemu.nbp.io.Npy;
import io.github.loihiemu.nbp.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, NbpCli.run(args, new PrintStream(out), new PrintStream(err)));
        return out.toString();
    }

    @ParameterizedEngines
    void resumeFromACheckpointEndsWithTheSameWeights(String engine, int samples, int cut) throws Exception {
        Path whole = dir.resolve(engine + "-whole.npz");
        Path resumed = dir.resolve(engine + "-resumed.npz");
        Path checkpoint = dir.resolve(engine + "-checkpoint.npz");
        String n = Integer.toString(samples);
        run("train", "--samples", n, "--engine", engine, "--seed", "5", "--save", whole.toString());
        // the state an interrupted run leaves after `cut` samples
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        NbpReference ref = new NbpReference(NbpWeights.heInit(400, 400, 10, 5));
        int[] order = train.shuffledOrder(5, 0);
        int[] buf = new int[400];
        for (int k = 0; k < cut; k++) {
            ref.train(buf, train.copyOnPixels(order[k], buf), train.label(order[k]));
        }
        NbpCli.Options o = NbpCli.parse(new String[] {"train", "--samples", n, "--seed", "5"});
        NbpCli.writeCheckpoint(checkpoint, ref.weights(), 0, cut, o);
        String line = run("train", "--samples", n, "--engine", engine, "--seed", "5", "--resume", checkpoint.toString(),
                "--save", resumed.toString(), "--json");
        assertTrue(line.startsWith("{\"epoch\":1,"), line);
        Map<String, NpyArray> a = Npy.readNpz(whole);
        Map<String, NpyArray> b = Npy.readNpz(resumed);
        assertArrayEquals(a.get("W1").data(), b.get("W1").data());
        assertArrayEquals(a.get("W2").data(), b.get("W2").data());
        // the checkpoint is really used: resuming with nothing left to train returns its weights unchanged
        Path untouched = dir.resolve(engine + "-untouched.npz");
        NbpCli.Options short_ = NbpCli.parse(new String[] {"train", "--samples", Integer.toString(cut), "--seed", "5"});
        NbpCli.writeCheckpoint(checkpoint, ref.weights(), 0, cut, short_);
        run("train", "--samples", Integer.toString(cut), "--engine", engine, "--seed", "5", "--resume",
                checkpoint.toString(), "--save", untouched.toString());
        assertArrayEquals(ref.weights().w1(), Npy.readNpz(untouched).get("W1").data());
        assertTrue(!java.util.Arrays.equals(ref.weights().w1(), a.get("W1").data()));
    }

    @Test
    void badArgumentsAndFilesAreOneLineErrors() throws Exception {
        assertMessage("--hidden: 0 must be positive", "train", "--hidden", "0");
        assertMessage("unknown option '--epoch'", "train", "--epoch", "2");
        assertMessage("give either --epochs or --samples, not both", "train", "--epochs", "1", "--samples", "5");
        assertMessage("--engine: 'gpu' is not chip or reference", "train", "--engine", "gpu");
        assertMessage("--init: no such file /nonexistent.npz", "train", "--init", "/nonexistent.npz");
        Path text = dir.resolve("w.npz");
        Files.writeString(text, "hello");
        assertMessage("w.npz: not a .npz archive", "eval", "--weights", text.toString());
        assertMessage("eval needs --weights FILE.npz", "eval");
        assertMessage("unknown command 'fit'", "fit");
    }

    private static void assertMessage(String fragment, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NbpCli.run(args, new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
