package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeProbe;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CubaNetworkTest {
    private static SpikeProbe run(int threads, int steps) {
        CubaNetwork cuba = new CubaNetwork(1);
        try (Board board = cuba.compile(BoardConfig.defaults().withThreads(threads).withSeed(1))) {
            SpikeProbe p = board.probeSpikes(cuba.neurons());
            board.run(steps);
            return p;
        }
    }

    /** Several runs, so that the two-thread board re-splits its cores by measured work after 2,000 steps. */
    @Test
    void twoThreadsMatchOneThreadAcrossTheRebalanceIncludingTheEnergyReport() {
        long[][] times = new long[2][];
        int[][] indices = new int[2][];
        String[] energy = new String[2];
        for (int threads = 1; threads <= 2; threads++) {
            CubaNetwork cuba = new CubaNetwork(2);
            try (Board board = cuba.compile(BoardConfig.defaults().withThreads(threads).withSeed(2))) {
                SpikeProbe p = board.probeSpikes(cuba.neurons());
                for (int r = 0; r < 4; r++) {
                    board.run(1500);
                }
                times[threads - 1] = p.times();
                indices[threads - 1] = p.indices();
                energy[threads - 1] = board.energyReport().toJson();
            }
        }
        assertTrue(times[0].length > 1000, "spikes: " + times[0].length);
        assertArrayEquals(times[0], times[1]);
        assertArrayEquals(indices[0], indices[1]);
        assertEquals(energy[0], energy[1]);
    }

    @Test
    void selfSustainedIrregularActivityIdenticalOnOneAndTwoThreads() {
        CubaNetwork cuba = new CubaNetwork(1);
        // p = 0.02 of 16 million ordered pairs: 320,000 expected, within 4 standard deviations
        assertTrue(Math.abs(cuba.synapses() - 320_000) < 4 * Math.sqrt(320_000 * 0.98), "" + cuba.synapses());
        int steps = 5000;      // 0.5 s of biological time
        SpikeProbe one = run(1, steps);
        SpikeProbe two = run(2, steps);
        assertArrayEquals(one.times(), two.times());
        assertArrayEquals(one.indices(), two.indices());
        // activity persists to the end (the network drives itself) at a few Hz, as in the original benchmark
        long late = 0;
        for (int k = 0; k < one.size(); k++) {
            late += one.time(k) > steps / 2 ? 1 : 0;
        }
        double rate = late / (0.25 * CubaNetwork.NEURONS);
        assertTrue(rate > 1 && rate < 40, "rate " + rate + " Hz");
        // no neuron fires faster than its 5 ms refractory period allows
        long[] last = new long[CubaNetwork.NEURONS];
        java.util.Arrays.fill(last, -1000);
        for (int k = 0; k < one.size(); k++) {
            int i = one.index(k);
            assertTrue(one.time(k) - last[i] >= 50, "neuron " + i + " at " + one.time(k));
            last[i] = one.time(k);
        }
        assertEquals(one.size(), two.size());
    }
}
