package io.github.loihiemu.nbp.cli;

import io.github.loihiemu.nbp.NbpChipSession;
import io.github.loihiemu.nbp.NbpFiles;
import io.github.loihiemu.nbp.NbpInference;
import io.github.loihiemu.nbp.NbpReference;
import io.github.loihiemu.nbp.NbpTrainer;
import io.github.loihiemu.nbp.NbpWeights;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;

import io.github.loihiemu.nbp.io.JsonObject;

import static io.github.loihiemu.nbp.cli.NbpCliArgs.existing;
import static io.github.loihiemu.nbp.cli.NbpCliArgs.integer;
import static io.github.loihiemu.nbp.cli.NbpCliArgs.positive;
import static io.github.loihiemu.nbp.cli.NbpCliArgs.value;
import static io.github.loihiemu.nbp.cli.NbpCliArgs.writable;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code nbp} command line:
 * <pre>
 * nbp train [--dataset mnist20|mnist28|fmnist28] [--epochs E | --samples N] [--hidden H | --layers IN,H1,..,10]
 *           [--steps S1,..] [--seed S] [--threads T]
 *           [--init FILE.npz] [--order FILE.npy] [--save FILE.npz] [--engine chip|reference] [--json]
 * nbp eval --weights FILE.npz [--dataset ...] [--threads T] [--engine chip|reference] [--json]
 * nbp report [--mode train|inference] [--samples N] [--params davies2018|silicon] [--raster FILE.png] ...
 * </pre>
 * Prints for humans, or one JSON object per epoch with {@code --json}; a bad argument or file is a one-line error
 * and a non-zero exit status, with no partial output.
 */
public final class NbpCli {
    private NbpCli() {
    }

    /** Parsed options of {@code train}. */
    record Options(Dataset dataset, int epochs, int samples, int[] layers, long seed, int threads, boolean chip,
                   boolean json, Path init, Path order, Path save, Path weights, Path checkpoint,
                   int checkpointEvery, Path resume, boolean paperPlacement, boolean layersGiven, int[] steps,
                   boolean quiet) {
        /** Units of the first hidden layer. */
        int hidden() {
            return layers[1];
        }
    }

    private static final String USAGE = "usage: nbp train [--dataset mnist20|mnist28|fmnist28] [--epochs E | --samples N]"
            + " [--hidden H | --layers IN,H1,...,10] [--steps S1,...] [--seed S] [--threads T] [--init FILE.npz] [--order FILE.npy] [--save FILE.npz]"
            + " [--checkpoint FILE.npz] [--checkpoint-every N] [--resume FILE.npz] [--placement paper|auto]"
            + " [--engine chip|reference] [--json] [--quiet]\n       nbp eval --weights FILE.npz [--dataset ...] [--threads T]"
            + " [--engine chip|reference] [--json]\n       " + NbpReportCommand.USAGE;

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "nbp-logback.xml");
        try {
            System.exit(run(args, System.out, System.err));
        } catch (IllegalArgumentException e) {
            System.err.println("nbp: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("nbp: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            out.println("nbp (loihi-emu) " + VERSION);
            return 0;
        }
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {    // after a command: that command's help
                out.println(switch (args[0]) {
                    case "train" -> TRAIN_HELP;
                    case "eval" -> EVAL_HELP;
                    case "report" -> "usage: " + NbpReportCommand.USAGE;
                    default -> USAGE;
                });
                return 0;
            }
        }
        if (args[0].equals("report")) {
            try {
                return NbpReportCommand.run(args, out, err);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        Options o = parse(args);
        try {
            if (args[0].equals("train")) {
                if (o.weights() != null) {
                    throw new IllegalArgumentException("--weights belongs to eval; train takes --init");
                }
                train(o, out, err);
            } else if (args[0].equals("eval")) {
                if (o.weights() == null) {
                    throw new IllegalArgumentException("eval needs --weights FILE.npz");
                }
                evaluate(o, out);
            } else {
                throw new IllegalArgumentException("unknown command '" + args[0] + "' (expected train, eval or report)");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return 0;
    }

    /** Every option of train and eval, for typo suggestions. */
    private static final List<String> OPTIONS = List.of("--dataset", "--epochs", "--samples", "--hidden", "--layers",
            "--steps", "--seed", "--threads", "--init", "--order", "--save", "--checkpoint", "--checkpoint-every",
            "--resume", "--placement", "--engine", "--json", "--quiet", "--weights");

    private static final String TRAIN_HELP = USAGE.substring(0, USAGE.indexOf('\n')) + """

            Trains nBP on the emulated chip (or with the reference algorithm) and scores every epoch on the test set.
              --dataset D           mnist20 (20x20, the paper's), mnist28 or fmnist28 (default mnist20)
              --epochs E            full epochs to train (default 1)
              --samples N           train one epoch of the first N samples of its order instead
              --hidden H            one hidden layer of H units (default 400)
              --layers IN,H1,..,10  the whole layer list, for several hidden layers
              --steps S1,...        even weight step per matrix, 2..128 (default 2 everywhere, as the paper)
              --seed S              seed of the initial weights, the presentation order and the board (default 1)
              --threads T           worker threads of the emulated board (default 1; results do not depend on it)
              --init FILE.npz       start from these weights (W1, W2, ...) instead of He initialisation
              --order FILE.npy      present the training set in this order (one epoch)
              --save FILE.npz       write the weights after every epoch
              --checkpoint FILE.npz write a checkpoint after every epoch (and every N samples with --checkpoint-every)
              --checkpoint-every N  also write the checkpoint every N samples
              --resume FILE.npz     continue from a checkpoint to the requested --epochs or --samples
              --placement P         paper (the authors' core ranges, default) or auto (packed: faster emulation)
              --engine E            chip (default) or reference (the plain-Java algorithm)
              --json                one JSON object per epoch instead of a line of text
              --quiet               no progress on standard error""";

    private static final String EVAL_HELP = "usage: " + USAGE.substring(USAGE.indexOf("nbp eval"),
            USAGE.indexOf('\n', USAGE.indexOf("nbp eval"))) + """

            Scores a weight file on the test set, on the emulated inference circuit (or with the reference algorithm).
              --weights FILE.npz    the weights to score (required)
              --dataset D           mnist20, mnist28 or fmnist28 (default mnist20)
              --threads T           worker threads of the emulated board (default 1)
              --engine E            chip (default) or reference
              --json                one JSON object instead of a line of text""";

    /** "did you mean --epochs? " for an option within two edits of a known one, else "". */
    static String suggestion(String given, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(given, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : "did you mean " + best + "? ";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Options that only train uses: eval refuses them rather than ignore them. */
    private static final java.util.Set<String> TRAIN_ONLY = java.util.Set.of("--epochs", "--samples", "--hidden",
            "--layers", "--steps", "--seed", "--init", "--order", "--save", "--checkpoint", "--checkpoint-every",
            "--resume", "--placement", "--quiet");

    static Options parse(String[] args) {
        Dataset dataset = Dataset.MNIST20;
        int epochs = 1;
        int samples = -1;
        boolean epochsGiven = false;
        int hidden = 400;
        String layersArg = null;
        String stepsArg = null;
        long seed = 1;
        int threads = 1;
        boolean chip = true;
        boolean json = false;
        Path init = null;
        Path order = null;
        Path save = null;
        Path weights = null;
        Path checkpoint = null;
        Path resume = null;
        int checkpointEvery = 0;
        boolean paperPlacement = true;
        boolean eval = args.length > 0 && args[0].equals("eval");
        boolean quiet = false;
        for (int k = 1; k < args.length; k++) {
            String a = args[k];
            if (eval && TRAIN_ONLY.contains(a)) {
                throw new IllegalArgumentException("eval does not take " + a + " (a train option); eval takes --weights,"
                        + " --dataset, --threads, --engine and --json");
            }
            switch (a) {
                case "--json" -> json = true;
                case "--quiet" -> quiet = true;
                case "--placement" -> {
                    String v = value(args, ++k, a);
                    if (!v.equals("paper") && !v.equals("auto")) {
                        throw new IllegalArgumentException("--placement: '" + v + "' is not paper or auto");
                    }
                    paperPlacement = v.equals("paper");
                }
                case "--init" -> init = existing(a, value(args, ++k, a));
                case "--order" -> order = existing(a, value(args, ++k, a));
                case "--weights" -> weights = existing(a, value(args, ++k, a));
                case "--resume" -> resume = existing(a, value(args, ++k, a));
                case "--checkpoint-every" -> checkpointEvery = positive(a, value(args, ++k, a));
                case "--checkpoint" -> checkpoint = writable(a, value(args, ++k, a));
                case "--save" -> save = writable(a, value(args, ++k, a));
                case "--dataset" -> dataset = Dataset.parse(value(args, ++k, a));
                case "--epochs" -> {
                    epochs = positive(a, value(args, ++k, a));
                    epochsGiven = true;
                }
                case "--samples" -> samples = positive(a, value(args, ++k, a));
                case "--hidden" -> {
                    if (layersArg != null) {
                        throw new IllegalArgumentException("give either --hidden or --layers, not both");
                    }
                    hidden = positive(a, value(args, ++k, a));
                    layersArg = "";
                }
                case "--steps" -> stepsArg = value(args, ++k, a);
                case "--layers" -> {
                    if (layersArg != null) {
                        throw new IllegalArgumentException("give either --hidden or --layers, not both");
                    }
                    layersArg = value(args, ++k, a);
                }
                case "--threads" -> threads = positive(a, value(args, ++k, a));
                case "--seed" -> seed = integer(a, value(args, ++k, a));
                case "--engine" -> {
                    String v = value(args, ++k, a);
                    if (!v.equals("chip") && !v.equals("reference")) {
                        throw new IllegalArgumentException("--engine: '" + v + "' is not chip or reference");
                    }
                    chip = v.equals("chip");
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (" + suggestion(a, OPTIONS)
                        + "nbp " + (eval ? "eval" : "train") + " --help lists them)");
            }
        }
        if (epochsGiven && samples > 0) {
            throw new IllegalArgumentException("give either --epochs or --samples, not both");
        }
        if (checkpointEvery > 0 && checkpoint == null) {
            throw new IllegalArgumentException("--checkpoint-every needs --checkpoint FILE.npz");
        }
        if (resume != null && init != null) {
            throw new IllegalArgumentException("give either --init or --resume, not both");
        }
        // --hidden H counts as given layers too: an --init or --resume of another size is an error, not ignored
        boolean layersGiven = layersArg != null;
        int[] layers = layersArg != null && !layersArg.isEmpty() ? parseLayers(layersArg, dataset)
                : new int[] {dataset.inputCount(), hidden, 10};
        int[] steps = stepsArg == null ? null : parseSteps(stepsArg);
        return new Options(dataset, samples > 0 ? 1 : epochs, samples, layers, seed, threads, chip, json, init,
                order, save, weights, checkpoint, checkpointEvery, resume, paperPlacement, layersGiven, steps, quiet);
    }

    /**
     * Parses {@code --steps}: one even weight step 2..128 per matrix, comma-separated; errors name the entry. The
     * count is checked against the weights when training starts (a checkpoint or --init may set the layers).
     */
    static int[] parseSteps(String v) {
        String[] parts = v.split(",", -1);
        int[] s = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k].trim();
            try {
                s[k] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                s[k] = -1;
            }
            if (s[k] < 2 || s[k] > 128 || s[k] % 2 != 0) {
                throw new IllegalArgumentException("--steps: entry " + (k + 1) + " '" + p
                        + "' is not an even step 2..128");
            }
        }
        return s;
    }

    /**
     * Parses {@code --layers}: comma-separated positive sizes, at least three, the first equal to the data set's
     * input size and the last 10. Every error names the bad entry.
     */
    static int[] parseLayers(String v, Dataset dataset) {
        String[] parts = v.split(",", -1);
        if (parts.length < 3) {
            throw new IllegalArgumentException("--layers: '" + v + "' has " + parts.length + " entr"
                    + (parts.length == 1 ? "y" : "ies") + "; needs at least 3 (input,hidden,...,10)");
        }
        int[] layers = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k].trim();
            try {
                layers[k] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layers: entry " + (k + 1) + " '" + p
                        + "' is not a positive integer");
            }
            if (layers[k] <= 0) {
                throw new IllegalArgumentException("--layers: entry " + (k + 1) + " (" + layers[k]
                        + ") must be positive");
            }
        }
        if (layers[0] != dataset.inputCount()) {
            throw new IllegalArgumentException("--layers: first entry " + layers[0] + " must be the input size of "
                    + dataset.name().toLowerCase(java.util.Locale.ROOT) + " (" + dataset.inputCount() + ")");
        }
        if (layers[layers.length - 1] != 10) {
            throw new IllegalArgumentException("--layers: last entry " + layers[layers.length - 1]
                    + " must be 10 (the output classes)");
        }
        return layers;
    }

    /** A checkpoint of a run with options {@code o}: see {@link NbpFiles#writeCheckpoint}. */
    static void writeCheckpoint(Path file, NbpWeights w, int epoch, int position, Options o, long orderHash)
            throws IOException {
        NbpFiles.writeCheckpoint(file, w, new NbpFiles.Position(epoch, position, o.seed(), o.dataset(), orderHash));
    }

    /** As above, for a run without --order. */
    static void writeCheckpoint(Path file, NbpWeights w, int epoch, int position, Options o) throws IOException {
        writeCheckpoint(file, w, epoch, position, o, 0);
    }

    /** The project version, printed by --version and in every JSON object. */
    static final String VERSION = "0.1.0-SNAPSHOT";

    /** The fields every JSON object of a run carries: what produced it. */
    private static JsonObject common(Options o, int[] layers) {
        return new JsonObject().put("version", VERSION).put("dataset", o.dataset().name().toLowerCase(Locale.ROOT))
                .put("engine", o.chip() ? "chip" : "reference").put("placement", o.paperPlacement() ? "paper" : "auto")
                .put("threads", o.threads()).put("seed", o.seed()).put("layers", layers);
    }

    private static void evaluate(Options o, PrintStream out) throws IOException {
        BinarizedDataset test = Datasets.load(o.dataset(), Split.TEST);
        NbpWeights w = NbpFiles.readWeights(o.weights(), test.inputCount());
        int[] score = score(w, test, o.chip(), BoardConfig.defaults().withThreads(o.threads()));
        double acc = 100.0 * score[0] / test.size();
        double ex = 100.0 * score[1] / test.size();
        if (o.json()) {
            out.println(common(o, w.layers()).put("testAccuracyArgmax", acc, 4).put("testAccuracyExact", ex, 4)
                    .put("samples", test.size()));
        } else {
            out.printf(Locale.ROOT, "test accuracy %.2f %% (argmax), %.2f %% (exact match) on %d samples%n", acc, ex,
                    test.size());
        }
    }

    /**
     * [argmax correct, exact matches, dead output units] of {@code w} on {@code test}; an output unit is dead when
     * its sum is &lt;= 0 for every test sample (it can then never be potentiated again).
     */
    private static int[] score(NbpWeights w, BinarizedDataset test, boolean chip, BoardConfig config) {
        int n = test.size();
        int[] sums;
        int correct = 0;
        int exact = 0;
        if (chip) {
            // packed: identical outputs on any placement, about 8x faster than the authors' ranges
            try (NbpInference inf = new NbpInference(w, config.withMapping(config.mapping()
                    .withPlacementsHonoured(false)))) {
                NbpInference.Evaluation e = inf.evaluate(test);
                correct = e.argmaxCorrect();
                exact = e.exactMatches();
                sums = e.outputSums();
            }
        } else {
            NbpReference eval = new NbpReference(w.copy());
            sums = new int[n * 10];
            int[] row = new int[10];
            int[] buf = new int[test.inputCount()];
            for (int i = 0; i < n; i++) {
                correct += eval.infer(buf, test.copyOnPixels(i, buf), row) == test.label(i) ? 1 : 0;
                exact += eval.lastExactMatch(test.label(i)) ? 1 : 0;
                System.arraycopy(row, 0, sums, i * 10, 10);
            }
        }
        int dead = 0;
        for (int c = 0; c < 10; c++) {
            boolean alive = false;
            for (int i = 0; i < n && !alive; i++) {
                alive = sums[i * 10 + c] > 0;
            }
            dead += alive ? 0 : 1;
        }
        return new int[] {correct, exact, dead};
    }

    private static void train(Options o, PrintStream out, PrintStream err) throws IOException {
        // the test split loads (and its files are hash-checked) on a second thread while the training split loads
        java.util.concurrent.CompletableFuture<BinarizedDataset> testLoad = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> Datasets.load(o.dataset(), Split.TEST));
        BinarizedDataset train = Datasets.load(o.dataset(), Split.TRAIN);
        BinarizedDataset test = joined(testLoad);
        NbpWeights weights = o.init() != null ? NbpFiles.readWeights(o.init(), train.inputCount())
                : NbpWeights.heInit(o.layers(), o.seed());
        int startEpoch = 0;
        int startPosition = 0;
        long checkpointOrder = -1;      // the order hash a checkpoint recorded (0: none); -1: not recorded
        if (o.resume() != null) {
            NbpFiles.Checkpoint c = NbpFiles.readCheckpoint(o.resume(), train.inputCount());
            if (c.dataset() != o.dataset() || c.seed() != o.seed()) {
                throw new IOException(o.resume().getFileName() + ": written for dataset " + c.dataset() + " and seed "
                        + c.seed() + ", not " + o.dataset() + " and " + o.seed());
            }
            weights = c.weights();
            startEpoch = c.epoch();
            startPosition = c.position();
            checkpointOrder = c.orderHash();
        }
        if (o.layersGiven() && !java.util.Arrays.equals(o.layers(), weights.layers())) {
            throw new IllegalArgumentException("--hidden/--layers " + layers(o.layers()) + " does not match the weights read"
                    + " from " + (o.resume() != null ? o.resume() : o.init()).getFileName() + " ("
                    + layers(weights.layers()) + ")");
        }
        int[] fixedOrder = null;
        if (o.order() != null) {
            fixedOrder = NbpFiles.readOrder(o.order(), o.samples() > 0 ? o.samples() : train.size(), train.size());
            if (o.epochs() > 1) {
                throw new IllegalArgumentException("--order gives one presentation order; use it with one epoch");
            }
        }
        long orderHash = NbpFiles.orderHash(fixedOrder);
        if (checkpointOrder >= 0 && checkpointOrder != orderHash) {
            throw new IllegalArgumentException(o.resume().getFileName() + ": written by a run "
                    + (checkpointOrder == 0 ? "without --order" : "with another --order (hash "
                    + Long.toHexString(checkpointOrder) + ")") + ", but this run has "
                    + (fixedOrder == null ? "none" : o.order().getFileName() + " (hash " + Long.toHexString(orderHash)
                    + ")") + "; resume with the same presentation order");
        }
        BoardConfig config = BoardConfig.defaults().withThreads(o.threads()).withSeed(o.seed());
        if (o.steps() != null && o.steps().length != weights.layers().length - 1) {
            throw new IllegalArgumentException("--steps gives " + o.steps().length + " steps, the layers "
                    + layers(weights.layers()) + " have " + (weights.layers().length - 1) + " weight matrices");
        }
        int perEpoch = o.samples() > 0 ? Math.min(o.samples(), train.size()) : train.size();
        if (o.resume() != null && startPosition >= perEpoch && perEpoch == train.size()) {
            startEpoch++;               // a whole epoch done: the next one starts at its first sample
            startPosition = 0;
        }
        if (o.resume() != null && (startEpoch >= o.epochs() || startPosition >= perEpoch)) {
            // nothing left to train: say so, and still write what was asked for
            String where = "epoch " + (startEpoch + 1) + ", sample " + startPosition;
            if (o.json()) {
                out.println(new JsonObject().put("nothingToTrain", true).put("checkpoint",
                        o.resume().getFileName().toString()).put("checkpointEpoch", startEpoch + 1)
                        .put("checkpointPosition", startPosition).put("epochs", o.epochs())
                        .put("samplesPerEpoch", perEpoch).put("version", VERSION));
            } else {
                out.println("nothing to train: " + o.resume().getFileName() + " is at " + where + "; the run asks for "
                        + o.epochs() + " epoch" + (o.epochs() == 1 ? "" : "s") + " of " + perEpoch + " samples"
                        + (o.save() != null ? "; its weights are saved to " + o.save() : ""));
            }
            if (o.save() != null) {
                NbpFiles.writeWeights(o.save(), weights);
            }
            return;
        }
        int[] l = weights.layers();
        NbpTrainer.Config tc = new NbpTrainer.Config(o.dataset(),
                java.util.Arrays.stream(l, 1, l.length - 1).boxed().toList(), o.seed(), perEpoch, o.threads(), o.chip(),
                o.paperPlacement(), o.steps() == null ? List.of() : java.util.Arrays.stream(o.steps()).boxed().toList());
        // the one trainer: the CLI only reads files, reports progress, writes checkpoints and prints each epoch
        try (NbpTrainer trainer = new NbpTrainer(tc, weights, train, test)) {
            if (fixedOrder != null) {
                trainer.fixOrder(fixedOrder);
            }
            trainer.startAt(startEpoch, startPosition);
            while (trainer.epochsDone() < o.epochs()) {
                int epoch = trainer.epochsDone();
                int from = trainer.position();
                long t0 = System.nanoTime();
                Progress bar = new Progress(err, "epoch " + (epoch + 1) + " train", perEpoch, from,
                        o.quiet() ? Progress.Mode.QUIET : err == System.err && System.console() != null
                                ? Progress.Mode.TERMINAL : Progress.Mode.LINES);
                trainer.train(1, null, (e, done, total) -> {
                    bar.step(done);
                    if (o.checkpointEvery() > 0 && done % o.checkpointEvery() == 0 && done < total) {
                        try {
                            writeCheckpoint(o.checkpoint(), trainer.weights(), e, done, o, orderHash);
                        } catch (IOException x) {
                            throw new java.io.UncheckedIOException(x);
                        }
                    }
                });
                bar.done();
                double seconds = (System.nanoTime() - t0) / 1e9;
                NbpWeights trained = trainer.weights();
                NbpChipSession chip = trainer.chipSession();
                // the training-set pass (reference forward passes, independent of the chip) runs on a second
                // thread while the test set is scored on the emulated circuit: together they took ~10 % of a
                // 20,000-sample run
                int[] order = trainer.order(epoch);
                java.util.concurrent.CompletableFuture<Double> trainPass = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> trainAccuracy(trained, train, order, perEpoch));
                int[] score = score(trained, test, chip != null, config);
                int correct = score[0];
                int exact = score[1];
                int dead = score[2];
                long slotViolations = chip != null ? chip.totalSlotViolations() : -1;
                long copyViolations = chip != null ? chip.copyViolations() : -1;
                double trainAcc = joined(trainPass);
                if (o.save() != null) {
                    NbpFiles.writeWeights(o.save(), trained);
                }
                if (o.checkpoint() != null) {
                    // a partial epoch (--samples) records where it stopped in it, so that a later run asking for
                    // more samples continues this epoch's order there
                    if (perEpoch < train.size()) {
                        writeCheckpoint(o.checkpoint(), trained, epoch, perEpoch, o, orderHash);
                    } else {
                        writeCheckpoint(o.checkpoint(), trained, epoch + 1, 0, o, orderHash);
                    }
                }
                double energyUj = Double.NaN;
                double latencyUs = Double.NaN;
                if (chip != null && chip.board().energyReport().steps() > 0) {
                    EnergyReport r = chip.board().energyReport();
                    energyUj = r.energyPerSampleUj(chip.period());
                    latencyUs = r.latencyPerSampleUs(chip.period());
                    chip.board().resetEnergy();
                }
                double acc = 100.0 * correct / test.size();
                double ex = 100.0 * exact / test.size();
                double rate = (perEpoch - from) / seconds;
                if (o.json()) {
                    out.println(common(o, trained.layers()).put("epoch", epoch + 1).put("samples", perEpoch)
                            .put("testAccuracyArgmax", acc, 4).put("testAccuracyExact", ex, 4)
                            .put("samplesPerSecond", rate, 1).put("energyPerSampleUj", energyUj, 3)
                            .put("latencyPerSampleUs", latencyUs, 3).put("deadOutputUnits", dead)
                            .putCount("slotViolations", slotViolations).putCount("copyViolations", copyViolations)
                            .put("trainAccuracy", trainAcc, 4));
                } else {
                    out.printf(Locale.ROOT, "epoch %d: %d samples, train accuracy %.2f %%, test accuracy %.2f %%"
                                    + " (argmax), %.2f %% (exact match), %d dead output units%s, %.0f samples/s%s%n",
                            epoch + 1, perEpoch, trainAcc, acc, ex, dead, slotViolations < 0 ? ""
                                    : ", " + slotViolations + " spikes outside their slots, " + copyViolations
                                    + " copy-invariant violations", rate,
                            Double.isNaN(energyUj) ? "" : String.format(Locale.ROOT,
                                    ", emulated chip (%s placement): %.1f uJ and %.1f us per sample",
                                    o.paperPlacement() ? "paper" : "auto", energyUj, latencyUs));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The future's value, with its failure rethrown as it was thrown. */
    private static <T> T joined(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Argmax accuracy of the trained weights on the epoch's training samples. Computed with the reference forward
     * pass, which the chip's inference circuit equals exactly (tested on the whole test set), to keep an epoch short.
     */
    private static double trainAccuracy(NbpWeights w, BinarizedDataset train, int[] order, int n) {
        NbpReference eval = new NbpReference(w.copy());
        int[] sums = new int[10];
        int[] buf = new int[train.inputCount()];
        int correct = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            correct += eval.infer(buf, train.copyOnPixels(i, buf), sums) == train.label(i) ? 1 : 0;
        }
        return 100.0 * correct / n;
    }

    private static String layers(int[] l) {
        StringBuilder b = new StringBuilder();
        for (int v : l) {
            b.append(b.length() == 0 ? "" : ",").append(v);
        }
        return b.toString();
    }

    /**
     * Training progress on the error stream: on a terminal a bar redrawn in place with the rate and the time left;
     * otherwise (a log file, a pipe) one plain line per 10 %, so that logs hold no carriage-return redraws; nothing
     * with --quiet.
     */
    static final class Progress {
        enum Mode { TERMINAL, LINES, QUIET }

        private final PrintStream err;
        private final String label;
        private final int total;
        private final int first;
        private final Mode mode;
        private final long start = System.nanoTime();
        private long last;
        private int nextTenth;

        Progress(PrintStream err, String label, int total, int first, Mode mode) {
            this.err = err;
            this.label = label;
            this.total = total;
            this.first = first;
            this.mode = mode;
            this.nextTenth = first * 10 / Math.max(1, total) + 1;
        }

        void step(int done) {
            if (mode == Mode.QUIET) {
                return;
            }
            if (mode == Mode.LINES) {
                if ((long) done * 10 >= (long) nextTenth * total) {
                    while ((long) done * 10 >= (long) nextTenth * total) {
                        nextTenth++;
                    }
                    err.println(label + ": " + status(done));
                }
                return;
            }
            long now = System.nanoTime();
            if (now - last < 50_000_000L && done < total) {
                return;
            }
            last = now;
            int width = 30;
            int fill = (int) ((long) width * done / total);
            err.print("\r" + label + " [" + "#".repeat(fill) + " ".repeat(width - fill) + "] " + status(done) + "   ");
        }

        /** "6000/60000 (10 %), 3900 samples/s, 14 s left". */
        String status(int done) {
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = seconds > 0 ? (done - first) / seconds : 0;
            String left = rate > 0 ? String.format(Locale.ROOT, ", %.0f s left", (total - done) / rate) : "";
            return String.format(Locale.ROOT, "%d/%d (%d %%), %.0f samples/s%s", done, total,
                    (int) (100L * done / Math.max(1, total)), rate, left);
        }

        void done() {
            if (mode == Mode.TERMINAL) {
                err.print("\r" + " ".repeat(label.length() + 90) + "\r");
                err.flush();
            }
        }
    }
}
