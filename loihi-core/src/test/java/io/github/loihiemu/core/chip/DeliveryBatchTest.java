package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.synapse.WeightFormat;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Batched delivery gives every target the sums and every core the event counts of delivering message by message:
 * 600 pacemakers on 10 cores send about 2,400 messages per step (many full batches, and a part-filled one at the
 * end; ten senders' segments of many messages per destination)
 * over 140,000 sparse random synapses (enough synaptic memory for the board to batch) with mixed weights, delays 0-2
 * and two weight exponents, onto memoryless targets on 4 cores whose current is then exactly the sum of the step's
 * increments. A board of a tenth of the synapses delivers one by one, with the same sums.
 */
class DeliveryBatchTest {
    private static final int SOURCES = 600;
    private static final int TARGETS = 600;

    @Test
    void batchedSumsAndCountsEqualTheWorkedSums() {
        check(70_000, true);
    }

    @Test
    void smallBoardsDeliverOneByOneWithTheSameSums() {
        check(7_000, false);
    }

    private static void check(int perConnection, boolean batched) {
        SplittableRandom r = new SplittableRandom(17);
        Network net = new Network();
        // bias 100 > threshold 64, no memory, refractory 1: fires every step from step 1
        CompartmentPrototype pacemaker = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(4096)
                .vThMant(1).biasMant(100).refractoryDelay(1).build();
        CompartmentPrototype target = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(4096)
                .vThMant(CompartmentPrototype.VTH_MANT_MAX).build();
        CompartmentGroup src = net.createCompartmentGroup("src", SOURCES, pacemaker);
        CompartmentGroup dst = net.createCompartmentGroup("dst", TARGETS, target);
        net.place(src, 0, 10);
        net.place(dst, 10, 14);
        long[][] expected = new long[3][TARGETS];     // per delay d: the sum reaching each target from step 2 + d
        int synapses = 0;
        for (int exponent = 0; exponent <= 1; exponent++) {
            int n = perConnection;
            int[] s = new int[n];
            int[] t = new int[n];
            int[] w = new int[n];
            int[] d = new int[n];
            boolean[][] drawn = new boolean[SOURCES][TARGETS];
            for (int k = 0; k < n; k++) {
                do {
                    s[k] = r.nextInt(SOURCES);
                    t[k] = r.nextInt(TARGETS);
                } while (drawn[s[k]][t[k]]);
                drawn[s[k]][t[k]] = true;
                w[k] = (r.nextInt(511) - 256) & ~1;
                d[k] = r.nextInt(3);
                expected[d[k]][t[k]] += WeightFormat.scale(w[k], exponent);
            }
            synapses += n;
            net.connect(src, dst, ConnectionPrototype.builder().signMode(SignMode.MIXED).weightExponent(exponent)
                    .build(), Topology.sparse(s, t, w, d));
        }
        for (int threads = 1; threads <= 3; threads++) {
            try (Board board = Board.compile(net, BoardConfig.defaults().withThreads(threads).withSeed(1))) {
                assertEquals(batched, board.batchesDelivery());
                board.run(4);          // from step 4 on, spikes of steps 1..3 arrive with every delay
                int[] u = new int[TARGETS];
                int[] want = new int[TARGETS];
                for (int i = 0; i < TARGETS; i++) {
                    u[i] = board.current(dst, i);
                    long sum = expected[0][i] + expected[1][i] + expected[2][i];
                    want[i] = ((int) sum << 8) >> 8;     // the current is 24 bits, wrapped
                }
                assertArrayEquals(want, u, threads + " threads");
                long events = 0;
                for (int c = 10; c < 14; c++) {
                    events += board.counters(c).synapticEvents();
                }
                // spikes of steps 1..4 are delivered by the end of step 4, whatever their delay
                assertEquals(4L * synapses, events, threads + " threads");
            }
        }
    }
}
