package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The {@code nbp} command line: {@code nbp train [--dataset mnist20|mnist28|fmnist28] [--epochs E | --samples N]
 * [--hidden H] [--seed S] [--threads T] [--engine chip|reference] [--json]}. Prints for humans, or one JSON object
 * per epoch with {@code --json}; a bad argument is a one-line error and exit status 2.
 */
public final class NbpCli {
    private NbpCli() {
    }

    /** Parsed options of {@code train}. */
    record Options(Dataset dataset, int epochs, int samples, int hidden, long seed, int threads, boolean chip,
                   boolean json) {
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

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println("usage: nbp train [--dataset mnist20|mnist28|fmnist28] [--epochs E | --samples N] [--hidden H]"
                    + " [--seed S] [--threads T] [--engine chip|reference] [--json]");
            return args.length == 0 ? 2 : 0;
        }
        if (!args[0].equals("train")) {
            throw new IllegalArgumentException("unknown command '" + args[0] + "' (expected train)");
        }
        Options o = parse(args);
        train(o, out, err);
        return 0;
    }

    static Options parse(String[] args) {
        Dataset dataset = Dataset.MNIST20;
        int epochs = 1;
        int samples = -1;
        boolean epochsGiven = false;
        int hidden = 400;
        long seed = 1;
        int threads = 1;
        boolean chip = true;
        boolean json = false;
        for (int k = 1; k < args.length; k++) {
            String a = args[k];
            switch (a) {
                case "--json" -> json = true;
                case "--dataset" -> dataset = Dataset.parse(value(args, ++k, a));
                case "--epochs" -> {
                    epochs = positive(a, value(args, ++k, a));
                    epochsGiven = true;
                }
                case "--samples" -> samples = positive(a, value(args, ++k, a));
                case "--hidden" -> hidden = positive(a, value(args, ++k, a));
                case "--threads" -> threads = positive(a, value(args, ++k, a));
                case "--seed" -> {
                    String v = value(args, ++k, a);
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed: '" + v + "' is not an integer");
                    }
                }
                case "--engine" -> {
                    String v = value(args, ++k, a);
                    if (!v.equals("chip") && !v.equals("reference")) {
                        throw new IllegalArgumentException("--engine: '" + v + "' is not chip or reference");
                    }
                    chip = v.equals("chip");
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (epochsGiven && samples > 0) {
            throw new IllegalArgumentException("give either --epochs or --samples, not both");
        }
        return new Options(dataset, samples > 0 ? 1 : epochs, samples, hidden, seed, threads, chip, json);
    }

    private static String value(String[] args, int k, String option) {
        if (k >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[k];
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new IllegalArgumentException(option + ": " + n + " must be positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + v + "' is not a positive integer");
        }
    }

    private static void train(Options o, PrintStream out, PrintStream err) {
        BinarizedDataset train = Datasets.load(o.dataset(), Split.TRAIN);
        BinarizedDataset test = Datasets.load(o.dataset(), Split.TEST);
        NbpWeights weights = NbpWeights.heInit(train.inputCount(), o.hidden(), 10, o.seed());
        BoardConfig config = BoardConfig.defaults().withThreads(o.threads()).withSeed(o.seed());
        NbpReference ref = o.chip() ? null : new NbpReference(weights);
        NbpChipSession chip = o.chip() ? new NbpChipSession(weights, config) : null;
        int perEpoch = o.samples() > 0 ? Math.min(o.samples(), train.size()) : train.size();
        int[] buf = new int[train.inputCount()];
        try {
            for (int epoch = 0; epoch < o.epochs(); epoch++) {
                int[] order = train.shuffledOrder(o.seed(), epoch);
                long t0 = System.nanoTime();
                Progress bar = new Progress(err, "epoch " + (epoch + 1) + " train", perEpoch);
                for (int k = 0; k < perEpoch; k++) {
                    int i = order[k];
                    int n = train.copyOnPixels(i, buf);
                    if (chip != null) {
                        chip.train(buf, n, train.label(i));
                    } else {
                        ref.train(buf, n, train.label(i));
                    }
                    bar.step(k + 1);
                }
                bar.done();
                double seconds = (System.nanoTime() - t0) / 1e9;
                NbpWeights trained = chip != null ? chip.weights() : ref.weights();
                int correct;
                int exact;
                if (chip != null) {
                    try (NbpInference inf = new NbpInference(trained, config)) {
                        NbpInference.Evaluation e = inf.evaluate(test);
                        correct = e.argmaxCorrect();
                        exact = e.exactMatches();
                    }
                } else {
                    NbpReference eval = new NbpReference(trained);
                    int[] sums = new int[10];
                    correct = 0;
                    exact = 0;
                    for (int i = 0; i < test.size(); i++) {
                        correct += eval.infer(buf, test.copyOnPixels(i, buf), sums) == test.label(i) ? 1 : 0;
                        exact += eval.lastExactMatch(test.label(i)) ? 1 : 0;
                    }
                }
                double energyUj = Double.NaN;
                double latencyUs = Double.NaN;
                if (chip != null) {
                    EnergyReport r = chip.board().energyReport();
                    energyUj = r.energyPerSampleUj(NbpCircuit.STEPS_PER_SAMPLE);
                    latencyUs = r.latencyPerSampleUs(NbpCircuit.STEPS_PER_SAMPLE);
                    chip.board().resetEnergy();
                }
                double acc = 100.0 * correct / test.size();
                double ex = 100.0 * exact / test.size();
                double rate = perEpoch / seconds;
                if (o.json()) {
                    out.printf(Locale.ROOT, "{\"epoch\":%d,\"dataset\":\"%s\",\"engine\":\"%s\",\"samples\":%d,"
                                    + "\"testAccuracyArgmax\":%.4f,\"testAccuracyExact\":%.4f,\"samplesPerSecond\":%.1f,"
                                    + "\"energyPerSampleUj\":%s,\"latencyPerSampleUs\":%s}%n", epoch + 1,
                            o.dataset().name().toLowerCase(Locale.ROOT), o.chip() ? "chip" : "reference", perEpoch,
                            acc, ex, rate, num(energyUj), num(latencyUs));
                } else {
                    out.printf(Locale.ROOT, "epoch %d: %d samples, test accuracy %.2f %% (argmax), %.2f %% (exact"
                                    + " match), %.0f samples/s%s%n", epoch + 1, perEpoch, acc, ex, rate,
                            chip == null ? "" : String.format(Locale.ROOT,
                                    ", emulated chip: %.1f uJ and %.1f us per sample", energyUj, latencyUs));
                }
            }
        } finally {
            if (chip != null) {
                chip.close();
            }
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** A one-line progress bar on stderr, redrawn at most 20 times a second. */
    private static final class Progress {
        private final PrintStream err;
        private final String label;
        private final int total;
        private long last;

        Progress(PrintStream err, String label, int total) {
            this.err = err;
            this.label = label;
            this.total = total;
        }

        void step(int done) {
            long now = System.nanoTime();
            if (now - last < 50_000_000L && done < total) {
                return;
            }
            last = now;
            int width = 30;
            int fill = (int) ((long) width * done / total);
            err.print("\r" + label + " [" + "#".repeat(fill) + " ".repeat(width - fill) + "] " + done + "/" + total);
        }

        void done() {
            err.print("\r" + " ".repeat(label.length() + 50) + "\r");
            err.flush();
        }
    }
}
