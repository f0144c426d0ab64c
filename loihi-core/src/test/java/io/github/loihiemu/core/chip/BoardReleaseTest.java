package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A board whose description is released runs exactly as one that keeps it, and lets the network go. */
class BoardReleaseTest {
    private static final CompartmentPrototype LIF = CompartmentPrototype.builder().currentDecay(1024)
            .voltageDecay(256).vThMant(40).refractoryDelay(1).build();

    /** A generator into a recurrent group: dense rows, sparse rows, two delays, two weight formats. */
    private static final class Net {
        final Network net = new Network();
        final SpikeGenerator in = net.createSpikeGenerator("in", 20);
        final CompartmentGroup g = net.createCompartmentGroup("g", 300, LIF);
        final Connection feed;
        final Connection recurrent;

        Net() {
            feed = net.connect(in, g, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).delay(2).build(),
                    Topology.uniform(20, 300, 40));
            SplittableRandom r = new SplittableRandom(7);
            int n = 300 * 12;
            int[] s = new int[n];
            int[] t = new int[n];
            int[] w = new int[n];
            int[] d = new int[n];
            int k = 0;
            for (int i = 0; i < 300; i++) {
                for (int j = 0; j < 12; j++) {
                    s[k] = i;
                    t[k] = (i * 37 + j * 23) % 300;
                    w[k] = r.nextInt(-120, 120);
                    d[k++] = r.nextInt(0, 4);
                }
            }
            recurrent = net.connect(g, g, ConnectionPrototype.builder().signMode(SignMode.MIXED)
                    .numWeightBits(6).weightExponent(-1).build(), Topology.sparse(s, t, w, d));
        }

        void drive(Board b) {
            SpikeInput input = b.spikeInput(in);
            for (int t = 1; t <= 60; t += 3) {
                input.addSpike(t % 20, t);
            }
        }
    }

    @Test
    void releasedBoardsRunAsTheKeptOne() {
        Net a = new Net();
        Board kept = Board.compile(a.net, BoardConfig.defaults().withThreads(2));
        Board released = Board.compile(a.net, BoardConfig.defaults());
        released.releaseDescription();
        Board compact = Board.compileReleasing(a.net, BoardConfig.defaults().withThreads(3));
        int[][] voltages = new int[3][];
        Board[] boards = {kept, released, compact};
        for (int b = 0; b < 3; b++) {
            a.drive(boards[b]);
            CompartmentProbe p = boards[b].probeCompartments(a.g);
            boards[b].run(80);
            voltages[b] = p.voltagesFlat();
        }
        assertTrue(kept.energyReport().spikes() > 100, "the network is active: " + kept.energyReport().spikes());
        assertArrayEquals(voltages[0], voltages[1]);
        assertArrayEquals(voltages[0], voltages[2]);
        for (int b = 1; b < 3; b++) {
            assertEquals(kept.energyReport().synapticEvents(), boards[b].energyReport().synapticEvents());
            assertEquals(kept.voltage(a.g, 17), boards[b].voltage(a.g, 17));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> compact.weights(a.recurrent));
        assertEquals("weights: this board released its description (releaseDescription), which held the synapse"
                + " order; read or set weights before releasing it", e.getMessage());
        assertThrows(IllegalStateException.class, () -> released.setWeights(a.feed, new int[6000]));
        assertThrows(IllegalStateException.class, () -> compact.probeWeights(a.feed));
        assertThrows(IllegalStateException.class, compact::plan);
        for (Board b : boards) {
            b.close();
        }
    }

    @Test
    void aReleasedBoardDoesNotKeepTheNetworkAlive() throws InterruptedException {
        Net same = new Net();
        Board kept = Board.compile(same.net);
        kept.spikeInput(same.in).addSpike(3, 1);
        kept.run(10);
        Net a = new Net();
        WeakReference<Network> network = new WeakReference<>(a.net);
        Board board = Board.compileReleasing(a.net, BoardConfig.defaults());
        SpikeInput input = board.spikeInput(a.in);
        a = null;
        for (int i = 0; i < 20 && network.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(network.get(), "the board holds no strong reference to its network");
        assertNull(input.generator());
        input.addSpike(3, 1);
        board.run(10);
        assertEquals(kept.energyReport().synapticEvents(), board.energyReport().synapticEvents());
        assertEquals(kept.energyReport().spikes(), board.energyReport().spikes());
        assertTrue(kept.energyReport().synapticEvents() > 300);
        board.close();
        kept.close();
    }
}
