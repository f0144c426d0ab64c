package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.energy.CoreCounters;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The emulator's kernels, one timestep per invocation on one worker thread, scored per unit of work (ns per
 * compartment update, per synaptic event or per learning-engine synapse update; reciprocal = rate). Each network is
 * self-driven (pacemaker compartments whose bias exceeds the threshold fire every step) so no host input is needed
 * and the steady state allocates nothing; each state checks its per-step work against the counters at set-up.
 * {@link #baselineRowAdd} is a plain Java int-row add, a machine baseline to compare runs on noisy machines.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelBenchmark {
    static final int COMPARTMENTS = 4096;
    static final int DENSE_SOURCES = 256;
    static final int DENSE_TARGETS = 1024;
    static final int SPARSE_SOURCES = 1024;
    static final int SPARSE_TARGETS = 8192;
    static final int SPARSE_FANOUT = 16;
    static final int PLASTIC_SOURCES = 64;
    static final int PLASTIC_TARGETS = 1024;

    /** Fires every step: bias 100 > threshold 64, no memory. */
    static final CompartmentPrototype PACEMAKER = CompartmentPrototype.builder().currentDecay(4096)
            .voltageDecay(4096).vThMant(1).biasMant(100).build();
    /** Never fires: integrates, leaks, stays active. */
    static final CompartmentPrototype SILENT = CompartmentPrototype.builder().currentDecay(400).voltageDecay(200)
            .vThMant(CompartmentPrototype.VTH_MANT_MAX).biasMant(3).build();

    /** Never fires and keeps nothing from the last step (full current and voltage decay), as nBP's units. */
    static final CompartmentPrototype MEMORYLESS = CompartmentPrototype.builder().currentDecay(4096)
            .voltageDecay(4096).vThMant(CompartmentPrototype.VTH_MANT_MAX).biasMant(3).build();

    abstract static class Step {
        Board board;
        long perStep;

        abstract Network network();

        abstract long work(CoreCounters c);

        @Setup(Level.Trial)
        public void setUp() {
            board = Board.compile(network(), BoardConfig.defaults().withThreads(1).withSeed(1));
            board.run(5);
            board.resetEnergy();
            board.run(10);
            long total = 0;
            for (int s = 0; s < board.plan().coreCount(); s++) {
                total += work(board.counters(s));
            }
            perStep = total / 10;
            if (perStep != expected()) {
                throw new IllegalStateException(getClass().getSimpleName() + ": " + perStep + " units of work per step,"
                        + " expected " + expected());
            }
        }

        abstract long expected();

        @TearDown(Level.Trial)
        public void tearDown() {
            board.close();
        }
    }

    /** 4,096 active, silent compartments of one prototype on four cores (the uniform kernel). */
    @State(Scope.Benchmark)
    public static class Compartments extends Step {
        @Override
        Network network() {
            Network n = new Network();
            n.createCompartmentGroup("silent", COMPARTMENTS, SILENT);
            return n;
        }

        @Override
        long work(CoreCounters c) {
            return c.activeUpdates() + c.inactiveUpdates();
        }

        @Override
        long expected() {
            return COMPARTMENTS;
        }
    }

    /**
     * 4,096 active, silent compartments of two prototypes alternating on the same four cores: the general kernel
     * (per-compartment decays, threshold and refractory delay), where {@link Compartments}, of one prototype, runs
     * the uniform one.
     */
    @State(Scope.Benchmark)
    public static class MixedCompartments extends Compartments {
        @Override
        Network network() {
            Network n = new Network();
            CompartmentGroup a = n.createCompartmentGroup("silent", COMPARTMENTS / 2, SILENT);
            CompartmentGroup b = n.createCompartmentGroup("silent2", COMPARTMENTS / 2, CompartmentPrototype.builder()
                    .currentDecay(300).voltageDecay(100).vThMant(CompartmentPrototype.VTH_MANT_MAX - 1).biasMant(5)
                    .refractoryDelay(2).build());
            n.place(a, 0, 4);
            n.place(b, 0, 4);
            return n;
        }
    }

    /** 4,096 active compartments without memory on four cores (the kernel's specialised loop). */
    @State(Scope.Benchmark)
    public static class MemorylessCompartments extends Compartments {
        @Override
        Network network() {
            Network n = new Network();
            n.createCompartmentGroup("memoryless", COMPARTMENTS, MEMORYLESS);
            return n;
        }
    }

    /** 256 pacemakers, all-to-all onto 1,024 silent compartments: 262,144 events per step in dense rows. */
    @State(Scope.Benchmark)
    public static class Dense extends Step {
        @Override
        Network network() {
            Network n = new Network();
            CompartmentGroup src = n.createCompartmentGroup("src", DENSE_SOURCES, PACEMAKER);
            CompartmentGroup dst = n.createCompartmentGroup("dst", DENSE_TARGETS, SILENT);
            n.connect(src, dst, ConnectionPrototype.builder().build(), Topology.uniform(DENSE_SOURCES,
                    DENSE_TARGETS, 2));
            return n;
        }

        @Override
        long work(CoreCounters c) {
            return c.synapticEvents();
        }

        @Override
        long expected() {
            return (long) DENSE_SOURCES * DENSE_TARGETS;
        }
    }

    /** 1,024 pacemakers, each onto 16 random targets among 8,192 on 8 cores: short sparse rows. */
    @State(Scope.Benchmark)
    public static class Sparse extends Step {
        @Override
        Network network() {
            Network n = new Network();
            CompartmentGroup src = n.createCompartmentGroup("src", SPARSE_SOURCES, PACEMAKER);
            CompartmentGroup dst = n.createCompartmentGroup("dst", SPARSE_TARGETS, SILENT);
            SplittableRandom r = new SplittableRandom(7);
            int m = SPARSE_SOURCES * SPARSE_FANOUT;
            int[] s = new int[m];
            int[] t = new int[m];
            int[] w = new int[m];
            for (int k = 0; k < m; k++) {
                s[k] = k / SPARSE_FANOUT;
                w[k] = 2;
                boolean fresh;
                do {        // distinct targets per source: the chip has one synapse per (source, target) pair here
                    t[k] = r.nextInt(SPARSE_TARGETS);
                    fresh = true;
                    for (int q = k - k % SPARSE_FANOUT; q < k; q++) {
                        fresh &= t[q] != t[k];
                    }
                } while (!fresh);
            }
            n.connect(src, dst, ConnectionPrototype.builder().build(), Topology.sparse(s, t, w));
            return n;
        }

        @Override
        long work(CoreCounters c) {
            return c.synapticEvents();
        }

        @Override
        long expected() {
            return (long) SPARSE_SOURCES * SPARSE_FANOUT;
        }
    }

    /** 64 pacemakers onto 1,024 pacemakers through plastic synapses (dw = -2 x0 y0): 65,536 updates per step. */
    @State(Scope.Benchmark)
    public static class Plastic extends Step {
        @Override
        Network network() {
            Network n = new Network();
            CompartmentGroup src = n.createCompartmentGroup("src", PLASTIC_SOURCES, PACEMAKER);
            CompartmentGroup dst = n.createCompartmentGroup("dst", PLASTIC_TARGETS,
                    PACEMAKER.toBuilder().enableSpikeBackprop(true).build());
            LearningRuleSpec rule = LearningRuleSpec.builder().dw("2*x0*y0 - 4*x0*y0").tEpoch(1).build();
            n.connect(src, dst, ConnectionPrototype.builder().learningRule(rule).build(),
                    Topology.uniform(PLASTIC_SOURCES, PLASTIC_TARGETS, 100));
            return n;
        }

        @Override
        long work(CoreCounters c) {
            return c.learningUpdates();
        }

        @Override
        long expected() {
            return (long) PLASTIC_SOURCES * PLASTIC_TARGETS;
        }
    }

    /** Rows for the machine baseline: 256 rows of 1,024 ints added into one accumulator row. */
    @State(Scope.Benchmark)
    public static class Rows {
        final int[][] rows = new int[DENSE_SOURCES][DENSE_TARGETS];
        final int[] acc = new int[DENSE_TARGETS];

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom r = new SplittableRandom(3);
            for (int[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = r.nextInt(-256, 256);
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(COMPARTMENTS)
    public void compartmentUpdate(Compartments s) {
        s.board.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(COMPARTMENTS)
    public void compartmentUpdateMixed(MixedCompartments s) {
        s.board.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(COMPARTMENTS)
    public void compartmentUpdateMemoryless(MemorylessCompartments s) {
        s.board.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(DENSE_SOURCES * DENSE_TARGETS)
    public void synapticEventDense(Dense s) {
        s.board.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(SPARSE_SOURCES * SPARSE_FANOUT)
    public void synapticEventSparse(Sparse s) {
        s.board.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(PLASTIC_SOURCES * PLASTIC_TARGETS)
    public void learningUpdate(Plastic s) {
        s.board.run(1);
    }

    @Benchmark
    @OperationsPerInvocation(DENSE_SOURCES * DENSE_TARGETS)
    public int baselineRowAdd(Rows s) {
        int[] acc = s.acc;
        for (int[] row : s.rows) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] += row[i];
            }
        }
        return acc[0];
    }
}
