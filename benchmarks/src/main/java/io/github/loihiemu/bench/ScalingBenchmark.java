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
 * Training time per sample on the emulated chip as the network grows: hidden 100, 400 and 1,600 units, 400 (MNIST20)
 * or 784 (MNIST28) inputs, automatic placement (the paper's core ranges are sized for 400-400-10), one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ScalingBenchmark {
    @Param({"100", "400", "1600"})
    public int hidden;
    @Param({"MNIST20", "MNIST28"})
    public String dataset;
    Samples samples;
    NbpChipSession session;

    @Setup(Level.Trial)
    public void setUp() {
        Dataset d = Dataset.valueOf(dataset);
        samples = new Samples(d, Split.TRAIN, 2000, 1);
        session = new NbpChipSession(NbpWeights.heInit(samples.inputs, hidden, 10, 1),
                BoardConfig.defaults().withThreads(1).withSeed(1), false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public void trainOneSample() {
        int k = samples.next();
        session.train(samples.on[k], samples.count[k], samples.label[k]);
    }
}
