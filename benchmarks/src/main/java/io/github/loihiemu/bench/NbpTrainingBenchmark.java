package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Split;
import io.github.loihiemu.nbp.NbpChipSession;
import io.github.loihiemu.nbp.NbpReference;
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
 * nBP training throughput, 400-400-10 on MNIST20 from He initialisation: one operation is one training sample (12
 * timesteps of the emulated chip, or one step of the reference algorithm). Scores are samples per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class NbpTrainingBenchmark {
    /** The emulated chip. */
    @State(Scope.Benchmark)
    public static class Chip {
        @Param({"1", "2"})
        public int threads;
        @Param({"paper", "auto"})
        public String placement;
        Samples samples;
        NbpChipSession session;

        @Setup(Level.Trial)
        public void setUp() {
            samples = new Samples(Dataset.MNIST20, Split.TRAIN, 4000, 1);
            session = new NbpChipSession(NbpWeights.heInit(400, 400, 10, 1),
                    BoardConfig.defaults().withThreads(threads).withSeed(1), placement.equals("paper"));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            session.close();
        }
    }

    /** The plain-Java reference algorithm. */
    @State(Scope.Benchmark)
    public static class Reference {
        Samples samples;
        NbpReference reference;

        @Setup(Level.Trial)
        public void setUp() {
            samples = new Samples(Dataset.MNIST20, Split.TRAIN, 4000, 1);
            reference = new NbpReference(NbpWeights.heInit(400, 400, 10, 1));
        }
    }

    @Benchmark
    public void chip(Chip s) {
        int k = s.samples.next();
        s.session.train(s.samples.on[k], s.samples.count[k], s.samples.label[k]);
    }

    @Benchmark
    public void reference(Reference s) {
        int k = s.samples.next();
        s.reference.train(s.samples.on[k], s.samples.count[k], s.samples.label[k]);
    }
}
