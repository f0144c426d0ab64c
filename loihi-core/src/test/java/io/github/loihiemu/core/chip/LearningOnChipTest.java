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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learning engine on the emulated chip: timing, the nBP rule with reward, and the recorded E-STDP run (L4). */
class LearningOnChipTest {
    /** Memoryless compartment that fires in the step after a strong input. */
    private static final CompartmentPrototype RELAY = CompartmentPrototype.builder().currentDecay(4096)
            .voltageDecay(4096).vThMant(1000).enableSpikeBackprop(true).build();
    private static final ConnectionPrototype DRIVE = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY)
            .weightExponent(6).build();

    private record Pair(Board board, SpikeInput drive, SpikeInput reward, WeightProbe weights) {
    }

    /** pre and post compartments, driven by generator ports 0 and 1, joined by one plastic synapse. */
    private static Pair pair(LearningRuleSpec rule, int initialWeight, long seed) {
        Network net = new Network();
        SpikeGenerator drive = net.createSpikeGenerator("drive", 2);
        SpikeGenerator reward = net.createSpikeGenerator("reward", 1);
        CompartmentGroup pre = net.createCompartmentGroup("pre", 1, RELAY);
        CompartmentGroup post = net.createCompartmentGroup("post", 1, RELAY);
        net.connect(drive, pre, DRIVE, Topology.sparse(new int[] {0}, new int[] {0}, new int[] {255}));
        net.connect(drive, post, DRIVE, Topology.sparse(new int[] {1}, new int[] {0}, new int[] {255}));
        Connection plastic = net.connect(pre, post, ConnectionPrototype.builder().learningRule(rule).build(),
                Topology.oneToOne(1, initialWeight));
        net.connectReinforcement(reward, 0, rule);
        Board b = Board.compile(net, BoardConfig.defaults().withSeed(seed));
        return new Pair(b, b.spikeInput(drive), b.spikeInput(reward), b.probeWeights(plastic));
    }

    @Test
    void nbpRuleRewardedCoincidenceIsPlusTwoAndUnrewardedMinusTwoAtTheCoincidenceStep() {
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("4*x0*y0*r1 - 2*x0*y0").r1(1, 0).tEpoch(1).build();
        Pair p = pair(rule, 10, 1);
        // both fire at 5 (driven at 4); reward stamped 5 is seen by the learning phase of step 5
        p.drive.addSpike(0, 4);
        p.drive.addSpike(1, 4);
        p.reward.addSpike(0, 5);
        // both fire at 9 without reward; pre alone fires at 12
        p.drive.addSpike(0, 8);
        p.drive.addSpike(1, 8);
        p.drive.addSpike(0, 11);
        p.board.run(14);
        int[] w = p.weights.series(0);
        assertEquals(10, w[3], "t=4: unchanged");
        assertEquals(12, w[4], "t=5: +2, visible in the weight probe at the coincidence step");
        assertEquals(12, w[7], "t=8: unchanged");
        assertEquals(10, w[8], "t=9: -2 without reward");
        assertEquals(10, w[13], "a pre spike alone changes nothing");
    }

    @Test
    void eStdpRecordedOnHardwareIsReproducedStatistically() {
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("2*x1*y0 - 2*y1*x0").x1(40, 4).y1(40, 4).tEpoch(1)
                .build();
        long[] times = {14, 22, 27, 32, 40, 42, 52, 53, 62, 66, 72, 79, 82, 92};
        int[] recorded = {-48, 10, -26, 24, -10, 50, 6, -68, 8, -32, 18, -12, 38, -4};
        int runs = 10_000;
        double[] mean = new double[times.length];
        int[][] hits = new int[times.length][1];
        for (int run = 0; run < runs; run++) {
            Pair p = pair(rule, 50, run);
            for (long t = 11; t <= 91; t += 10) {
                p.drive.addSpike(1, t);          // post fires at 12, 22, ..., 92
            }
            for (long t : new long[] {14, 27, 40, 53, 66, 79, 92}) {
                p.drive.addSpike(0, t - 1);      // pre fires at 14, 27, ..., 92
            }
            p.board.run(93);
            int[] w = p.weights.series(0);
            for (int k = 0; k < times.length; k++) {
                int t = (int) times[k];
                int delta = w[t - 1] - w[t - 2];
                assertEquals(0, delta % 2, "deltas are even");
                mean[k] += delta / (double) runs;
                if (delta == recorded[k]) {
                    hits[k][0]++;
                }
            }
        }
        double mad = 0;
        for (int k = 0; k < times.length; k++) {
            mad += Math.abs(mean[k] - recorded[k]) / times.length;
            assertTrue(hits[k][0] / (double) runs >= 0.01,
                    "recorded delta " + recorded[k] + " at t=" + times[k] + " has probability "
                            + hits[k][0] / (double) runs + "; model mean " + mean[k]);
        }
        assertTrue(mad <= 1.5, "mean absolute deviation " + mad);
    }

    @Test
    void secondPreSpikeInOneEpochIsDroppedAndCounted() {
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("2*x1*y0").x1(10, 2).tEpoch(4).build();
        Pair p = pair(rule, 0, 3);
        p.drive.addSpike(0, 1);   // pre fires at 2 and 3: one epoch (steps 1..4)
        p.drive.addSpike(0, 2);
        p.board.run(4);
        assertEquals(1, p.board.droppedLearningSpikes());
    }

    @Test
    void sameSeedSameWeightsDifferentSeedDifferentRounding() {
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("2^-2*x1*y0 - 2^-2*y1*x0").x1(37.5, 3).y1(21.25, 5)
                .tEpoch(1).build();
        int[][] series = new int[3][];
        long[] seeds = {7, 7, 8};
        for (int k = 0; k < 3; k++) {
            Pair p = pair(rule, 0, seeds[k]);
            for (long t = 1; t < 200; t += 3) {
                p.drive.addSpike(0, t);
                p.drive.addSpike(1, t + 1);
            }
            p.board.run(202);
            series[k] = p.weights.series(0);
        }
        assertArrayEquals(series[0], series[1]);
        assertTrue(!java.util.Arrays.equals(series[0], series[2]), "another seed rounds differently");
    }
}
