package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.energy.EnergyReport;
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

/** Same seed, same spikes, weights and counters, whatever the thread count. */
class DeterminismTest {
    private record Result(long[] spikeTimes, int[] spikeIndices, int[] weights, EnergyReport energy) {
    }

    private static Result run(int threads, long seed) {
        return run(threads, seed, false);
    }

    /**
     * @param hooked with a management hook that reads the spike probes every step (the probes then take in every
     *               step's spikes as it ends, instead of once when the run ends) and checks they hold that step
     */
    private static Result run(int threads, long seed, boolean hooked) {
        SplittableRandom r = new SplittableRandom(1234);
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 60);
        CompartmentPrototype exc = CompartmentPrototype.builder().currentDecay(1024).voltageDecay(256).vThMant(60)
                .refractoryDelay(2).enableSpikeBackprop(true).build();
        CompartmentPrototype noisy = exc.toBuilder().enableNoise(true).noiseExp(7).noiseMantOffset(0).build();
        CompartmentGroup a = net.createCompartmentGroup("a", 300, exc);
        CompartmentGroup b = net.createCompartmentGroup("b", 300, noisy);
        net.place(a, 0, 2);
        net.place(b, 2, 5);
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("2^-2*x1*y0 - 2^-3*y1*x0").x1(20.5, 4).y1(15.25, 6)
                .tEpoch(1).build();
        int[][] w1 = new int[300][60];
        for (int[] row : w1) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextInt(4) == 0 ? r.nextInt(200) : 0;
            }
        }
        net.connect(in, a, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build(),
                Topology.allToAll(w1));
        int[][] w2 = new int[300][300];
        boolean[][] mask = new boolean[300][300];
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 300; j++) {
                mask[i][j] = r.nextInt(10) == 0;
                w2[i][j] = (r.nextInt(200) - 60) & ~1;
            }
        }
        Connection plastic = net.connect(a, b, ConnectionPrototype.builder().learningRule(rule).delay(2).build(),
                Topology.matrix(w2, mask));
        net.connect(b, a, ConnectionPrototype.builder().signMode(SignMode.INHIBITORY).build(),
                Topology.oneToOne(300, -40));
        try (Board board = Board.compile(net, BoardConfig.defaults().withThreads(threads).withSeed(seed))) {
            assertEquals(5, board.plan().coreCount());
            SpikeProbe pa = board.probeSpikes(a);
            SpikeProbe pb = board.probeSpikes(b);
            SpikeInput input = board.spikeInput(in);
            if (hooked) {
                board.addHook(io.github.loihiemu.core.energy.Phase.MANAGEMENT, (bd, t) -> {
                    for (SpikeProbe p : new SpikeProbe[] {pa, pb}) {
                        // the record ends with step t's spikes, or earlier ones when t had none
                        assertTrue(p.size() == 0 || p.time(p.size() - 1) <= t);
                        seenAtStep.merge(t, (long) p.size(), Long::sum);
                    }
                });
            }
            for (long t = 1; t <= 400; t++) {
                for (int port = 0; port < 60; port++) {
                    if (r.nextInt(5) == 0) {
                        input.addSpike(port, t);
                    }
                }
            }
            board.run(250);
            board.run(150);   // two runs in a row behave like one
            long[] times = concat(pa.times(), pb.times());
            int[] idx = new int[pa.size() + pb.size()];
            System.arraycopy(pa.indices(), 0, idx, 0, pa.size());
            for (int k = 0; k < pb.size(); k++) {
                idx[pa.size() + k] = 1000 + pb.index(k);
            }
            return new Result(times, idx, board.weights(plastic), board.energyReport());
        }
    }

    /** Per step: the records the hook saw (both probes together). */
    private static final java.util.Map<Long, Long> seenAtStep = new java.util.concurrent.ConcurrentHashMap<>();

    private static long[] concat(long[] x, long[] y) {
        long[] r = new long[x.length + y.length];
        System.arraycopy(x, 0, r, 0, x.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }

    @Test
    void oneAndTwoThreadsAndRepeatedRunsAgreeExactly() {
        Result one = run(1, 77);
        Result two = run(2, 77);
        Result again = run(1, 77);
        Result three = run(3, 77);
        assertTrue(one.spikeTimes.length > 1000, "the network must be active: " + one.spikeTimes.length);
        assertTrue(one.energy.learningUpdates() > 0);
        for (Result other : new Result[] {two, again, three}) {
            assertArrayEquals(one.spikeTimes, other.spikeTimes);
            assertArrayEquals(one.spikeIndices, other.spikeIndices);
            assertArrayEquals(one.weights, other.weights);
            assertEquals(one.energy.toJson(), other.energy.toJson());
        }
        seenAtStep.clear();
        Result hooked = run(2, 77, true);
        assertArrayEquals(one.spikeTimes, hooked.spikeTimes);
        assertArrayEquals(one.spikeIndices, hooked.spikeIndices);
        assertArrayEquals(one.weights, hooked.weights);
        // at every step the hook saw exactly the spikes of steps 1 .. t
        for (long t = 1; t <= 400; t++) {
            long upTo = 0;
            for (long x : one.spikeTimes) {
                upTo += x <= t ? 1 : 0;
            }
            assertEquals(upTo, seenAtStep.get(t), "step " + t);
        }
        Result otherSeed = run(1, 78);
        assertTrue(!java.util.Arrays.equals(one.weights, otherSeed.weights), "the seed matters");
    }
}
