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
     * @param computeLayout    true: thin chip cores may run merged for speed (the default; results, counters and
     *                         energy are the same either way, see {@code MappingConfig#computeLayout}); false: every
     *                         chip core runs as it is
     */
    public record Config(Dataset dataset, List<Integer> hiddenLayers, long seed, int samplesPerEpoch, int threads,
                         boolean chip, boolean paperPlacement, List<Integer> steps, boolean computeLayout) {
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

        /** These settings with the compute layout on. */
        public Config(Dataset dataset, List<Integer> hiddenLayers, long seed, int samplesPerEpoch, int threads,
                      boolean chip, boolean paperPlacement, List<Integer> steps) {
            this(dataset, hiddenLayers, seed, samplesPerEpoch, threads, chip, paperPlacement, steps, true);
        }

        /** This configuration with the compute layout on (true) or every chip core run as it is. */
        public Config withComputeLayout(boolean on) {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, chip, paperPlacement, steps, on);
        }

        /** 400 hidden units, full epochs, seed 1, one thread, on the chip. */
        public static Config paper(Dataset dataset) {
            return new Config(dataset, List.of(400), 1, 60_000, 1, true, true, List.of(), true);
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
            return new Config(dataset, hiddenLayers, s, samplesPerEpoch, threads, chip, paperPlacement,
                    steps, computeLayout);
        }

        /** One hidden layer of {@code h} units. */
        public Config withHidden(int h) {
            return new Config(dataset, List.of(h), seed, samplesPerEpoch, threads, chip, paperPlacement,
                    List.of(), computeLayout);
        }

        /** Hidden layers of these sizes, first to last. */
        public Config withHiddenLayers(int... sizes) {
            return new Config(dataset, java.util.Arrays.stream(sizes).boxed().toList(), seed, samplesPerEpoch,
                    threads, chip, paperPlacement, List.of(), computeLayout);
        }

        public Config withSamplesPerEpoch(int n) {
            return new Config(dataset, hiddenLayers, seed, n, threads, chip, paperPlacement, steps, computeLayout);
        }

        public Config withThreads(int n) {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, n, chip, paperPlacement,
                    steps, computeLayout);
        }

        public Config withReferenceEngine() {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, false, paperPlacement,
                    steps, computeLayout);
        }

        /** Weight steps per matrix W_1 .. W_{L+1} (even, 2..128). */
        public Config withSteps(int... s) {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, chip, paperPlacement,
                    java.util.Arrays.stream(s).boxed().toList(), computeLayout);
        }

        int[] stepArray() {
            return steps.isEmpty() ? null : steps.stream().mapToInt(Integer::intValue).toArray();
        }

        public Config withAutomaticPlacement() {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, chip, false, steps, computeLayout);
        }

        /** The placement, as an enum. */
        public Placement placement() {
            return paperPlacement ? Placement.PAPER : Placement.AUTO;
        }

        public Config withPlacement(Placement p) {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, chip,
                    p == Placement.PAPER, steps, computeLayout);
        }

        /** The chip (true) or the reference algorithm (false). */
        public Config withChipEngine(boolean onChip) {
            return new Config(dataset, hiddenLayers, seed, samplesPerEpoch, threads, onChip, paperPlacement,
                    steps, computeLayout);
        }

        /** The hidden layers of {@code layers} (inputs first, 10 outputs last). */
        public Config withLayers(int[] layers) {
            return new Config(dataset, java.util.Arrays.stream(layers, 1, layers.length - 1).boxed().toList(), seed,
                    samplesPerEpoch, threads, chip, paperPlacement, steps, computeLayout);
        }
    }

    /** Called after every epoch. */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(int epoch, NbpTrainer trainer);
    }

    /**
     * Called after every training sample: {@code done} of {@code total} samples of epoch {@code epoch} (0-based) are
     * trained. For progress displays and checkpoints; {@link #weights()} gives the weights at that point.
     */
    @FunctionalInterface
    public interface SampleListener {
        void sampleDone(int epoch, int done, int total);
    }

    /** Where the cores go: the nBP authors' core ranges, or automatic packing. */
    public enum Placement { PAPER, AUTO }

    private final Config config;
    private final BinarizedDataset train;
    private final BinarizedDataset test;
    private final NbpReference reference;
    private final NbpChipSession chip;
    private int epochsDone;
    /** Samples of epoch {@link #epochsDone} already trained (a resumed run starts inside an epoch). */
    private int position;
    /** A fixed presentation order for every epoch, or null for the seeded shuffle. */
    private int[] fixedOrder;

    /** Loads the data set (fetching it on first use) and builds the engine with He-initialised weights. */
    public NbpTrainer(Config config) {
        this(config, null);
    }

    /** As {@link #NbpTrainer(Config)}, starting from {@code initial} weights instead (copied). */
    public NbpTrainer(Config config, NbpWeights initial) {
        this(config, initial, Datasets.load(config.dataset(), Split.TRAIN), Datasets.load(config.dataset(), Split.TEST));
    }

    /**
     * As above, with the data set's splits already loaded (they must be {@code config.dataset()}'s): the CLI loads them
     * to check its arguments before anything is built.
     */
    public NbpTrainer(Config config, NbpWeights initial, BinarizedDataset train, BinarizedDataset test) {
        this.config = config;
        this.train = train;
        this.test = test;
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
        return BoardConfig.defaults().withThreads(config.threads()).withSeed(config.seed()).withMapping(
                io.github.loihiemu.core.mapping.MappingConfig.defaults().withComputeLayout(config.computeLayout()));
    }

    /** Trains {@code epochs} more epochs, calling {@code listener} (may be null) after each. */
    public void train(int epochs, EpochListener listener) {
        train(epochs, listener, null);
    }

    /**
     * Trains {@code epochs} more epochs (the first of them from the resume position, see {@link #startAt}), calling
     * {@code samples} (may be null) after every sample and {@code listener} (may be null) after every epoch.
     */
    public void train(int epochs, EpochListener listener, SampleListener samples) {
        int n = samplesPerEpoch();
        int[] buf = new int[train.inputCount()];
        for (int e = 0; e < epochs; e++) {
            int[] order = order(epochsDone);
            for (int k = position; k < n; k++) {
                int i = order[k];
                int on = train.copyOnPixels(i, buf);
                if (chip != null) {
                    chip.train(buf, on, train.label(i));
                } else {
                    reference.train(buf, on, train.label(i));
                }
                if (samples != null) {
                    samples.sampleDone(epochsDone, k + 1, n);
                }
            }
            position = 0;
            epochsDone++;
            if (listener != null) {
                listener.epochDone(epochsDone, this);
            }
        }
    }

    /** Samples per epoch: the configured number, at most the training set. */
    public int samplesPerEpoch() {
        return Math.min(config.samplesPerEpoch(), train.size());
    }

    /** The presentation order of epoch {@code epoch} (0-based): the fixed one, or the seeded shuffle. */
    public int[] order(int epoch) {
        return fixedOrder != null ? fixedOrder : train.shuffledOrder(config.seed(), epoch);
    }

    /**
     * Presents the training samples in {@code order} (indices into the training set, at least
     * {@link #samplesPerEpoch()} of them) in every epoch instead of the seeded shuffle.
     */
    public void fixOrder(int[] order) {
        int n = samplesPerEpoch();
        if (order == null || order.length < n) {
            throw new IllegalArgumentException("a fixed order needs at least " + n + " indices, got "
                    + (order == null ? "none" : order.length));
        }
        for (int k = 0; k < order.length; k++) {
            if (order[k] < 0 || order[k] >= train.size()) {
                throw new IllegalArgumentException("fixed order: index " + order[k] + " at position " + k
                        + " is outside 0.." + (train.size() - 1));
            }
        }
        fixedOrder = order.clone();
    }

    /**
     * Resumes at sample {@code position} of epoch {@code epoch} (0-based), as a checkpoint records it: the next
     * {@link #train} continues that epoch's order there. A position at the end of a whole epoch moves to the next.
     */
    public void startAt(int epoch, int position) {
        if (epoch < 0 || position < 0 || position > samplesPerEpoch()) {
            throw new IllegalArgumentException("resume position: epoch " + epoch + ", sample " + position
                    + " (an epoch has " + samplesPerEpoch() + " samples)");
        }
        this.epochsDone = epoch;
        this.position = position;
        if (position == samplesPerEpoch() && samplesPerEpoch() == train.size()) {
            this.epochsDone++;
            this.position = 0;
        }
    }

    /** Samples of the current epoch already trained (non-zero only when resumed inside an epoch). */
    public int position() {
        return position;
    }

    /** The training set. */
    public BinarizedDataset trainingSet() {
        return train;
    }

    /** The test set. */
    public BinarizedDataset testSet() {
        return test;
    }

    /** The chip session (chip engine: slot and copy invariants, the board), or null for the reference engine. */
    public NbpChipSession chipSession() {
        return chip;
    }

    /**
     * Scores the current weights on the test set, on the emulated inference circuit. Scoring packs the circuit
     * automatically: the outputs are identical on any placement and the packed board is the cheaper to build and
     * run.
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

    /**
     * What the next sample inherits besides {@link #weights()} (every W_kT+ and a pending slot-1 depression of W2), to
     * be written with the weights into a checkpoint ({@link NbpFiles#writeCheckpoint(java.nio.file.Path, NbpWeights,
     * NbpResumeState, NbpFiles.Position)}).
     */
    public NbpResumeState resumeState() {
        return chip != null ? chip.resumeState() : reference.resumeState();
    }

    /**
     * Restores a checkpoint's {@link NbpResumeState} (of either engine) before the first sample, so that the run goes
     * on exactly as the one that wrote it.
     */
    public void restore(NbpResumeState state) {
        if (chip != null) {
            chip.restore(state);
        } else {
            reference.restore(state);
        }
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
