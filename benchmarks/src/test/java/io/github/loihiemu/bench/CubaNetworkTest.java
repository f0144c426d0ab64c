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
