package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spike probes over runs longer than the piece the engine runs at once while probes are attached
 * ({@link TimestepEngine#COMMIT_STEPS}): the record is the same on one and on two threads, in one run or in many
 * short ones, and holds spikes on both sides of every piece boundary.
 */
class LongRunProbeTest {
    private record Record(long[] times, int[] indices) {
    }

    private static Record run(int threads, int[] runs) {
        return run(threads, runs, -1);
    }

    /** With {@code failAt} > 0, a management hook throws at that step (the run then fails). */
    private static Record run(int threads, int[] runs, long failAt) {
        Network net = new Network();
        CompartmentPrototype noisy = CompartmentPrototype.builder().currentDecay(1024).voltageDecay(256).vThMant(40)
                .refractoryDelay(3).biasMant(25).biasExp(6).enableNoise(true).noiseExp(7).noiseMantOffset(0).build();
        // b alone on core 0 and a over cores 1-3: on two threads the first split gives worker 0 cores 0 and 3, worker
        // 1 cores 1 and 2, so a's spikes of one step arrive out of index order and the merge must sort them
        CompartmentGroup a = net.createCompartmentGroup("a", 300, noisy);
        CompartmentGroup b = net.createCompartmentGroup("b", 150, noisy);
        net.place(b, 0, 1);
        net.place(a, 1, 4);
        try (Board board = Board.compile(net, BoardConfig.defaults().withThreads(threads).withSeed(5))) {
            SpikeProbe pa = board.probeSpikes(a);
            SpikeProbe pb = board.probeSpikes(b);
            if (failAt > 0) {
                board.addHook(io.github.loihiemu.core.energy.Phase.MANAGEMENT, (bd, t) -> {
                    if (t == failAt) {
                        throw new IllegalStateException("hook fails at " + t);
                    }
                });
            }
            for (int steps : runs) {
                if (failAt > 0) {
                    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                            () -> board.run(steps));
                    org.junit.jupiter.api.Assertions.assertEquals("hook fails at " + failAt, e.getMessage());
                    // the state is part-way through that step: no run may follow
                    IllegalStateException again = org.junit.jupiter.api.Assertions.assertThrows(
                            IllegalStateException.class, () -> board.run(1));
                    assertTrue(again.getMessage().startsWith("run: an earlier run failed in step " + failAt
                            + " (java.lang.IllegalStateException: hook fails at " + failAt + ")"), again.getMessage());
                } else {
                    board.run(steps);
                }
            }
            long[] times = new long[pa.size() + pb.size()];
            int[] idx = new int[times.length];
            for (int k = 0; k < pa.size(); k++) {
                times[k] = pa.time(k);
                idx[k] = pa.index(k);
            }
            for (int k = 0; k < pb.size(); k++) {
                times[pa.size() + k] = pb.time(k);
                idx[pa.size() + k] = 1000 + pb.index(k);
            }
            return new Record(times, idx);
        }
    }

    @Test
    void recordsAcrossPiecesMatchWhateverTheThreadsAndRuns() {
        int total = (int) (2 * TimestepEngine.COMMIT_STEPS + 300);
        Record one = run(1, new int[] {total});
        Record two = run(2, new int[] {total});
        Record pieces = run(2, new int[] {1, (int) TimestepEngine.COMMIT_STEPS - 1, 700, 0, total - 700 - 1024});
        long c = TimestepEngine.COMMIT_STEPS;
        for (long boundary : new long[] {c, 2 * c}) {
            boolean before = false;
            boolean after = false;
            for (long t : one.times) {
                before |= t > boundary - 20 && t <= boundary;
                after |= t > boundary && t <= boundary + 20;
            }
            assertTrue(before && after, "spikes on both sides of step " + boundary);
        }
        assertArrayEquals(one.times, two.times);
        assertArrayEquals(one.indices, two.indices);
        assertArrayEquals(one.times, pieces.times);
        assertArrayEquals(one.indices, pieces.indices);
    }

    /**
     * A hook that throws on a board of two threads fails the run with its exception (it hung before: worker 0 left its
     * loop and worker 1 waited at the next barrier forever), and the probes keep the spikes of steps 1 .. 1,500.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHookThatThrowsFailsTheRunAndKeepsTheRecordUpToThere() {
        int total = (int) (2 * TimestepEngine.COMMIT_STEPS + 300);
        Record one = run(1, new int[] {total});
        Record failed = run(2, new int[] {total}, 1500);
        int kept = 0;
        for (long t : failed.times) {
            assertTrue(t <= 1500, "a spike after the failure: step " + t);
            kept++;
        }
        int expected = 0;
        for (long t : one.times) {
            expected += t <= 1500 ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertEquals(expected, kept);
    }
}
