package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spikes reach a core in ascending sender order whatever the thread count and however the cores are split: the
 * learning engine draws its trace rounding per arriving spike, so any other order would change the weights. Many small
 * cores (each sender reaches many destinations), stochastic traces, three generators, and runs long enough to pass
 * the scheduler's re-split.
 */
class SpikeExchangeOrderTest {
    private record Result(int[] weights, long[] times, int[] indices, long events) {
    }

    private static Result run(int threads) {
        SplittableRandom r = new SplittableRandom(99);
        Network net = new Network();
        SpikeGenerator[] in = new SpikeGenerator[3];
        for (int g = 0; g < 3; g++) {
            in[g] = net.createSpikeGenerator("in" + g, 20);
        }
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(2048).voltageDecay(512).vThMant(20)
                .refractoryDelay(1).enableSpikeBackprop(true).build();
        CompartmentGroup a = net.createCompartmentGroup("a", 240, p);
        CompartmentGroup b = net.createCompartmentGroup("b", 240, p);
        net.place(a, 0, 12);
        net.place(b, 12, 24);
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("2^-5*x1*y0 - 2^-5*y1*x0").x1(13.3, 3).y1(9.7, 5)
                .build();
        for (int g = 0; g < 3; g++) {
            int[][] w = new int[240][20];
            for (int[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextInt(3) == 0 ? 60 + r.nextInt(120) : 0;
                }
            }
            net.connect(in[g], a, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build(),
                    Topology.allToAll(w));
        }
        int[][] w = new int[240][240];
        boolean[][] mask = new boolean[240][240];
        for (int i = 0; i < 240; i++) {
            for (int j = 0; j < 240; j++) {
                mask[i][j] = r.nextInt(6) == 0;
                w[i][j] = (r.nextInt(160) - 40) & ~1;
            }
        }
        Connection plastic = net.connect(a, b, ConnectionPrototype.builder().learningRule(rule).build(),
                Topology.matrix(w, mask));
        net.connect(b, a, ConnectionPrototype.builder().signMode(SignMode.INHIBITORY).delay(1).build(),
                Topology.matrix(new int[240][240], mask));
        try (Board board = Board.compile(net, BoardConfig.defaults().withThreads(threads).withSeed(5))) {
            assertEquals(24, board.plan().coreCount());
            SpikeProbe pb = board.probeSpikes(b);
            // three runs: with no wall-clock warm-up the scheduler times the cores in steps 1,101-1,612 (the second
            // run) and re-splits them by those times before the third
            for (int run = 0; run < 3; run++) {
                for (long t = board.time() + 1; t <= board.time() + 1100; t++) {
                    for (int g = 0; g < 3; g++) {
                        for (int port = 0; port < 20; port++) {
                            if (r.nextInt(12) == 0) {
                                board.spikeInput(in[g]).addSpike(port, t);
                            }
                        }
                    }
                }
                board.run(1100);
            }
            assertEquals(threads > 1, board.coresResplit(), threads + " threads: re-split by measured time");
            return new Result(board.weights(plastic), pb.times(), pb.indices(),
                    board.energyReport().synapticEvents());
        }
    }

    @Test
    void oneToFiveThreadsGiveTheSameWeightsAndSpikes() {
        long warmUp = WorkProfile.warmUpNanos;
        WorkProfile.warmUpNanos = 0;
        try {
            compareThreadCounts();
        } finally {
            WorkProfile.warmUpNanos = warmUp;
        }
    }

    private static void compareThreadCounts() {
        Result one = run(1);
        assertTrue(one.times.length > 1000, "the comparison needs spikes: " + one.times.length);
        // 2, 3 and 5 workers: the barrier's one, two and three rounds; b's cores learn (merged in sender order), a's
        // do not (taken worker by worker)
        for (int threads : new int[] {2, 3, 5}) {
            Result other = run(threads);
            assertArrayEquals(one.weights, other.weights, threads + " threads: weights");
            assertArrayEquals(one.times, other.times, threads + " threads: spike times");
            assertArrayEquals(one.indices, other.indices, threads + " threads: spike indices");
            assertEquals(one.events, other.events, threads + " threads: synaptic events");
        }
    }
}
