package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeProbe;
import io.github.loihiemu.core.energy.EnergyParameters;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.energy.Phase;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The energy-delay report: runs the training or the inference circuit on the emulated chip for a number of samples
 * and collects the energy model's per-phase figures, the operation counts and the spikes of every population per
 * slot, plus a spike raster of the first samples. Nothing here changes what the chip computes.
 */
public final class NbpReport {
    /** The paper's Table 1 (400-400-10, MNIST): training 0.59 mJ / 1.5 ms, inference 0.0025 mJ / 0.17 ms. */
    public static final double PAPER_TRAIN_UJ = 590;
    public static final double PAPER_TRAIN_US = 1500;
    public static final double PAPER_INFERENCE_UJ = 2.5;
    public static final double PAPER_INFERENCE_US = 170;

    /** Which circuit to measure. */
    public enum Mode {
        TRAIN, INFERENCE;

        /** Parses "train" or "inference". */
        public static Mode parse(String s) {
            return switch (s) {
                case "train" -> TRAIN;
                case "inference" -> INFERENCE;
                default -> throw new IllegalArgumentException("--mode: '" + s + "' is not train or inference");
            };
        }
    }

    /**
     * What to measure.
     *
     * @param dataset        data set (its training split for training, its test split for inference)
     * @param mode           training or inference circuit
     * @param samples        samples measured, after one warm-up sample
     * @param hidden         hidden units
     * @param seed           seed of the initial weights, the order and the board
     * @param energy         energy parameter set
     * @param paperPlacement the authors' core ranges (true) or automatic packing
     * @param rasterSamples  samples recorded for the raster (0: none)
     * @param weights        weights for inference (null: train the reference one epoch from He init first)
     */
    public record Config(Dataset dataset, Mode mode, int samples, int hidden, long seed, EnergyParameters energy,
                         boolean paperPlacement, int rasterSamples, NbpWeights weights) {
        public Config {
            if (samples < 1) {
                throw new IllegalArgumentException("samples = " + samples + " must be positive");
            }
            if (rasterSamples < 0 || rasterSamples > samples) {
                throw new IllegalArgumentException("raster samples = " + rasterSamples + " must be in 0.." + samples);
            }
        }

        /** 1,000 training samples of MNIST20, 400 hidden, seed 1, Davies 2018 parameters, paper placement. */
        public static Config paper(Mode mode) {
            return new Config(Dataset.MNIST20, mode, 1000, 400, 1, EnergyParameters.davies2018(), true, 0, null);
        }
    }

    /**
     * Spikes of the first samples, by population, for a raster plot.
     *
     * @param firstStep first timestep shown
     * @param steps     timesteps shown
     * @param period    timesteps per sample (slots)
     * @param names     population names, in circuit order
     * @param sizes     population sizes
     * @param times     per population: spike times
     * @param indices   per population: index of the spiking neuron
     */
    public record Raster(long firstStep, int steps, int period, List<String> names, List<Integer> sizes,
                         List<long[]> times, List<int[]> indices) {
    }

    /**
     * The measurement.
     *
     * @param config        what was measured
     * @param energy        the energy report of the measured samples (warm-up excluded)
     * @param stepsPerSample timesteps per sample
     * @param slotCounts    spikes per population per slot (t mod period) over the measured samples
     * @param raster        spikes of the first samples (null if none were asked for)
     * @param wallSeconds   wall time of the measured samples
     * @param busiestSpikingCore  the core with the most spiking-phase work: its id and populations ("" if none)
     * @param busiestLearningCore the core with the most learning-phase work ("" if none)
     */
    public record Result(Config config, EnergyReport energy, int stepsPerSample, Map<String, long[]> slotCounts,
                         Raster raster, double wallSeconds, String busiestSpikingCore, String busiestLearningCore) {
        /** Energy of {@code phase} per sample, in µJ. */
        public double energyUj(Phase phase) {
            return energy.energyPj(phase) / config.samples() * 1e-6;
        }

        /** Time of {@code phase} per sample, in µs. */
        public double timeUs(Phase phase) {
            return energy.timeNs(phase) / config.samples() * 1e-3;
        }

        /** Static energy per sample, µJ. */
        public double staticUj() {
            return energy.staticPj() / config.samples() * 1e-6;
        }

        /** Dynamic energy per sample, µJ. */
        public double dynamicUj() {
            return energy.dynamicEnergyPj() / config.samples() * 1e-6;
        }

        /** Total energy per sample, µJ. */
        public double totalUj() {
            return energy.totalEnergyPj() / config.samples() * 1e-6;
        }

        /** Latency per sample, µs. */
        public double totalUs() {
            return energy.totalTimeNs() / config.samples() * 1e-3;
        }

        /** The paper's energy per sample for this mode, µJ. */
        public double paperUj() {
            return config.mode() == Mode.TRAIN ? PAPER_TRAIN_UJ : PAPER_INFERENCE_UJ;
        }

        /** The paper's latency per sample for this mode, µs. */
        public double paperUs() {
            return config.mode() == Mode.TRAIN ? PAPER_TRAIN_US : PAPER_INFERENCE_US;
        }

        /** Per-sample count of an operation total. */
        public double perSample(long total) {
            return (double) total / config.samples();
        }
    }

    private NbpReport() {
    }

    /** Runs the measurement. */
    public static Result run(Config c) {
        BoardConfig board = BoardConfig.defaults().withSeed(c.seed()).withEnergy(c.energy());
        return c.mode() == Mode.TRAIN ? train(c, board) : inference(c, board);
    }

    private static Result train(Config c, BoardConfig config) {
        BinarizedDataset data = Datasets.load(c.dataset(), Split.TRAIN);
        if (c.samples() + 1 > data.size()) {
            throw new IllegalArgumentException("samples = " + c.samples() + ": " + c.dataset() + " has "
                    + data.size() + " training samples (one more is used to warm up)");
        }
        NbpWeights w = NbpWeights.heInit(data.inputCount(), c.hidden(), 10, c.seed());
        int[] order = data.shuffledOrder(c.seed(), 0);
        int[] buf = new int[data.inputCount()];
        try (NbpChipSession s = new NbpChipSession(w, config, c.paperPlacement())) {
            int first = order[0];
            s.train(buf, data.copyOnPixels(first, buf), data.label(first));
            s.board().resetEnergy();
            Map<String, long[]> before = s.spikeCountsPerSlot();
            Map<String, SpikeProbe> probes = new LinkedHashMap<>();
            long rasterStart = s.board().time() + 1;
            if (c.rasterSamples() > 0) {
                for (String name : before.keySet()) {
                    probes.put(name, s.board().probeSpikes(s.circuit().population(name)));
                }
            }
            long t0 = System.nanoTime();
            for (int k = 1; k <= c.samples(); k++) {
                int i = order[k];
                s.train(buf, data.copyOnPixels(i, buf), data.label(i));
                if (k == c.rasterSamples()) {
                    probes.values().forEach(p -> s.board().removeProbe(p));
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<String, long[]> counts = s.spikeCountsPerSlot();
            counts.forEach((name, v) -> {
                long[] b = before.get(name);
                for (int q = 0; q < v.length; q++) {
                    v[q] -= b[q];
                }
            });
            Raster raster = raster(probes, s.circuit()::population, rasterStart,
                    c.rasterSamples() * NbpCircuit.STEPS_PER_SAMPLE, NbpCircuit.STEPS_PER_SAMPLE);
            return result(c, s.board(), NbpCircuit.STEPS_PER_SAMPLE, counts, raster, wall);
        }
    }

    private static Result inference(Config c, BoardConfig config) {
        BinarizedDataset test = Datasets.load(c.dataset(), Split.TEST);
        if (c.samples() > test.size()) {
            throw new IllegalArgumentException("samples = " + c.samples() + ": " + c.dataset() + " has "
                    + test.size() + " test samples");
        }
        NbpWeights w = c.weights();
        if (w == null) {
            // Inference costs depend on the activity of trained weights, so train one epoch first (reference engine:
            // identical weights, a second instead of minutes).
            try (NbpTrainer t = new NbpTrainer(NbpTrainer.Config.paper(c.dataset()).withHidden(c.hidden())
                    .withSeed(c.seed()).withReferenceEngine())) {
                t.train(1, null);
                w = t.weights();
            }
        }
        int period = NbpInference.STEPS_PER_SAMPLE;
        BoardConfig packedOrNot = config.withMapping(config.mapping().withPlacementsHonoured(c.paperPlacement()));
        try (NbpInference inf = new NbpInference(w, packedOrNot)) {
            inf.evaluate(test, 1);
            Board b = inf.board();
            b.resetEnergy();
            Map<String, SpikeProbe> all = new LinkedHashMap<>();
            Map<String, SpikeProbe> rasterProbes = new LinkedHashMap<>();
            for (CompartmentGroup g : inf.network().groups()) {
                all.put(g.name(), b.probeSpikes(g));
            }
            long start = b.time() + 1;
            long t0 = System.nanoTime();
            inf.evaluate(test, c.samples());
            double wall = (System.nanoTime() - t0) / 1e9;
            // evaluate() starts at the next window after one idle window: skip it in the raster and the counts
            long first = period * ((start - 1 + 3) / period + 1) + 1;
            Map<String, long[]> counts = new LinkedHashMap<>();
            for (Map.Entry<String, SpikeProbe> e : all.entrySet()) {
                long[] v = new long[period];
                SpikeProbe p = e.getValue();
                for (int k = 0; k < p.size(); k++) {
                    if (p.time(k) >= first) {
                        v[(int) (p.time(k) % period)]++;
                    }
                }
                counts.put(e.getKey(), v);
                if (c.rasterSamples() > 0) {
                    rasterProbes.put(e.getKey(), p);
                }
            }
            Raster raster = raster(rasterProbes, name -> group(inf, name), first, c.rasterSamples() * period, period);
            return result(c, b, period, counts, raster, wall);
        }
    }

    private static Result result(Config c, Board b, int period, Map<String, long[]> counts, Raster raster,
                                 double wall) {
        EnergyReport e = b.energyReport();
        return new Result(c, e, period, counts, raster, wall, describe(b, e.busiestSpikingCore()),
                describe(b, e.busiestLearningCore()));
    }

    /** "core 18 (h1, h1T)": the physical core of a slot and the populations it holds. */
    private static String describe(Board b, int slot) {
        if (slot < 0) {
            return "";
        }
        io.github.loihiemu.core.mapping.CoreLayout core = b.plan().core(slot);
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        List<CompartmentGroup> groups = b.plan().network().groups();
        for (int g : core.compartmentGroup()) {
            names.add(groups.get(g).name());
        }
        List<String> shown = new ArrayList<>(names);
        String more = shown.size() > 4 ? ", ... " + (shown.size() - 4) + " more" : "";
        return "core " + core.id() + " (" + String.join(", ", shown.subList(0, Math.min(4, shown.size()))) + more + ")";
    }

    private static CompartmentGroup group(NbpInference inf, String name) {
        for (CompartmentGroup g : inf.network().groups()) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no population " + name);
    }

    private static Raster raster(Map<String, SpikeProbe> probes, java.util.function.Function<String,
            CompartmentGroup> groups, long first, int steps, int period) {
        if (probes.isEmpty() || steps == 0) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        List<int[]> indices = new ArrayList<>();
        for (Map.Entry<String, SpikeProbe> e : probes.entrySet()) {
            SpikeProbe p = e.getValue();
            int n = 0;
            for (int k = 0; k < p.size(); k++) {
                n += p.time(k) >= first && p.time(k) < first + steps ? 1 : 0;
            }
            long[] t = new long[n];
            int[] i = new int[n];
            n = 0;
            for (int k = 0; k < p.size(); k++) {
                if (p.time(k) >= first && p.time(k) < first + steps) {
                    t[n] = p.time(k);
                    i[n++] = p.index(k);
                }
            }
            names.add(e.getKey());
            sizes.add(groups.apply(e.getKey()).size());
            times.add(t);
            indices.add(i);
        }
        return new Raster(first, steps, period, List.copyOf(names), List.copyOf(sizes), List.copyOf(times),
                List.copyOf(indices));
    }

    /** The report for people: per-phase table, operation counts, spikes per slot and the comparison with the paper. */
    public static String format(Result r) {
        Config c = r.config();
        EnergyReport e = r.energy();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "nBP %s on the emulated chip: %s %d-%d-10, %d samples after one warm-up "
                        + "sample, %s placement%n", c.mode() == Mode.TRAIN ? "training" : "inference",
                c.dataset().name().toLowerCase(Locale.ROOT), c.dataset().side() * c.dataset().side(), c.hidden(), c.samples(),
                c.paperPlacement() ? "paper" : "automatic"));
        s.append(String.format(Locale.ROOT, "energy parameters %s, learning charged for %s; %d chip(s), %d tiles, %d"
                        + " cores%n", e.parameterSet(), c.energy().learningCost() == EnergyParameters.LearningCost.VISITED
                        ? "visited synapses" : "every plastic synapse", e.chips(), e.tiles(), e.cores()));
        s.append(String.format(Locale.ROOT, "%n%-24s %14s %14s   %s%n", "per sample", "energy (uJ)", "time (us)",
                "busiest core"));
        for (Phase p : Phase.values()) {
            String busy = "";
            if (p == Phase.SPIKING) {
                busy = r.busiestSpikingCore();
            } else if (p == Phase.LEARNING) {
                busy = r.busiestLearningCore();
            }
            s.append(String.format(Locale.ROOT, "%-24s %14.4f %14.4f   %s%n", phaseName(p), r.energyUj(p),
                    r.timeUs(p), busy));
        }
        s.append(String.format(Locale.ROOT, "%-24s %14.4f%n", "dynamic", r.dynamicUj()));
        s.append(String.format(Locale.ROOT, "%-24s %14.4f%n", "static", r.staticUj()));
        s.append(String.format(Locale.ROOT, "%-24s %14.4f %14.4f%n", "total", r.totalUj(), r.totalUs()));
        s.append(String.format(Locale.ROOT, "energy-delay product %.4g uJ*us per sample; static share %.1f %%%n",
                r.totalUj() * r.totalUs(), 100 * r.staticUj() / r.totalUj()));
        s.append(String.format(Locale.ROOT, "%nper sample: %.0f synaptic events, %.0f compartment updates (%.0f active,"
                        + " %.0f idle), %.0f learning updates (synapses visited; %.0f plastic synapses at the epochs),"
                        + " %.0f spikes, %.0f messages%n", r.perSample(e.synapticEvents()),
                r.perSample(e.activeUpdates() + e.inactiveUpdates()), r.perSample(e.activeUpdates()),
                r.perSample(e.inactiveUpdates()), r.perSample(e.learningUpdates()),
                r.perSample(e.plasticSynapsesAtEpochs()), r.perSample(e.spikes()), r.perSample(e.messages())));
        s.append(String.format(Locale.ROOT, "%nspikes per sample by population and slot (t mod %d)%n",
                r.stepsPerSample()));
        s.append(String.format(Locale.ROOT, "%-10s", "slot"));
        for (int q = 0; q < r.stepsPerSample(); q++) {
            s.append(String.format(Locale.ROOT, "%8d", q));
        }
        s.append(String.format(Locale.ROOT, "%10s%n", "total"));
        for (Map.Entry<String, long[]> en : r.slotCounts().entrySet()) {
            s.append(String.format(Locale.ROOT, "%-10s", en.getKey()));
            long sum = 0;
            for (long v : en.getValue()) {
                s.append(String.format(Locale.ROOT, "%8.1f", r.perSample(v)));
                sum += v;
            }
            s.append(String.format(Locale.ROOT, "%10.1f%n", r.perSample(sum)));
        }
        s.append(String.format(Locale.ROOT, "%ncompared with the paper (Table 1, 400-400-10, measured on Loihi)%n"));
        s.append(String.format(Locale.ROOT, "%-26s %12s %12s %10s%n", "", "model", "paper", "model/paper"));
        s.append(compare("energy per sample (uJ)", r.totalUj(), r.paperUj()));
        s.append(compare("  dynamic only (uJ)", r.dynamicUj(), r.paperUj()));
        s.append(compare("latency per sample (us)", r.totalUs(), r.paperUs()));
        s.append(compare("energy-delay (uJ*us)", r.totalUj() * r.totalUs(), r.paperUj() * r.paperUs()));
        s.append("(within 30 % means a ratio in 0.70..1.30; docs/energy.md explains the gap per phase)\n");
        s.append(String.format(Locale.ROOT, "emulator wall time %.2f s, %.0f samples/s%n", r.wallSeconds(),
                c.samples() / r.wallSeconds()));
        return s.toString();
    }

    private static String compare(String what, double model, double paper) {
        double ratio = model / paper;
        return String.format(Locale.ROOT, "%-26s %12.4g %12.4g %10.3f%s%n", what, model, paper, ratio,
                ratio >= 0.7 && ratio <= 1.3 ? "  within 30 %" : "");
    }

    private static String phaseName(Phase p) {
        return switch (p) {
            case SPIKING -> "spiking";
            case PRE_LEARN_MANAGEMENT -> "pre-learn management";
            case LEARNING -> "learning";
            case MANAGEMENT -> "management";
            case HOST -> "host";
        };
    }

    /** The report as one JSON object. */
    public static String toJson(Result r) {
        Config c = r.config();
        EnergyReport e = r.energy();
        StringBuilder s = new StringBuilder("{");
        s.append("\"mode\":\"").append(c.mode().name().toLowerCase(Locale.ROOT)).append("\",\"dataset\":\"")
                .append(c.dataset().name().toLowerCase(Locale.ROOT)).append("\",\"hidden\":").append(c.hidden())
                .append(",\"samples\":").append(c.samples()).append(",\"seed\":").append(c.seed())
                .append(",\"placement\":\"").append(c.paperPlacement() ? "paper" : "auto")
                .append("\",\"parameters\":\"").append(e.parameterSet()).append("\",\"learningCost\":\"")
                .append(c.energy().learningCost().name().toLowerCase(Locale.ROOT)).append('"');
        s.append(",\"perSample\":{\"phases\":{");
        for (Phase p : Phase.values()) {
            s.append(p.ordinal() == 0 ? "" : ",").append('"').append(p.name().toLowerCase(Locale.ROOT))
                    .append("\":{\"energyUj\":").append(r.energyUj(p)).append(",\"timeUs\":").append(r.timeUs(p))
                    .append('}');
        }
        s.append("},\"dynamicUj\":").append(r.dynamicUj()).append(",\"staticUj\":").append(r.staticUj())
                .append(",\"totalUj\":").append(r.totalUj()).append(",\"totalUs\":").append(r.totalUs())
                .append(",\"energyDelayUjUs\":").append(r.totalUj() * r.totalUs())
                .append(",\"synapticEvents\":").append(r.perSample(e.synapticEvents()))
                .append(",\"compartmentUpdates\":").append(r.perSample(e.activeUpdates() + e.inactiveUpdates()))
                .append(",\"activeUpdates\":").append(r.perSample(e.activeUpdates()))
                .append(",\"learningUpdates\":").append(r.perSample(e.learningUpdates()))
                .append(",\"plasticSynapsesAtEpochs\":").append(r.perSample(e.plasticSynapsesAtEpochs()))
                .append(",\"spikes\":").append(r.perSample(e.spikes()))
                .append(",\"messages\":").append(r.perSample(e.messages())).append('}');
        s.append(",\"chips\":").append(e.chips()).append(",\"tiles\":").append(e.tiles()).append(",\"cores\":")
                .append(e.cores()).append(",\"busiestSpikingCore\":\"").append(r.busiestSpikingCore())
                .append("\",\"busiestLearningCore\":\"").append(r.busiestLearningCore()).append('"');
        s.append(",\"spikesPerSlotTotal\":{");
        boolean firstPop = true;
        for (Map.Entry<String, long[]> en : r.slotCounts().entrySet()) {
            s.append(firstPop ? "" : ",").append('"').append(en.getKey()).append("\":[");
            long[] v = en.getValue();
            for (int q = 0; q < v.length; q++) {
                s.append(q == 0 ? "" : ",").append(v[q]);
            }
            s.append(']');
            firstPop = false;
        }
        s.append("},\"paper\":{\"energyUj\":").append(r.paperUj()).append(",\"latencyUs\":").append(r.paperUs())
                .append("},\"ratio\":{\"energy\":").append(r.totalUj() / r.paperUj()).append(",\"dynamicEnergy\":")
                .append(r.dynamicUj() / r.paperUj()).append(",\"latency\":").append(r.totalUs() / r.paperUs())
                .append("},\"wallSeconds\":").append(r.wallSeconds()).append('}');
        return s.toString();
    }
}
