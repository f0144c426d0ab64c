package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.Board;
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
 * One full chip (issue 17, goal 4): 128 cores x 1,024 compartments, every compartment feeding two runs of 50
 * consecutive targets ({@link ScaleChips#structured}, 13 million synapses in a 1-bit weight format, so that the packer
 * places them on exactly one chip's 128 cores). One operation is one timestep; the score is microseconds per step.
 * {@code activity=busy}: biases of 850..1,099, about 6.4 % of the compartments fire per step (844,000 synaptic events
 * per step; the energy model's chip time is 37 us per step); {@code quiet}: biases of 790..801, about 1.2 % fire per
 * step (157,000 events per step, chip time 14 us per step). With biases below 760 the network falls silent (131,072
 * updates and nothing else).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@State(Scope.Benchmark)
public class FullChipBenchmark {
    @Param({"1", "2"})
    public int threads;
    @Param({"busy", "quiet"})
    public String activity;
    Board board;

    @Setup(Level.Trial)
    public void setUp() {
        boolean busy = activity.equals("busy");
        board = Board.compileReleasing(ScaleChips.structured(1, ScaleChips.PER_CHIP, busy ? 850 : 790, busy ? 250 : 12),
                ScaleChips.config(1, threads));
        // through the scheduler's timing window, so that with several threads the cores are re-split by their
        // measured time before the measurement, not in its middle: the window opens at the first run after 1,000
        // steps and a second of wall time, lasts 512 steps, and the split follows at the next run
        long start = System.nanoTime();
        board.run(1_100);
        while (System.nanoTime() - start < 1_200_000_000L) {
            board.run(10);
        }
        board.run(600);
        board.run(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        board.close();
    }

    @Benchmark
    public void oneStep() {
        board.run(1);
    }
}
