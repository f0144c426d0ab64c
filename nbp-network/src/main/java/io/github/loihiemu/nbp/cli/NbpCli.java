package io.github.loihiemu.nbp.cli;

import io.github.loihiemu.nbp.NbpChipSession;
import io.github.loihiemu.nbp.NbpFiles;
import io.github.loihiemu.nbp.NbpInference;
import io.github.loihiemu.nbp.NbpReference;
import io.github.loihiemu.nbp.NbpResumeState;
import io.github.loihiemu.nbp.NbpTrainer;
import io.github.loihiemu.nbp.NbpWeights;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;

import io.github.loihiemu.nbp.io.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import static io.github.loihiemu.nbp.cli.NbpCliArgs.existing;
import static io.github.loihiemu.nbp.cli.NbpCliArgs.positive;
import static io.github.loihiemu.nbp.cli.NbpCliArgs.writable;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code nbp} command line: {@code train}, {@code eval} and {@code report}, parsed by picocli. Each option is one
 * field of {@link NbpTrainer.Config}, {@link NbpFiles} or {@link io.github.loihiemu.nbp.NbpReport.Config}; the CLI
 * reads files, shows progress, writes checkpoints and prints, and holds no training logic. Prints for humans, or one
 * JSON object per epoch with {@code --json}; a bad argument or file is a one-line error and exit status 2, with no
 * partial output.
 */
@Command(name = "nbp", mixinStandardHelpOptions = true, version = "nbp (loihi-emu) " + NbpCli.VERSION,
        synopsisHeading = "usage: ",
        customSynopsis = {
            "nbp train [--dataset mnist20|mnist28|fmnist28] [--epochs E | --samples N]"
                + " [--hidden H | --layers IN,H1,...,10]",
            "          [--steps S1,...] [--seed S] [--threads T] [--init FILE.npz] [--order FILE.npy]"
                + " [--save FILE.npz]",
            "          [--checkpoint FILE.npz] [--checkpoint-every N] [--resume FILE.npz] [--placement paper|auto]",
            "          [--compute-layout on|off] [--engine chip|reference] [--json] [--quiet]",
            "       nbp eval --weights FILE.npz [--dataset mnist20|mnist28|fmnist28] [--threads T]"
                + " [--engine chip|reference]",
            "          [--json]",
            "       " + NbpReportCommand.SYNOPSIS_1,
            "          " + NbpReportCommand.SYNOPSIS_2,
            "          " + NbpReportCommand.SYNOPSIS_3,
            "          " + NbpReportCommand.SYNOPSIS_4},
        descriptionHeading = "%n", optionListHeading = "%n", sortOptions = false,
        description = "nBP on-chip backpropagation on the emulated Loihi chip. 'nbp COMMAND --help' describes a command"
                + " with its defaults.",
        commandListHeading = "%nCommands:%n",
        subcommands = {NbpCli.Train.class, NbpCli.Eval.class, NbpReportCommand.class})
public final class NbpCli {
    private NbpCli() {
    }

    /** Parsed options of {@code train} and {@code eval}, in the units of the public API. */
    record Options(Dataset dataset, int epochs, int samples, int[] layers, long seed, int threads, boolean chip,
                   boolean json, Path init, Path order, Path save, Path weights, Path checkpoint,
                   int checkpointEvery, Path resume, boolean paperPlacement, boolean layersGiven, int[] steps,
                   boolean quiet, boolean computeLayout) {
        /** Units of the first hidden layer. */
        int hidden() {
            return layers[1];
        }
    }

    /** A subcommand: runs what its parsed options ask for. */
    interface Runner {
        void run(PrintStream out, PrintStream err) throws IOException;
    }

    /** Widest options column: wide enough that "--checkpoint FILE.npz" keeps its description on its line. */
    private static final int OPTIONS_COLUMN = 24;

    /** The usage width, as wide as the README's code block. */
    private static final int WIDTH = 118;

    @Command(name = "train", mixinStandardHelpOptions = true, version = "nbp (loihi-emu) " + NbpCli.VERSION,
            synopsisHeading = "usage: ", separator = " ",
            customSynopsis = {
                "nbp train [--dataset mnist20|mnist28|fmnist28] [--epochs E | --samples N]"
                    + " [--hidden H | --layers IN,H1,...,10]",
                "          [--steps S1,...] [--seed S] [--threads T] [--init FILE.npz] [--order FILE.npy]"
                    + " [--save FILE.npz]",
                "          [--checkpoint FILE.npz] [--checkpoint-every N] [--resume FILE.npz] [--placement paper|auto]",
                "          [--compute-layout on|off] [--engine chip|reference] [--json] [--quiet]"},
            descriptionHeading = "%n", optionListHeading = "%n", sortOptions = false,
            description = "Trains nBP on the emulated chip (or with the reference algorithm) and scores every epoch on"
                    + " the test set.")
    static final class Train implements Runner {
        @Option(names = "--dataset", paramLabel = "D", defaultValue = "mnist20",
                description = "mnist20 (20x20, the paper's), mnist28 or fmnist28 (default ${DEFAULT-VALUE})")
        String dataset;
        @Option(names = "--epochs", paramLabel = "E", defaultValue = "1",
                description = "full epochs to train (default ${DEFAULT-VALUE})")
        int epochs;
        @Option(names = "--samples", paramLabel = "N",
                description = "train one epoch of the first N samples of its order instead")
        Integer samples;
        @Option(names = "--hidden", paramLabel = "H", defaultValue = "400",
                description = "one hidden layer of H units (default ${DEFAULT-VALUE})")
        int hidden;
        @Option(names = "--layers", paramLabel = "IN,H1,..,10",
                description = "the whole layer list, for several hidden layers")
        String layers;
        @Option(names = "--steps", paramLabel = "S1,...",
                description = "even weight step per matrix, 2..128 (default 2 everywhere, as the paper)")
        String steps;
        @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
                description = "seed of the initial weights, the presentation order and the board"
                        + " (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
                description = "worker threads of the emulated board (default ${DEFAULT-VALUE}; results do not depend"
                        + " on it)")
        int threads;
        @Option(names = "--init", paramLabel = "FILE.npz",
                description = "start from these weights (W1, W2, ...) instead of He initialisation")
        String init;
        @Option(names = "--order", paramLabel = "FILE.npy",
                description = "present the training set in this order (one epoch)")
        String order;
        @Option(names = "--save", paramLabel = "FILE.npz", description = "write the weights after every epoch")
        String save;
        @Option(names = "--checkpoint", paramLabel = "FILE.npz",
                description = "write a checkpoint after every epoch (and every N samples with --checkpoint-every)")
        String checkpoint;
        @Option(names = "--checkpoint-every", paramLabel = "N",
                description = "also write the checkpoint every N samples")
        Integer checkpointEvery;
        @Option(names = "--resume", paramLabel = "FILE.npz",
                description = "continue from a checkpoint to the requested --epochs or --samples")
        String resume;
        @Option(names = "--placement", paramLabel = "P", defaultValue = "paper",
                description = "paper (the authors' core ranges) or auto (packed: another energy estimate)"
                        + " (default ${DEFAULT-VALUE})")
        String placement;
        @Option(names = "--compute-layout", paramLabel = "L", defaultValue = "on",
                description = "on: thin chip cores run merged for speed; off: every chip core runs as it is (same"
                        + " results, counters and energy either way) (default ${DEFAULT-VALUE})")
        String computeLayout;
        @Option(names = "--engine", paramLabel = "E", defaultValue = "chip",
                description = "chip or reference (the plain-Java algorithm) (default ${DEFAULT-VALUE})")
        String engine;
        @Option(names = "--json", description = "one JSON object per epoch instead of a line of text")
        boolean json;
        @Option(names = "--quiet", description = "no progress on standard error")
        boolean quiet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Options options() {
            ParseResult given = spec.commandLine().getParseResult();
            Dataset d = Dataset.parse(dataset);
            boolean epochsGiven = given.hasMatchedOption("--epochs");
            positive("--epochs", Integer.toString(epochs));
            if (samples != null) {
                positive("--samples", samples.toString());
            }
            positive("--hidden", Integer.toString(hidden));
            positive("--threads", Integer.toString(threads));
            if (checkpointEvery != null) {
                positive("--checkpoint-every", checkpointEvery.toString());
            }
            boolean hiddenGiven = given.hasMatchedOption("--hidden");
            if (hiddenGiven && layers != null) {
                throw new IllegalArgumentException("give either --hidden or --layers, not both");
            }
            if (epochsGiven && samples != null) {
                throw new IllegalArgumentException("give either --epochs or --samples, not both");
            }
            if (checkpointEvery != null && checkpoint == null) {
                throw new IllegalArgumentException("--checkpoint-every needs --checkpoint FILE.npz");
            }
            if (resume != null && init != null) {
                throw new IllegalArgumentException("give either --init or --resume, not both");
            }
            // --hidden H counts as given layers too: an --init or --resume of another size is an error, not ignored
            int[] l = layers != null ? parseLayers(layers, d) : new int[] {d.inputCount(), hidden, 10};
            int[] s = steps == null ? null : parseSteps(steps);
            int n = samples == null ? -1 : samples;
            return new Options(d, n > 0 ? 1 : epochs, n, l, seed, threads, engine(engine), json,
                    init == null ? null : existing("--init", init), order == null ? null : existing("--order", order),
                    save == null ? null : writable("--save", save), null,
                    checkpoint == null ? null : writable("--checkpoint", checkpoint),
                    checkpointEvery == null ? 0 : checkpointEvery, resume == null ? null : existing("--resume", resume),
                    placement(placement), hiddenGiven || layers != null, s, quiet, onOff(computeLayout));
        }

        @Override
        public void run(PrintStream out, PrintStream err) throws IOException {
            train(options(), out, err);
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, version = "nbp (loihi-emu) " + NbpCli.VERSION,
            synopsisHeading = "usage: ", separator = " ",
            customSynopsis = {
                "nbp eval --weights FILE.npz [--dataset mnist20|mnist28|fmnist28] [--threads T]"
                    + " [--engine chip|reference]",
                "         [--json]"},
            descriptionHeading = "%n", optionListHeading = "%n", sortOptions = false,
            description = "Scores a weight file on the test set, on the emulated inference circuit (or with the"
                    + " reference algorithm).")
    static final class Eval implements Runner {
        @Option(names = "--weights", paramLabel = "FILE.npz", description = "the weights to score (required)")
        String weights;
        @Option(names = "--dataset", paramLabel = "D", defaultValue = "mnist20",
                description = "mnist20, mnist28 or fmnist28 (default ${DEFAULT-VALUE})")
        String dataset;
        @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
                description = "worker threads of the emulated board (default ${DEFAULT-VALUE})")
        int threads;
        @Option(names = "--engine", paramLabel = "E", defaultValue = "chip",
                description = "chip or reference (default ${DEFAULT-VALUE})")
        String engine;
        @Option(names = "--json", description = "one JSON object instead of a line of text")
        boolean json;

        Options options() {
            Dataset d = Dataset.parse(dataset);
            positive("--threads", Integer.toString(threads));
            boolean chip = engine(engine);
            if (weights == null) {
                throw new IllegalArgumentException("eval needs --weights FILE.npz");
            }
            return new Options(d, 1, -1, new int[] {d.inputCount(), 400, 10}, 1, threads, chip, json, null, null,
                    null, existing("--weights", weights), null, 0, null, true, false, null, true, true);
        }

        @Override
        public void run(PrintStream out, PrintStream err) throws IOException {
            evaluate(options(), out);
        }
    }

    private static boolean engine(String v) {
        if (!v.equals("chip") && !v.equals("reference")) {
            throw new IllegalArgumentException("--engine: '" + v + "' is not chip or reference");
        }
        return v.equals("chip");
    }

    private static boolean onOff(String v) {
        if (!v.equals("on") && !v.equals("off")) {
            throw new IllegalArgumentException("--compute-layout: '" + v + "' is not on or off");
        }
        return v.equals("on");
    }

    static boolean placement(String v) {
        if (!v.equals("paper") && !v.equals("auto")) {
            throw new IllegalArgumentException("--placement: '" + v + "' is not paper or auto");
        }
        return v.equals("paper");
    }

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

    /** The command line with its three commands, printing help and version to {@code out}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new NbpCli());
        cl.setExpandAtFiles(false);     // "@name" is a file name here, never a file of arguments
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setUsageHelpWidth(WIDTH);
        cl.setUsageHelpLongOptionsMaxWidth(OPTIONS_COLUMN);
        return cl;
    }

    /**
     * Parses {@code args}; any error of the command line becomes one {@link IllegalArgumentException} line naming the
     * bad word, with a suggestion for a near-miss option.
     */
    static ParseResult parseArgs(CommandLine cl, String[] args) {
        try {
            return cl.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new IllegalArgumentException(unmatched(e));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage().replace('\n', ' ').strip());
        }
    }

    /** Options that only train takes: eval names them as such rather than as unknown. */
    private static final java.util.Set<String> TRAIN_ONLY = java.util.Set.of("--epochs", "--samples", "--hidden",
            "--layers", "--steps", "--seed", "--init", "--order", "--save", "--checkpoint", "--checkpoint-every",
            "--resume", "--placement", "--compute-layout", "--quiet");

    private static String unmatched(CommandLine.UnmatchedArgumentException e) {
        String command = e.getCommandLine().getCommandName();
        String word = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
        if (command.equals("nbp")) {
            return word.startsWith("-") ? "unknown option '" + word + "' (" + suggestion(word,
                    List.of("--help", "--version")) + "nbp --help lists the commands)"
                    : "unknown command '" + word + "' (expected train, eval or report)";
        }
        if (!word.startsWith("-")) {
            return command + ": unexpected argument '" + word + "' (nbp " + command + " --help lists the options)";
        }
        String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        if (command.equals("eval") && TRAIN_ONLY.contains(name)) {
            return "eval does not take " + name + " (a train option); eval takes --weights, --dataset, --threads,"
                    + " --engine and --json";
        }
        List<String> known = new ArrayList<>(e.getCommandLine().getCommandSpec().optionsMap().keySet());
        return "unknown " + (command.equals("report") ? "report " : "") + "option '" + word + "' ("
                + suggestion(name, known) + "nbp " + command + " --help lists them)";
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(out, err);
        if (args.length == 0) {
            cl.usage(new PrintWriter(err, true));
            return 2;
        }
        ParseResult parsed = parseArgs(cl, args);
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        if (!parsed.hasSubcommand()) {
            cl.usage(new PrintWriter(err, true));
            return 2;
        }
        Runner command = (Runner) parsed.subcommand().commandSpec().userObject();
        try {
            command.run(out, err);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return 0;
    }

    /** The options of {@code nbp train ...} or {@code nbp eval ...}, checked; for tests. */
    static Options parse(String[] args) {
        ParseResult parsed = parseArgs(commandLine(System.out, System.err), args);
        Object command = parsed.subcommand().commandSpec().userObject();
        return command instanceof Train t ? t.options() : ((Eval) command).options();
    }

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
    static void writeCheckpoint(Path file, NbpWeights w, NbpResumeState r, int epoch, int position, Options o,
                                long orderHash) throws IOException {
        NbpFiles.writeCheckpoint(file, w, r, new NbpFiles.Position(epoch, position, o.seed(), o.dataset(), orderHash));
    }

    /** As above, for weights no run has trained yet (W_kT+ = W_k transposed, nothing pending). */
    static void writeCheckpoint(Path file, NbpWeights w, int epoch, int position, Options o, long orderHash)
            throws IOException {
        writeCheckpoint(file, w, NbpResumeState.initial(w), epoch, position, o, orderHash);
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
            // packed: identical outputs on any placement, and the cheaper board to build and run
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
        NbpResumeState carried = null;     // what a checkpoint carries besides the weights
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
            carried = c.resumeState();
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
                o.paperPlacement(), o.steps() == null ? List.of() : java.util.Arrays.stream(o.steps()).boxed().toList(),
                o.computeLayout());
        // the one trainer: the CLI only reads files, reports progress, writes checkpoints and prints each epoch
        try (NbpTrainer trainer = new NbpTrainer(tc, weights, train, test)) {
            if (fixedOrder != null) {
                trainer.fixOrder(fixedOrder);
            }
            trainer.startAt(startEpoch, startPosition);
            if (carried != null) {
                trainer.restore(carried);
            }
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
                            writeCheckpoint(o.checkpoint(), trainer.weights(), trainer.resumeState(), e, done, o,
                                    orderHash);
                        } catch (IOException x) {
                            throw new java.io.UncheckedIOException(x);
                        }
                    }
                });
                bar.done();
                double seconds = (System.nanoTime() - t0) / 1e9;
                NbpWeights trained = trainer.weights();
                NbpResumeState boundary = trainer.resumeState();
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
                        writeCheckpoint(o.checkpoint(), trained, boundary, epoch, perEpoch, o, orderHash);
                    } else {
                        writeCheckpoint(o.checkpoint(), trained, boundary, epoch + 1, 0, o, orderHash);
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
