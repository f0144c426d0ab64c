package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;

import java.util.List;
import java.util.Map;

/**
 * Trains nBP on the emulated chip (or with the reference algorithm) and evaluates it, in a few lines:
 * <pre>
 * try (NbpTrainer t = new NbpTrainer(NbpTrainer.Config.paper(Dataset.MNIST20).withSeed(3))) {
 *     t.train(2, (epoch, trainer) -&gt; System.out.println(trainer.evaluate().argmaxAccuracy()));
 * }
 * </pre>
 * Epoch e presents the training set in {@code shuffledOrder(seed, e)}.
 */
public final class NbpTrainer implements AutoCloseable {
    /**
     * What to train.
     *
     * @param dataset          data set (its input size sets the first layer)
     * @param hiddenLayers     sizes of the hidden layers, first to last (one entry: the paper's network)
     * @param seed             seed of the initial weights, the presentation orders and the board
     * @param samplesPerEpoch  samples per epoch (at most the training-set size)
     * @param threads          worker threads of the emulated board
     * @param chip             true: the emulated chip; false: the reference algorithm
     * @param paperPlacement   true: the authors' core ranges; false: automatic packing
     * @param steps            weight step per matrix W_1 .. W_{L+1} (even); empty: 2 everywhere, as the paper
     */
    public record Config(Dataset dataset, List<Integer> hiddenLayers, long seed, int samplesPerEpoch, int threads,
                         boolean chip, boolean paperPlacement, List<Integer> steps) {
        public Config {
            hiddenLayers = List.copyOf(hiddenLayers);
            steps = List.copyOf(steps);
            if (!steps.isEmpty()) {
                NbpReference.checkSteps(steps.stream().mapToInt(Integer::intValue).toArray(),
                        hiddenLayers.size() + 1);
            }
            if (hiddenLayers.isEmpty() || hiddenLayers.stream().anyMatch(h -> h < 1) || samplesPerEpoch < 1
                    || threads < 1) {
                throw new IllegalArgumentException("hidden layers (" + hiddenLayers + "), samplesPerEpoch ("
                        + samplesPerEpoch + ") and threads (" + threads + ") must be positive");
            }
        }

        /** 400 hidden units, full epochs, seed 1, one thread, on the chip. */
        public static Config paper(Dataset dataset) {
            return new Config(dataset, List.of(400), 1, 60_000, 1, true, true, List.of());
        }

        /** The layer sizes: the data set's inputs, the hidden layers, 10 outputs. */
        public int[] layers() {
            int[] l = new int[hiddenLayers.size() + 2];
            l[0] = dataset.inputCount();
            for (int k = 0; k < hiddenLayers.size(); k++) {
                l[k + 1] = hiddenLayers.get(k);
            }
            l[l.length - 1] = 10;
            return l;
        }

        public Config withSeed(long s) {
            return new Config(dataset, hiddenLayers, s, samplesPerEpoch, threads, chip, paperPlacement, steps);
        }

        /** One hidden layer of {@code h} units. */
        public Config withHidden(int h) {
            return new Config(dataset, List.of(h), seed, samplesPerEpoch, threads, chip, paperPlacement, List.of());
        }

        /** Hidden layers of these sizes, first to last. */
        public Config withHiddenLayers(int... sizes) {
            return new Config(dataset, java.util.Arrays.stream(sizes).boxed().toList(), seed, samplesPerEpoch,
                    threads, chip, paperPlacement, List.of());
        }

        public Config withSamplesPerEpoch(int n) {
            return new Config(dataset, hiddenLayers, seed, n, threads, chip, paperPlacement, steps);
        }

        public Config withThreads(int n) {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, n, chip, paperPlacement, steps);
        }

        public Config withReferenceEngine() {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, false, paperPlacement, steps);
        }

        /** Weight steps per matrix W_1 .. W_{L+1} (even, 2..128). */
        public Config withSteps(int... s) {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, chip, paperPlacement,
                    java.util.Arrays.stream(s).boxed().toList());
        }

        int[] stepArray() {
            return steps.isEmpty() ? null : steps.stream().mapToInt(Integer::intValue).toArray();
        }

        public Config withAutomaticPlacement() {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, chip, false, steps);
        }
    }

    /** Called after every epoch. */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(int epoch, NbpTrainer trainer);
    }

    private final Config config;
    private final BinarizedDataset train;
    private final BinarizedDataset test;
    private final NbpReference reference;
    private final NbpChipSession chip;
    private int epochsDone;

    /** Loads the data set (fetching it on first use) and builds the engine with He-initialised weights. */
    public NbpTrainer(Config config) {
        this(config, null);
    }

    /** As {@link #NbpTrainer(Config)}, starting from {@code initial} weights instead (copied). */
    public NbpTrainer(Config config, NbpWeights initial) {
        this.config = config;
        train = Datasets.load(config.dataset(), Split.TRAIN);
        test = Datasets.load(config.dataset(), Split.TEST);
        NbpWeights w = initial != null ? initial.copy()
                : NbpWeights.heInit(config.layers(), config.seed());
        if (w.inputs() != train.inputCount()) {
            throw new IllegalArgumentException("weights have " + w.inputs() + " inputs, " + config.dataset()
                    + " has " + train.inputCount());
        }
        reference = config.chip() ? null : new NbpReference(w, false, config.stepArray());
        chip = config.chip() ? new NbpChipSession(w, boardConfig(), config.paperPlacement(), config.stepArray())
                : null;
    }

    private BoardConfig boardConfig() {
        return BoardConfig.defaults().withThreads(config.threads()).withSeed(config.seed());
    }

    /** Trains {@code epochs} more epochs, calling {@code listener} (may be null) after each. */
    public void train(int epochs, EpochListener listener) {
        int n = Math.min(config.samplesPerEpoch(), train.size());
        int[] buf = new int[train.inputCount()];
        for (int e = 0; e < epochs; e++) {
            int[] order = train.shuffledOrder(config.seed(), epochsDone);
            for (int k = 0; k < n; k++) {
                int i = order[k];
                int on = train.copyOnPixels(i, buf);
                if (chip != null) {
                    chip.train(buf, on, train.label(i));
                } else {
                    reference.train(buf, on, train.label(i));
                }
            }
            epochsDone++;
            if (listener != null) {
                listener.epochDone(epochsDone, this);
            }
        }
    }

    /**
     * Scores the current weights on the test set, on the emulated inference circuit. Scoring packs the circuit
     * automatically: the outputs are identical on any placement and the packed board runs about 8x faster.
     */
    public NbpInference.Evaluation evaluate() {
        BoardConfig c = boardConfig();
        try (NbpInference inference = new NbpInference(weights(), c.withMapping(c.mapping()
                .withPlacementsHonoured(false)))) {
            return inference.evaluate(test);
        }
    }

    /** A copy of the current weights. */
    public NbpWeights weights() {
        return chip != null ? chip.weights() : reference.weights().copy();
    }

    /** Epochs trained so far. */
    public int epochsDone() {
        return epochsDone;
    }

    /** Energy and time of the training run so far (chip engine only). */
    public EnergyReport energyReport() {
        requireChip();
        return chip.board().energyReport();
    }

    /** Spikes per population per slot (chip engine only). */
    public Map<String, long[]> spikeCountsPerSlot() {
        requireChip();
        return chip.spikeCountsPerSlot();
    }

    /** Spikes outside their population's slots (chip engine only). */
    public Map<String, Long> slotViolations() {
        requireChip();
        return chip.slotViolations();
    }

    private void requireChip() {
        if (chip == null) {
            throw new IllegalStateException("this trainer runs the reference engine; the figure needs the chip");
        }
    }

    @Override
    public void close() {
        if (chip != null) {
            chip.close();
        }
    }
}
