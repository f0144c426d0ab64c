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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
 * plots (spike raster of the first samples, learning curve). Each option is a field of {@link NbpReport.Config} or
 * chooses a plot.
 */
@Command(name = "report", mixinStandardHelpOptions = true, version = "nbp (loihi-emu) " + NbpCli.VERSION,
        synopsisHeading = "usage: ", separator = " ",
        customSynopsis = {
            NbpReportCommand.SYNOPSIS_1,
            "           " + NbpReportCommand.SYNOPSIS_2,
            "           " + NbpReportCommand.SYNOPSIS_3,
            "           " + NbpReportCommand.SYNOPSIS_4},
        descriptionHeading = "%n", optionListHeading = "%n", sortOptions = false,
            description = "The emulated chip's energy-delay report next to the paper's Table 1; plots of spikes and"
                + " learning curves.")
final class NbpReportCommand implements NbpCli.Runner {
    static final String SYNOPSIS_1 = "nbp report [--dataset mnist20|mnist28|fmnist28] [--samples N]"
            + " [--mode train|inference]";
    static final String SYNOPSIS_2 = "[--params davies2018|silicon] [--learning-cost visited|all-plastic]"
            + " [--management-us T] [--management-uj E]";
    static final String SYNOPSIS_3 = "[--placement paper|auto] [--hidden H] [--seed S] [--weights FILE.npz] [--json]"
            + " [--raster FILE.png]";
    static final String SYNOPSIS_4 = "[--raster-samples K] [--curve FILE.png] [--history FILE.jsonl | --epochs E]";

    private static final Pattern FIELD = Pattern.compile("\"(epoch|testAccuracyArgmax|testAccuracyExact|trainAccuracy)"
            + "\":([-0-9.eE]+)");

    @Option(names = "--dataset", paramLabel = "D", defaultValue = "mnist20",
            description = "mnist20, mnist28 or fmnist28 (default ${DEFAULT-VALUE})")
    String dataset;
    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "samples the circuit runs for the report (default ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--mode", paramLabel = "M", defaultValue = "train",
            description = "train (the nBP training circuit) or inference (the forward circuit)"
                    + " (default ${DEFAULT-VALUE})")
    String mode;
    @Option(names = "--params", paramLabel = "P", defaultValue = "davies2018",
            description = "energy parameters: davies2018 (Davies et al. 2018, Table 2) or silicon (calibrated on"
                    + " Loihi boards) (default ${DEFAULT-VALUE})")
    String params;
    @Option(names = "--learning-cost", paramLabel = "C", defaultValue = "all-plastic",
            description = "learning phase charged for every plastic synapse of a core (all-plastic), or only for"
                    + " those the learning engine visits (visited); docs/energy.md (default ${DEFAULT-VALUE})")
    String learningCost;
    @Option(names = "--management-us", paramLabel = "T", defaultValue = "0",
            description = "management-phase time per step, in microseconds (default ${DEFAULT-VALUE})")
    String managementUs;
    @Option(names = "--management-uj", paramLabel = "E", defaultValue = "0",
            description = "management-phase energy per step, in microjoules (default ${DEFAULT-VALUE})")
    String managementUj;
    @Option(names = "--placement", paramLabel = "P", defaultValue = "paper",
            description = "paper (the authors' core ranges) or auto (packed) (default ${DEFAULT-VALUE})")
    String placement;
    @Option(names = "--hidden", paramLabel = "H", defaultValue = "400",
            description = "hidden units (default ${DEFAULT-VALUE}; with --weights, theirs)")
    int hidden;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "seed of the initial weights and the order (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--weights", paramLabel = "FILE.npz",
            description = "weights for --mode inference (training starts from He initialisation)")
    String weights;
    @Option(names = "--json", description = "one JSON object instead of tables")
    boolean json;
    @Option(names = "--raster", paramLabel = "FILE.png", description = "draw the spikes of the first samples")
    String raster;
    @Option(names = "--raster-samples", paramLabel = "K", defaultValue = "3",
            description = "samples in the raster (default ${DEFAULT-VALUE})")
    int rasterSamples;
    @Option(names = "--curve", paramLabel = "FILE.png", description = "draw a learning curve (test accuracy per epoch)")
    String curve;
    @Option(names = "--history", paramLabel = "FILE.jsonl",
            description = "the curve from the JSON lines of 'nbp train --json'")
    String history;
    @Option(names = "--epochs", paramLabel = "E", defaultValue = "5",
            description = "else train this many epochs with the reference engine for it (default ${DEFAULT-VALUE})")
    int epochs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run(PrintStream out, PrintStream err) throws IOException {
        Dataset dataset = Dataset.parse(this.dataset);
        NbpReport.Mode mode = NbpReport.Mode.parse(this.mode);
        NbpCliArgs.positive("--samples", Integer.toString(samples));
        NbpCliArgs.positive("--hidden", Integer.toString(hidden));
        NbpCliArgs.positive("--raster-samples", Integer.toString(rasterSamples));
        NbpCliArgs.positive("--epochs", Integer.toString(epochs));
        EnergyParameters params;
        try {
            params = EnergyParameters.named(this.params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--params: '" + this.params + "' is not davies2018 or silicon");
        }
        EnergyParameters.LearningCost cost = switch (learningCost) {
            case "visited" -> EnergyParameters.LearningCost.VISITED;
            case "all-plastic" -> EnergyParameters.LearningCost.ALL_PLASTIC;
            default -> throw new IllegalArgumentException("--learning-cost: '" + learningCost
                    + "' is not visited or all-plastic");
        };
        double managementUs = NbpCliArgs.nonNegative("--management-us", this.managementUs);
        double managementUj = NbpCliArgs.nonNegative("--management-uj", this.managementUj);
        boolean paper = NbpCli.placement(placement);
        Path weightsFile = weights == null ? null : NbpCliArgs.existing("--weights", weights);
        Path raster = this.raster == null ? null : NbpCliArgs.writable("--raster", this.raster);
        Path curve = this.curve == null ? null : NbpCliArgs.writable("--curve", this.curve);
        Path history = this.history == null ? null : NbpCliArgs.existing("--history", this.history);
        boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
        int hidden = this.hidden;
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
