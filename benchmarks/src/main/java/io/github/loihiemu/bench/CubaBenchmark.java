package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
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
 * The CUBA network ({@link CubaNetwork}): one invocation is one second of biological time (10,000 timesteps), after
 * a 100 ms transient; the score is wall milliseconds per biological second.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class CubaBenchmark {
    @Param({"1", "2"})
    public int threads;
    Board board;

    @Setup(Level.Trial)
    public void setUp() {
        board = new CubaNetwork(1).compile(BoardConfig.defaults().withThreads(threads).withSeed(1));
        board.run(1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        board.close();
    }

    @Benchmark
    public void oneBiologicalSecond() {
        board.run(CubaNetwork.STEPS_PER_SECOND);
    }
}
