package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.energy.CoreCounters;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spikes stamped 0, initial u and v, the compartment probe's array views, and counter snapshots. */
class BoardErgonomicsTest {
    private static final CompartmentPrototype HOLD = CompartmentPrototype.builder().currentDecay(0).voltageDecay(0)
            .vThMant(100_000).build();

    private record Rig(Network net, SpikeGenerator in, CompartmentGroup g) {
    }

    private static Rig rig(int delay) {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 1);
        CompartmentGroup g = net.createCompartmentGroup("g", 1, HOLD);
        net.connect(in, g, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).delay(delay).build(),
                Topology.oneToOne(1, 10));
        return new Rig(net, in, g);
    }

    @Test
    void aSpikeStampedZeroIsIntegratedAtStepOnePlusDelay() {
        for (int delay = 0; delay <= 3; delay++) {
            Rig r = rig(delay);
            try (Board b = Board.compile(r.net)) {
                StateProbe u = b.probeState(r.g, StateProbe.Variable.CURRENT);
                b.spikeInput(r.in).addSpike(0, 0);
                b.run(5);
                int[] expected = new int[5];
                for (int t = 1 + delay; t <= 5; t++) {
                    expected[t - 1] = 640;          // weight 10 * 64, held (no current decay)
                }
                assertArrayEquals(expected, u.series(0), "delay " + delay);
                // the stamp-0 spike's synaptic event is charged to step 1
                assertEquals(1, b.energyReport().synapticEvents(), "delay " + delay);
                assertEquals(1, b.counters(0).synapticEvents());
            }
        }
    }

    @Test
    void stampZeroWorksOnTwoThreadsAndNotAfterTheFirstRun() {
        Rig r = rig(0);
        try (Board b = Board.compile(r.net, BoardConfig.defaults().withThreads(2))) {
            b.spikeInput(r.in).addSpikes(0, 0, 2);
            b.run(3);
            assertEquals(1280, b.current(r.g, 0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.spikeInput(r.in).addSpike(0, 0));
            assertTrue(e.getMessage().contains("time 0 is not after the board's current time 3"), e.getMessage());
        }
        Rig s = rig(0);
        try (Board b = Board.compile(s.net)) {
            b.spikeInput(s.in).addSpike(0, 0);
            b.run(0);                               // no step: the spike waits for the first real one
            assertEquals(1, b.spikeInput(s.in).pending());
            b.run(1);
            assertEquals(640, b.current(s.g, 0));
        }
    }

    @Test
    void initialCurrentAndVoltageAreSetBeforeTheFirstRun() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(1024).voltageDecay(128).vThMant(1000)
                .build();
        Network net = new Network();
        CompartmentGroup g = net.createCompartmentGroup("g", 2, p);
        try (Board b = Board.compile(net)) {
            b.setCurrent(g, 0, 3200);
            b.setVoltage(g, 0, 3200);
            b.setCurrents(g, new int[] {3200, -3200});
            b.setVoltages(g, new int[] {3200, -3200});
            assertEquals(3200, b.current(g, 0));
            b.run(1);
            // worked example A's second row: u = 3200 * 3072 / 4096 = 2400, v = 3200 * 3968 / 4096 + 2400 = 5500
            assertEquals(2400, b.current(g, 0));
            assertEquals(5500, b.voltage(g, 0));
            assertEquals(-2400, b.current(g, 1));   // the decay truncates the magnitude
            assertEquals(-5500, b.voltage(g, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.setCurrent(g, 1, 1 << 23));
            assertEquals("setCurrent g[1]: u = 8388608 is outside the 24-bit range -8388608..8388607",
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.setVoltage(g, 2, 0));
            assertThrows(IllegalArgumentException.class, () -> b.setVoltages(g, new int[] {0}));
            // nothing is set when one value is bad
            assertThrows(IllegalArgumentException.class, () -> b.setCurrents(g, new int[] {7, 1 << 24}));
            assertEquals(2400, b.current(g, 0));
        }
    }

    @Test
    void compartmentProbeArraysEqualTheStateAndSpikeProbes() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 30);
        CompartmentGroup g = net.createCompartmentGroup("g", 40, CompartmentPrototype.builder().currentDecay(400)
                .voltageDecay(200).vThMant(40).refractoryDelay(2).biasMant(3).build());
        SplittableRandom r = new SplittableRandom(7);
        int[][] w = new int[40][30];
        for (int[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextInt(-256, 255) & ~1;
            }
        }
        net.connect(in, g, ConnectionPrototype.builder().build(), Topology.allToAll(w));
        try (Board b = Board.compile(net, BoardConfig.defaults().withThreads(2))) {
            CompartmentProbe all = b.probeCompartments(g);
            StateProbe u = b.probeState(g, StateProbe.Variable.CURRENT);
            StateProbe v = b.probeState(g, StateProbe.Variable.VOLTAGE);
            SpikeProbe s = b.probeSpikes(g);
            for (int t = 0; t < 60; t++) {
                for (int port = 0; port < 30; port++) {
                    if (r.nextInt(4) == 0) {
                        b.spikeInput(in).addSpike(port, t);
                    }
                }
            }
            b.run(60);
            int[][] cur = all.currents();
            int[][] vol = all.voltages();
            boolean[][] spk = all.spikes();
            assertEquals(60, all.samples());
            assertEquals(60, cur.length);
            assertEquals(40, cur[0].length);
            int spikes = 0;
            for (int step = 0; step < 60; step++) {
                assertEquals(step + 1, all.times()[step]);
                for (int i = 0; i < 40; i++) {
                    assertEquals(u.value(step, i), cur[step][i]);
                    assertEquals(v.value(step, i), vol[step][i]);
                    assertEquals(s.spiked(i, step + 1), spk[step][i], "step " + (step + 1) + ", compartment " + i);
                    spikes += spk[step][i] ? 1 : 0;
                }
            }
            assertEquals(s.size(), spikes);
            assertTrue(spikes > 50, "the test needs spikes: " + spikes);
            assertThrows(IndexOutOfBoundsException.class, () -> all.current(60, 0));
        }
    }

    @Test
    void countersAreSnapshotsThatDoNotChangeAfterwards() {
        Rig r = rig(0);
        try (Board b = Board.compile(r.net)) {
            b.spikeInput(r.in).addSpikes(0, 1, 2, 3);
            b.run(2);
            CoreCounters before = b.counters(0);
            b.run(3);
            CoreCounters after = b.counters(0);
            assertEquals(2, before.steps());
            assertEquals(2, before.synapticEvents());
            assertEquals(5, after.steps());
            assertEquals(3, after.synapticEvents());
            assertEquals(b.plan().core(0).id(), after.core());
            assertThrows(IllegalArgumentException.class, () -> b.counters(1));
        }
    }

    @Test
    void aSecondRunWhileOneIsInProgressIsRefused() throws Exception {
        Rig r = rig(0);
        try (Board b = Board.compile(r.net)) {
            java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            b.addHook(io.github.loihiemu.core.energy.Phase.HOST, (board, t) -> {
                if (t == 1) {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Thread first = new Thread(() -> b.run(3));
            first.start();
            inside.await();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.run(1));
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            release.countDown();
            first.join();
            assertEquals(3, b.time());
            // a hook that calls run is refused the same way, and the run that called it fails with that message
            b.addHook(io.github.loihiemu.core.energy.Phase.MANAGEMENT, (board, t) -> board.run(1));
            IllegalStateException nested = assertThrows(IllegalStateException.class, () -> b.run(1));
            assertTrue(nested.getMessage().contains("already running"), nested.getMessage());
        }
        Rig s = rig(0);
        Board closed = Board.compile(s.net);
        closed.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> closed.run(1));
        assertEquals("the board is closed", e.getMessage());
    }

    /** A network that cannot fit the heap is refused before anything is built, with the estimate and the heap. */
    @Test
    void aNetworkThatCannotFitTheHeapIsRefusedAtOnce() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 1000);
        CompartmentGroup g = net.createCompartmentGroup("g", 100, HOLD);
        net.connect(in, g, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build(),
                Topology.uniform(1000, 100, 1));
        assertEquals(100_000L * 40 + 100 * 56, Board.estimateBytes(net));
        assertEquals(100_000L * 12 + 100 * 44, Board.estimateReleasedBytes(net));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Board.checkHeap(net, 1 << 20));
        assertEquals("compile: the board needs at least 3 MiB (100 compartments at 56 B, 100000 synapses at 40 B),"
                + " the Java heap allows 1 MiB: raise it with -Xmx (docs/performance.md, \"Sizing the heap\")",
                e.getMessage());
        IllegalArgumentException released = assertThrows(IllegalArgumentException.class,
                () -> Board.checkHeap(net, 1 << 20, true));
        assertEquals("compileReleasing: the board needs at least 1 MiB (100 compartments at 44 B, 100000 synapses"
                + " at 12 B), the Java heap allows 1 MiB: raise it with -Xmx (docs/performance.md, \"Sizing the"
                + " heap\")", released.getMessage());
        Board.checkHeap(net, 64L << 20);
        IllegalArgumentException uniform = assertThrows(IllegalArgumentException.class,
                () -> Topology.uniform(100_000, 100_000, 1));
        assertTrue(uniform.getMessage().startsWith("uniform topology: 100000 x 100000 = 10000000000 synapses"),
                uniform.getMessage());
    }
}
