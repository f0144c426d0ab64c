package io.github.loihiemu.nbp.cli;

import io.github.loihiemu.nbp.NbpChipSession;
import io.github.loihiemu.nbp.NbpReference;
import io.github.loihiemu.nbp.NbpWeights;
import io.github.loihiemu.nbp.ParameterizedEngines;

import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import io.github.loihiemu.nbp.io.Npy;
import io.github.loihiemu.nbp.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * Through the CLI, on weights whose output family leaks (ResumeExactTest): a run stopped after 11 samples with a
     * checkpoint (W2T+ apart from W2 transposed, a slot-1 depression pending) and resumed to 40 writes the same
     * checkpoint, every array, as the uninterrupted 40-sample run.
     */
    @ParameterizedTest
    @CsvSource({"reference", "chip"})
    void resumeAfterGateLeaksWritesTheUninterruptedCheckpoint(String engine) throws Exception {
        Path init = dir.resolve("leaky.npz");
        io.github.loihiemu.nbp.NbpFiles.writeWeights(init, io.github.loihiemu.nbp.ResumeExactTest.leakyWeights(400,
                80, 1));
        Path whole = dir.resolve(engine + "-whole.npz");
        Path part = dir.resolve(engine + "-part.npz");
        Path resumed = dir.resolve(engine + "-resumed.npz");
        String[] common = {"train", "--engine", engine, "--placement", "auto", "--seed", "3", "--quiet"};
        run(concat(common, "--init", init.toString(), "--samples", "40", "--checkpoint", whole.toString()));
        run(concat(common, "--init", init.toString(), "--samples", "11", "--checkpoint", part.toString()));
        Map<String, NpyArray> p = Npy.readNpz(part);
        assertTrue(p.get("slot1_output").data().length > 0, "a slot-1 depression is pending after 11 samples");
        run(concat(common, "--samples", "40", "--resume", part.toString(), "--checkpoint", resumed.toString()));
        Map<String, NpyArray> a = Npy.readNpz(whole);
        Map<String, NpyArray> b = Npy.readNpz(resumed);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data(), b.get(k).data(), k);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
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
        assertTrue(line.contains(",\"epoch\":1,"), line);
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

    /**
     * A finished run continues: a 120-sample run's final checkpoint, resumed asking for 240 samples, trains samples
     * 120..239 of the same order and ends with the weights of an uninterrupted 240-sample run; resumed again with
     * nothing left, it says so and still writes --save.
     */
    @Test
    void aFinishedRunContinuesToTheRequestedTotal() throws Exception {
        Path whole = dir.resolve("whole-240.npz");
        Path checkpoint = dir.resolve("ck-120.npz");
        Path out = dir.resolve("out-240.npz");
        Path again = dir.resolve("again-240.npz");
        run("train", "--samples", "240", "--engine", "reference", "--seed", "5", "--save", whole.toString());
        run("train", "--samples", "120", "--engine", "reference", "--seed", "5", "--checkpoint", checkpoint.toString(),
                "--checkpoint-every", "120");
        assertArrayEquals(new int[] {0, 120}, java.util.Arrays.copyOf(Npy.readNpz(checkpoint).get("state").data(), 2));
        String line = run("train", "--samples", "240", "--engine", "reference", "--seed", "5", "--resume",
                checkpoint.toString(), "--save", out.toString(), "--checkpoint", checkpoint.toString());
        assertTrue(line.startsWith("epoch 1: 240 samples"), line);
        assertArrayEquals(Npy.readNpz(whole).get("W1").data(), Npy.readNpz(out).get("W1").data());
        assertArrayEquals(Npy.readNpz(whole).get("W2").data(), Npy.readNpz(out).get("W2").data());
        String nothing = run("train", "--samples", "240", "--engine", "reference", "--seed", "5", "--resume",
                checkpoint.toString(), "--save", again.toString());
        assertTrue(nothing.startsWith("nothing to train: ck-120.npz is at epoch 1, sample 240; the run asks for 1"
                + " epoch of 240 samples"), nothing);
        assertArrayEquals(Npy.readNpz(whole).get("W1").data(), Npy.readNpz(again).get("W1").data());
        // a checkpoint beyond the requested samples trains nothing (it used to report a negative rate)
        String past = run("train", "--samples", "100", "--engine", "reference", "--seed", "5", "--resume",
                checkpoint.toString(), "--json");
        assertTrue(past.startsWith("{\"nothingToTrain\":true,"), past);
    }

    /** --hidden with an --init of another size is an error (it used to be ignored); a bad data set in a checkpoint too. */
    @Test
    void hiddenThatDisagreesWithTheInitAndBadCheckpointStatesAreRefused() throws Exception {
        Path init = dir.resolve("init-30.npz");
        NbpWeights w = NbpWeights.heInit(400, 30, 10, 5);
        Npy.writeNpz(init, java.util.Map.of("W1", NpyArray.of(400, 30, w.w1()), "W2", NpyArray.of(30, 10, w.w2())));
        assertMessage("--hidden/--layers 400,40,10 does not match the weights read from init-30.npz (400,30,10)",
                "train", "--samples", "5", "--engine", "reference", "--init", init.toString(), "--hidden", "40");
        run("train", "--samples", "5", "--engine", "reference", "--init", init.toString(), "--hidden", "30");
        Path ck = dir.resolve("ck-state.npz");
        NbpCli.writeCheckpoint(ck, w, 0, 3, NbpCli.parse(new String[] {"train", "--seed", "5"}));
        Map<String, NpyArray> c = new java.util.LinkedHashMap<>(Npy.readNpz(ck));
        int[] st = c.get("state").data().clone();
        st[4] = 7;
        c.put("state", NpyArray.of(st));
        Npy.writeNpz(ck, c);
        assertMessage("ck-state.npz: state names data set 7, not one of 0..2", "train", "--samples", "5", "--engine",
                "reference", "--seed", "5", "--resume", ck.toString());
    }

    @Test
    void versionAndJsonEscaping() throws Exception {
        assertEquals("nbp (loihi-emu) " + NbpCli.VERSION + "\n", run("--version"));
        // the version is the project's (the root pom's)
        String pom = Files.readString(Path.of("..", "pom.xml"));
        assertTrue(pom.contains("<version>" + NbpCli.VERSION + "</version>"), "root pom version");
        assertEquals("{\"a\":\"q\\\"b\\\\c\\n\\u0001\",\"n\":null,\"k\":[1,2],\"m\":null}",
                new io.github.loihiemu.nbp.io.JsonObject().put("a", "q\"b\\c\n\u0001").put("n", Double.NaN, 2)
                        .put("k", new int[] {1, 2}).putCount("m", -1).toString());
    }

    /** Off a terminal, progress is one plain line per 10 % (no carriage returns in logs); --quiet prints none. */
    @Test
    void progressIsPlainLinesInLogsAndNothingWhenQuiet() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, NbpCli.run(new String[] {"train", "--samples", "200", "--engine", "reference"},
                new PrintStream(out), new PrintStream(err)));
        String log = err.toString();
        assertTrue(!log.contains("\r"), "no redraws in a log");
        List<String> lines = log.lines().filter(l -> l.startsWith("epoch 1 train: ")).toList();
        assertEquals(10, lines.size(), log);
        assertTrue(lines.get(0).startsWith("epoch 1 train: 20/200 (10 %), "), lines.get(0));
        assertTrue(lines.get(9).startsWith("epoch 1 train: 200/200 (100 %), "), lines.get(9));
        assertTrue(lines.get(4).matches("epoch 1 train: 100/200 \\(50 %\\), \\d+ samples/s, \\d+ s left"),
                lines.get(4));
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        assertEquals(0, NbpCli.run(new String[] {"train", "--samples", "200", "--engine", "reference", "--quiet"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(quiet)));
        assertEquals("", quiet.toString());
        // what --json prints is what report --history reads
        String json = run("train", "--samples", "60", "--engine", "reference", "--json", "--quiet");
        Path history = dir.resolve("h.jsonl");
        try {
            Files.writeString(history, json);
            assertEquals(1, NbpReportCommand.readHistory(history).get(0).values().length);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        // on a terminal the bar shows the rate and the time left
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        NbpCli.Progress bar = new NbpCli.Progress(new PrintStream(tty), "epoch 1 train", 100, 0,
                NbpCli.Progress.Mode.TERMINAL);
        bar.step(100);
        assertTrue(tty.toString().startsWith("\repoch 1 train [##############################] 100/100 (100 %), "),
                tty.toString());
    }

    /** A checkpoint records the presentation order; a resume with another (or none) is refused, naming both. */
    @Test
    void aResumeWithAnotherOrderIsRefused() throws Exception {
        int[] a = new int[200];
        int[] b = new int[200];
        for (int k = 0; k < 200; k++) {
            a[k] = k;
            b[k] = 199 - k;
        }
        Path orderA = dir.resolve("a.npy");
        Path orderB = dir.resolve("b.npy");
        Npy.write(orderA, NpyArray.of(a));
        Npy.write(orderB, NpyArray.of(b));
        Path ck = dir.resolve("ordered.npz");
        Path whole = dir.resolve("ordered-whole.npz");
        Path resumed = dir.resolve("ordered-resumed.npz");
        run("train", "--samples", "200", "--engine", "reference", "--seed", "5", "--order", orderA.toString(),
                "--save", whole.toString());
        run("train", "--samples", "80", "--engine", "reference", "--seed", "5", "--order", orderA.toString(),
                "--checkpoint", ck.toString());
        assertMessage("ordered.npz: written by a run with another --order (hash", "train", "--samples", "200",
                "--engine", "reference", "--seed", "5", "--resume", ck.toString(), "--order", orderB.toString());
        assertMessage("but this run has none; resume with the same presentation order", "train", "--samples",
                "200", "--engine", "reference", "--seed", "5", "--resume", ck.toString());
        run("train", "--samples", "200", "--engine", "reference", "--seed", "5", "--resume", ck.toString(),
                "--order", orderA.toString(), "--save", resumed.toString());
        assertArrayEquals(Npy.readNpz(whole).get("W1").data(), Npy.readNpz(resumed).get("W1").data());
        // and a checkpoint of a run without --order refuses a resume that adds one
        Path plain = dir.resolve("plain.npz");
        run("train", "--samples", "80", "--engine", "reference", "--seed", "5", "--checkpoint", plain.toString());
        assertMessage("plain.npz: written by a run without --order, but this run has a.npy", "train", "--samples",
                "200", "--engine", "reference", "--seed", "5", "--resume", plain.toString(), "--order",
                orderA.toString());
        // a checkpoint of six entries (before the order was recorded) still loads; a negative position is refused
        Map<String, NpyArray> legacy = new java.util.LinkedHashMap<>(Npy.readNpz(plain));
        int[] st = legacy.get("state").data();
        legacy.put("state", NpyArray.of(java.util.Arrays.copyOf(st, 6)));
        Path six = dir.resolve("six.npz");
        Npy.writeNpz(six, legacy);
        run("train", "--samples", "100", "--engine", "reference", "--seed", "5", "--resume", six.toString());
        int[] bad = st.clone();
        bad[1] = -4;
        legacy.put("state", NpyArray.of(bad));
        Path negative = dir.resolve("negative.npz");
        Npy.writeNpz(negative, legacy);
        assertMessage("negative.npz: state gives epoch 0 and position -4; neither may be negative", "train",
                "--samples", "100", "--engine", "reference", "--seed", "5", "--resume", negative.toString());
    }

    @ParameterizedTest
    @CsvSource({"reference,600,250", "chip,40,15"})
    void twoHiddenLayersTrainSaveResumeAndEvaluate(String engine, int samples, int cut) throws Exception {
        Path whole = dir.resolve(engine + "-deep-whole.npz");
        Path checkpoint = dir.resolve(engine + "-deep-checkpoint.npz");
        Path resumed = dir.resolve(engine + "-deep-resumed.npz");
        String n = Integer.toString(samples);
        String line = run("train", "--layers", "400,24,16,10", "--samples", n, "--engine", engine, "--seed", "6",
                "--save", whole.toString(), "--checkpoint", checkpoint.toString(), "--json");
        assertTrue(line.contains("\"layers\":[400,24,16,10]"), line);
        assertTrue(line.startsWith("{\"version\":\"" + NbpCli.VERSION + "\",\"dataset\":\"mnist20\",\"engine\":\""
                + engine + "\",\"placement\":\"paper\",\"threads\":1,\"seed\":6,"), line);
        if (engine.equals("chip")) {
            assertTrue(line.contains("\"slotViolations\":0,\"copyViolations\":0"), line);
        }
        Map<String, NpyArray> saved = Npy.readNpz(whole);
        assertEquals(List.of("W1", "W2", "W3"), List.copyOf(saved.keySet()));
        assertArrayEquals(new int[] {24, 16}, saved.get("W2").shape());
        Map<String, NpyArray> cp = Npy.readNpz(checkpoint);
        assertEquals(List.of("W1", "W2", "W3", "W2T_minus", "W3T_minus", "W2T_plus", "W3T_plus", "slot1_hidden",
                "slot1_output", "state"), List.copyOf(cp.keySet()));
        assertArrayEquals(new int[] {10, 16}, cp.get("W3T_minus").shape());
        // an interrupted run: the reference's state after `cut` samples, then resumed through the CLI
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        NbpReference ref = new NbpReference(NbpWeights.heInit(new int[] {400, 24, 16, 10}, 6));
        int[] order = train.shuffledOrder(6, 0);
        int[] buf = new int[400];
        for (int k = 0; k < cut; k++) {
            ref.train(buf, train.copyOnPixels(order[k], buf), train.label(order[k]));
        }
        NbpCli.Options o = NbpCli.parse(new String[] {"train", "--samples", n, "--seed", "6"});
        NbpCli.writeCheckpoint(checkpoint, ref.weights(), 0, cut, o);
        run("train", "--layers", "400,24,16,10", "--samples", n, "--engine", engine, "--seed", "6", "--resume",
                checkpoint.toString(), "--save", resumed.toString());
        Map<String, NpyArray> r = Npy.readNpz(resumed);
        for (String w : List.of("W1", "W2", "W3")) {
            assertArrayEquals(saved.get(w).data(), r.get(w).data(), w + " after resuming");
        }
        // the whole run's weights: reference training, and eval on both engines agree with the reference
        for (int k = cut; k < samples; k++) {
            ref.train(buf, train.copyOnPixels(order[k], buf), train.label(order[k]));
        }
        assertArrayEquals(ref.weights().matrix(3), saved.get("W3").data());
        BinarizedDataset test = Datasets.load(Dataset.MNIST20, Split.TEST);
        int[] sums = new int[10];
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            correct += ref.infer(buf, test.copyOnPixels(i, buf), sums) == test.label(i) ? 1 : 0;
        }
        String expected = String.format(java.util.Locale.ROOT, "\"testAccuracyArgmax\":%.4f", 100.0 * correct
                / test.size());
        String eval = run("eval", "--weights", whole.toString(), "--engine", engine, "--json");
        assertTrue(eval.contains(expected), eval + " should contain " + expected);
        // --layers must agree with the checkpoint it resumes
        assertMessage("--hidden/--layers 400,24,12,10 does not match the weights read from " + checkpoint.getFileName()
                + " (400,24,16,10)", "train", "--layers", "400,24,12,10", "--samples", n, "--engine", engine,
                "--seed", "6", "--resume", checkpoint.toString());
    }

    @Test
    void layersAreValidatedNamingTheBadValue() {
        assertMessage("--layers: '400,400' has 2 entries; needs at least 3", "train", "--layers", "400,400");
        assertMessage("--layers: first entry 784 must be the input size of mnist20 (400)", "train", "--layers",
                "784,400,10");
        assertMessage("--layers: first entry 400 must be the input size of fmnist28 (784)", "train", "--dataset",
                "fmnist28", "--layers", "400,400,10");
        assertMessage("--layers: last entry 12 must be 10 (the output classes)", "train", "--layers", "400,400,12");
        assertMessage("--layers: entry 3 (0) must be positive", "train", "--layers", "400,200,0,10");
        assertMessage("--layers: entry 2 'abc' is not a positive integer", "train", "--layers", "400,abc,10");
        assertMessage("--layers: entry 3 '' is not a positive integer", "train", "--layers", "400,200,,10");
        assertMessage("give either --hidden or --layers, not both", "train", "--hidden", "40", "--layers",
                "400,40,10");
        assertMessage("--steps: entry 2 '3' is not an even step 2..128", "train", "--steps", "2,3");
        assertMessage("--steps: entry 1 'x' is not an even step 2..128", "train", "--steps", "x,2");
        assertMessage("--steps gives 2 steps, the layers 400,40,40,10 have 3 weight matrices", "train", "--layers",
                "400,40,40,10", "--steps", "2,4", "--samples", "1", "--engine", "reference");
        assertArrayEquals(new int[] {4, 2, 2}, NbpCli.parse(new String[] {"train", "--steps", "4,2,2"}).steps());
        assertArrayEquals(new int[] {784, 40, 10}, NbpCli.parse(new String[] {"train", "--dataset", "fmnist28",
            "--hidden", "40"}).layers());
        assertArrayEquals(new int[] {400, 300, 200, 10}, NbpCli.parse(new String[] {"train", "--layers",
            "400,300,200,10"}).layers());
    }

    @Test
    void aOneHiddenLayerCheckpointKeepsThePaperLayout() throws Exception {
        Path checkpoint = dir.resolve("one.npz");
        NbpCli.Options o = NbpCli.parse(new String[] {"train", "--seed", "5"});
        NbpCli.writeCheckpoint(checkpoint, NbpWeights.heInit(400, 30, 10, 5), 0, 7, o);
        assertEquals(List.of("W1", "W2", "W2T_minus", "W2T_plus", "slot1_hidden", "slot1_output", "state"),
                List.copyOf(Npy.readNpz(checkpoint).keySet()));
    }

    @Test
    void badArgumentsAndFilesAreOneLineErrors() throws Exception {
        assertMessage("--hidden: 0 must be positive", "train", "--hidden", "0");
        assertMessage("unknown option '--epoch'", "train", "--epoch", "2");
        assertMessage("give either --epochs or --samples, not both", "train", "--epochs", "1", "--samples", "5");
        assertMessage("--engine: 'gpu' is not chip or reference", "train", "--engine", "gpu");
        assertMessage("--compute-layout: 'maybe' is not on or off", "train", "--compute-layout", "maybe");
        assertMessage("--init: no such file /nonexistent.npz", "train", "--init", "/nonexistent.npz");
        Path text = dir.resolve("w.npz");
        Files.writeString(text, "hello");
        assertMessage("w.npz: not a .npz archive", "eval", "--weights", text.toString());
        assertMessage("eval needs --weights FILE.npz", "eval");
        // options that apply only to train are refused by eval, not ignored
        assertMessage("eval does not take --samples (a train option)", "eval", "--weights", text.toString(),
                "--samples", "5");
        assertMessage("eval does not take --seed (a train option)", "eval", "--seed", "3");
        assertMessage("layers [400, 10000000, 10]: W1 would hold 4000000000 weights, more than one Java array can",
                "train", "--hidden", "10000000");
        // the chip's own estimate, before anything is built
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> NbpChipSession.checkHeap(new int[] {400, 1_000_000, 10}, 8L << 30));
        assertEquals("the emulated circuit for layers [400, 1000000, 10] holds 1250000000 plastic synapses, at least"
                + " 47683 MiB at about 40 bytes each; the Java heap allows 8192 MiB (raise it with -Xmx, choose smaller"
                + " layers, or train with the reference engine)", big.getMessage());
        NbpChipSession.checkHeap(new int[] {400, 1600, 10}, 1L << 30);
        // an odd weight is refused before any work, naming the file and the first such weight
        int[] w1 = new int[400 * 4];
        w1[4 * 2 + 3] = 5;
        Path odd = dir.resolve("odd.npz");
        Npy.writeNpz(odd, java.util.Map.of("W1", new io.github.loihiemu.nbp.io.NpyArray(new int[] {400, 4}, w1),
                "W2", new io.github.loihiemu.nbp.io.NpyArray(new int[] {4, 10}, new int[40])));
        assertMessage("odd.npz: W1[2, 3] = 5 is odd: the chip's 8-bit mixed weights are even (-256..254)", "eval",
                "--weights", odd.toString());
        assertMessage("unknown command 'fit'", "fit");
    }

    @Test
    void helpAfterACommandPrintsThatCommandsHelp() {
        String global = run("--help");
        assertTrue(global.startsWith("usage: nbp train"), global);
        assertTrue(global.contains("nbp eval") && global.contains("nbp report"), global);
        String train = run("train", "--help");
        assertTrue(train.startsWith("usage: nbp train"), train);
        assertTrue(train.matches("(?s).*\n +--quiet +no progress on standard error\n.*"), train);
        assertTrue(train.contains("(default 400)"), "defaults are shown: " + train);
        String eval = run("eval", "-h");
        assertTrue(eval.startsWith("usage: nbp eval --weights FILE.npz"), eval);
        assertTrue(!eval.contains("--epochs"), eval);
        assertTrue(run("report", "--help").startsWith("usage: nbp report"));
        assertTrue(train.contains("--hidden H              one hidden layer of H units (default 400)"), train);
        // train's synopsis (the global help's first lines) names exactly the options its help describes
        String synopsis = global.substring(0, global.indexOf("nbp eval"));
        java.util.Set<String> named = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\[|] ?(--[a-z-]+)").matcher(synopsis);
        while (m.find()) {
            named.add(m.group(1));
        }
        java.util.Set<String> described = new java.util.TreeSet<>();
        m = java.util.regex.Pattern.compile("\n +(?:-[a-zA-Z], )?(--[a-z-]+)").matcher(train);
        while (m.find()) {
            described.add(m.group(1));
        }
        described.removeAll(List.of("--help", "--version"));
        assertEquals(described, named);
        assertEquals(19, named.size(), named.toString());
        // help and version on every command; an unknown word is one line naming it
        assertTrue(run("eval", "--help").contains("(default chip)"));
        assertTrue(run("report", "-h").contains("--raster-samples K     samples in the raster (default 3)"));
        assertEquals("nbp (loihi-emu) " + NbpCli.VERSION + "\n", run("train", "--version"));
        assertMessage("train: unexpected argument 'foo' (nbp train --help lists the options)", "train", "foo");
        assertMessage("Invalid value for option '--hidden': 'abc' is not an int", "train", "--hidden", "abc");
        assertMessage("option '--seed' (S) should be specified only once", "train", "--seed", "1", "--seed", "2");
        // "@name" is a file name (picocli would read it as a file of arguments)
        assertMessage("--init: no such file @args.txt", "train", "--init", "@args.txt");
    }

    @Test
    void typosGetASuggestion() {
        assertMessage("unknown option '--epoch' (did you mean --epochs? nbp train --help lists them)", "train",
                "--epoch", "2");
        assertMessage("unknown option '--thread' (did you mean --threads? nbp eval --help", "eval", "--thread", "2");
        assertMessage("unknown report option '--sample' (did you mean --samples? nbp report --help", "report", "--sample", "2");
        assertMessage("unknown option '--frobnicate' (nbp train --help lists them)", "train", "--frobnicate");
    }

    /** The README's command-line section is the usage the program prints. */
    @Test
    void theReadmeUsageIsTheHelp() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```\n./nbp train");
        String block = readme.substring(start + 4, readme.indexOf("```", start + 4));
        String printed = run("--help");
        assertEquals(normalise(printed.replace("usage: ", "")), normalise(block.replace("./nbp", "nbp")));
    }

    /** The compute layout changes the emulator's speed, never what it prints (bar the samples per second). */
    @org.junit.jupiter.api.Test
    void computeLayoutOffPrintsTheSameRun() {
        String on = run("train", "--samples", "40", "--json", "--quiet");
        String off = run("train", "--samples", "40", "--json", "--quiet", "--compute-layout", "off");
        String rate = "\"samplesPerSecond\":[0-9.]+";
        assertTrue(on.contains("\"energyPerSampleUj\""), on);
        assertEquals(off.replaceAll(rate, ""), on.replaceAll(rate, ""));
    }

    private static String normalise(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static void assertMessage(String fragment, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NbpCli.run(args, new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
