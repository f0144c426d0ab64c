package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Split;
import io.github.loihiemu.nbp.NbpChipSession;
import io.github.loihiemu.nbp.NbpWeights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What {@code ./nbp train --samples N} does between loading the data and scoring the test set (issue 17, goal 2):
 * one operation trains a fresh 400-400-10 circuit (He initialisation, seed 1) on the first N samples of the
 * training split in the CLI's shuffled order, each seen once. The score is seconds per operation.
 *
 * <p>{@link NbpTrainingBenchmark} cycles 4,000 samples, which the circuit memorises within a few passes: its
 * learning engines then update about 2,900 synapses per sample against about 4,100 for samples seen once, so its time
 * per sample is 20-30 % below what a run over fresh samples costs. This benchmark is the like-for-like reference for
 * the CLI's wall time. The paper placement takes about 70 s per operation at N = 20,000 on one thread.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class NbpEpochBenchmark {
    @Param({"20000"})
    public int samples;
    @Param({"1"})
    public int threads;
    @Param({"auto"})
    public String placement;
    Samples data;
    NbpChipSession session;

    @Setup(Level.Trial)
    public void load() {
        data = new Samples(Dataset.MNIST20, Split.TRAIN, samples, 1);
    }

    @Setup(Level.Iteration)
    public void build() {
        session = new NbpChipSession(NbpWeights.heInit(400, 400, 10, 1),
                BoardConfig.defaults().withThreads(threads).withSeed(1), placement.equals("paper"));
    }

    @TearDown(Level.Iteration)
    public void close() {
        session.close();
    }

    @Benchmark
    public void epoch() {
        for (int k = 0; k < samples; k++) {
            session.train(data.on[k], data.count[k], data.label[k]);
        }
    }
}
