package io.github.loihiemu.nbp.cli;

import io.github.loihiemu.nbp.NbpFiles;
import io.github.loihiemu.nbp.NbpInference;
import io.github.loihiemu.nbp.NbpReport;
import io.github.loihiemu.nbp.NbpTrainer;
import io.github.loihiemu.nbp.NbpWeights;

import io.github.loihiemu.core.energy.EnergyParameters;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.nbp.plot.CurvePlot;
import io.github.loihiemu.nbp.plot.RasterPlot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code nbp report}: the energy-delay report of the emulated chip, side by side with the paper's Table 1, and the
 * plots (spike raster of the first samples, learning curve).
 */
final class NbpReportCommand {
    static final String USAGE = "nbp report [--dataset mnist20|mnist28|fmnist28] [--samples N] [--mode train|inference]"
            + " [--params davies2018|silicon] [--learning-cost visited|all-plastic] [--management-us T]"
            + " [--management-uj E] [--placement paper|auto] [--hidden H] [--seed S] [--weights FILE.npz] [--json] [--raster FILE.png] [--raster-samples K]"
            + " [--curve FILE.png] [--history FILE.jsonl | --epochs E]";

    private static final java.util.List<String> OPTIONS = java.util.List.of("--dataset", "--samples", "--mode",
            "--params", "--learning-cost", "--management-us", "--management-uj", "--placement", "--hidden", "--seed",
            "--weights", "--json", "--raster", "--raster-samples", "--curve", "--history", "--epochs");

    private static final Pattern FIELD = Pattern.compile("\"(epoch|testAccuracyArgmax|testAccuracyExact|trainAccuracy)"
            + "\":([-0-9.eE]+)");

    private NbpReportCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Dataset dataset = Dataset.MNIST20;
        NbpReport.Mode mode = NbpReport.Mode.TRAIN;
        int samples = 1000;
        int hidden = 400;
        long seed = 1;
        EnergyParameters params = EnergyParameters.davies2018();
        EnergyParameters.LearningCost cost = EnergyParameters.LearningCost.VISITED;
        boolean paper = true;
        boolean json = false;
        Path weightsFile = null;
        Path raster = null;
        int rasterSamples = 3;
        Path curve = null;
        Path history = null;
        int epochs = 5;
        boolean epochsGiven = false;
        double managementUs = 0;
        double managementUj = 0;
        for (int k = 1; k < args.length; k++) {
            String a = args[k];
            switch (a) {
                case "--json" -> json = true;
                case "--dataset" -> dataset = Dataset.parse(NbpCliArgs.value(args, ++k, a));
                case "--samples" -> samples = NbpCliArgs.positive(a, NbpCliArgs.value(args, ++k, a));
                case "--hidden" -> hidden = NbpCliArgs.positive(a, NbpCliArgs.value(args, ++k, a));
                case "--seed" -> seed = NbpCliArgs.integer(a, NbpCliArgs.value(args, ++k, a));
                case "--mode" -> mode = NbpReport.Mode.parse(NbpCliArgs.value(args, ++k, a));
                case "--params" -> {
                    String v = NbpCliArgs.value(args, ++k, a);
                    try {
                        params = EnergyParameters.named(v);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--params: '" + v + "' is not davies2018 or silicon");
                    }
                }
                case "--learning-cost" -> {
                    String v = NbpCliArgs.value(args, ++k, a);
                    cost = switch (v) {
                        case "visited" -> EnergyParameters.LearningCost.VISITED;
                        case "all-plastic" -> EnergyParameters.LearningCost.ALL_PLASTIC;
                        default -> throw new IllegalArgumentException("--learning-cost: '" + v
                                + "' is not visited or all-plastic");
                    };
                }
                case "--management-us" -> managementUs = NbpCliArgs.nonNegative(a, NbpCliArgs.value(args, ++k, a));
                case "--management-uj" -> managementUj = NbpCliArgs.nonNegative(a, NbpCliArgs.value(args, ++k, a));
                case "--placement" -> {
                    String v = NbpCliArgs.value(args, ++k, a);
                    if (!v.equals("paper") && !v.equals("auto")) {
                        throw new IllegalArgumentException("--placement: '" + v + "' is not paper or auto");
                    }
                    paper = v.equals("paper");
                }
                case "--weights" -> weightsFile = NbpCliArgs.existing(a, NbpCliArgs.value(args, ++k, a));
                case "--raster" -> raster = NbpCliArgs.writable(a, NbpCliArgs.value(args, ++k, a));
                case "--raster-samples" -> rasterSamples = NbpCliArgs.positive(a, NbpCliArgs.value(args, ++k, a));
                case "--curve" -> curve = NbpCliArgs.writable(a, NbpCliArgs.value(args, ++k, a));
                case "--history" -> history = NbpCliArgs.existing(a, NbpCliArgs.value(args, ++k, a));
                case "--epochs" -> {
                    epochs = NbpCliArgs.positive(a, NbpCliArgs.value(args, ++k, a));
                    epochsGiven = true;
                }
                default -> throw new IllegalArgumentException("unknown report option '" + a + "' ("
                        + NbpCli.suggestion(a, OPTIONS) + "nbp report --help lists them)");
            }
        }
        if (history != null && epochsGiven) {
            throw new IllegalArgumentException("give either --history or --epochs for the curve, not both");
        }
        if ((history != null || epochsGiven) && curve == null) {
            throw new IllegalArgumentException("--history and --epochs shape the learning curve; add --curve FILE.png");
        }
        if (weightsFile != null && mode != NbpReport.Mode.INFERENCE) {
            throw new IllegalArgumentException("--weights is for --mode inference (training starts from He init)");
        }
        if (raster != null && rasterSamples > samples) {
            throw new IllegalArgumentException("--raster-samples: " + rasterSamples + " is more than --samples "
                    + samples);
        }
        NbpWeights w = null;
        if (weightsFile != null) {
            w = NbpFiles.readWeights(weightsFile, dataset.side() * dataset.side());
            hidden = w.hidden();
        }
        NbpReport.Config config = new NbpReport.Config(dataset, mode, samples, hidden, seed,
                params.withLearningCost(cost).withManagement(managementUj * 1e6, managementUs * 1e3), paper, raster != null ? rasterSamples : 0, w);
        NbpReport.Result r = NbpReport.run(config);
        out.print(json ? NbpReport.toJson(r) + "\n" : NbpReport.format(r));
        if (raster != null) {
            RasterPlot.write(r.raster(), String.format(Locale.ROOT, "nBP %s spikes, %s, %d samples (slot = t mod %d)",
                    mode == NbpReport.Mode.TRAIN ? "training" : "inference", dataset.name().toLowerCase(Locale.ROOT),
                    rasterSamples, r.stepsPerSample()), raster);
            if (!json) {
                out.println("raster written to " + raster);
            }
        }
        if (curve != null) {
            List<CurvePlot.Series> series = history != null ? readHistory(history)
                    : trainCurve(dataset, hidden, seed, epochs, err);
            CurvePlot.write(String.format(Locale.ROOT, "nBP learning curve, %s, %d-%d-10", dataset.name()
                    .toLowerCase(Locale.ROOT), dataset.side() * dataset.side(), hidden), series, curve);
            if (!json) {
                out.println("learning curve written to " + curve);
            }
        }
        return 0;
    }

    /** Test accuracy per epoch from the JSON lines that {@code nbp train --json} prints. */
    static List<CurvePlot.Series> readHistory(Path file) throws IOException {
        List<Double> argmax = new ArrayList<>();
        List<Double> exact = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        int lineNo = 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            // the JDK's own message ("Input length = 1") says nothing about the file
            throw new IOException(file.getFileName() + ": not a text file (not UTF-8); --history takes the JSON lines"
                    + " that 'nbp train --json' prints", e);
        }
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            double e = Double.NaN;
            double a = Double.NaN;
            double x = Double.NaN;
            double t = Double.NaN;
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                double v = Double.parseDouble(m.group(2));
                switch (m.group(1)) {
                    case "epoch" -> e = v;
                    case "testAccuracyArgmax" -> a = v;
                    case "testAccuracyExact" -> x = v;
                    default -> t = v;
                }
            }
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isNaN(x)) {
                throw new IOException(file.getFileName() + " line " + lineNo + ": not an epoch line of 'nbp train"
                        + " --json' (needs epoch, testAccuracyArgmax, testAccuracyExact)");
            }
            if (e != argmax.size() + 1) {
                throw new IOException(file.getFileName() + " line " + lineNo + ": epoch " + (long) e + " where epoch "
                        + (argmax.size() + 1) + " was expected");
            }
            argmax.add(a);
            exact.add(x);
            train.add(t);
        }
        if (argmax.isEmpty()) {
            throw new IOException(file.getFileName() + ": no epoch lines");
        }
        List<CurvePlot.Series> s = new ArrayList<>();
        s.add(new CurvePlot.Series("test, argmax of output sums", toArray(argmax)));
        s.add(new CurvePlot.Series("test, exact one-hot match", toArray(exact)));
        if (!train.contains(Double.NaN)) {
            s.add(new CurvePlot.Series("train, argmax", toArray(train)));
        }
        return s;
    }

    private static List<CurvePlot.Series> trainCurve(Dataset dataset, int hidden, long seed, int epochs,
                                                     PrintStream err) {
        double[] argmax = new double[epochs];
        double[] exact = new double[epochs];
        try (NbpTrainer t = new NbpTrainer(NbpTrainer.Config.paper(dataset).withHidden(hidden).withSeed(seed)
                .withReferenceEngine())) {
            t.train(epochs, (epoch, trainer) -> {
                NbpInference.Evaluation e = trainer.evaluate();
                argmax[epoch - 1] = 100 * e.argmaxAccuracy();
                exact[epoch - 1] = 100 * e.exactMatchAccuracy();
                err.printf(Locale.ROOT, "curve: epoch %d, test accuracy %.2f %%%n", epoch, argmax[epoch - 1]);
            });
        }
        return List.of(new CurvePlot.Series("test, argmax of output sums", argmax),
                new CurvePlot.Series("test, exact one-hot match", exact));
    }

    private static double[] toArray(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

}
