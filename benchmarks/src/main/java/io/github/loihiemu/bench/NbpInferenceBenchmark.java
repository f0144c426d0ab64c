package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import io.github.loihiemu.nbp.NbpInference;
import io.github.loihiemu.nbp.NbpTrainer;
import io.github.loihiemu.nbp.NbpWeights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * nBP inference on the emulated chip (4 timesteps per sample) with weights trained for one epoch (reference engine,
 * seed 1): one invocation scores the first 1,000 MNIST20 test images, so scores are per sample. "auto" packs the
 * populations instead of the authors' core ranges (same results).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class NbpInferenceBenchmark {
    static final int BATCH = 1000;

    @Param({"1"})
    public int threads;
    @Param({"paper", "auto"})
    public String placement;
    BinarizedDataset test;
    NbpInference inference;

    @Setup(Level.Trial)
    public void setUp() {
        NbpWeights w;
        try (NbpTrainer t = new NbpTrainer(NbpTrainer.Config.paper(Dataset.MNIST20).withSeed(1).withReferenceEngine())) {
            t.train(1, null);
            w = t.weights();
        }
        test = Datasets.load(Dataset.MNIST20, Split.TEST);
        BoardConfig config = BoardConfig.defaults().withThreads(threads);
        inference = new NbpInference(w, config.withMapping(config.mapping()
                .withPlacementsHonoured(placement.equals("paper"))));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inference.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int chip() {
        return inference.evaluate(test, BATCH).argmaxCorrect();
    }
}
