package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.energy.Phase;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoardFeaturesTest {
    private static final CompartmentPrototype RELAY = CompartmentPrototype.builder().currentDecay(4096)
            .voltageDecay(4096).vThMant(10).enableSpikeBackprop(true).build();
    private static final ConnectionPrototype EXC = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY)
            .build();

    @Test
    void hooksRunInPhaseOrderEveryStep() {
        Network net = new Network();
        net.createCompartmentGroup("a", 1, RELAY);
        List<String> calls = new ArrayList<>();
        try (Board b = Board.compile(net)) {
            for (Phase p : Phase.values()) {
                b.addHook(p, (board, t) -> calls.add(t + ":" + p));
            }
            b.run(2);
        }
        assertEquals(List.of("1:SPIKING", "1:PRE_LEARN_MANAGEMENT", "1:LEARNING", "1:MANAGEMENT", "1:HOST",
                "2:SPIKING", "2:PRE_LEARN_MANAGEMENT", "2:LEARNING", "2:MANAGEMENT", "2:HOST"), calls);
    }

    @Test
    void rewardFromACompartmentAndSpikesAcrossTwoChips() {
        Network net = new Network();
        SpikeGenerator drive = net.createSpikeGenerator("drive", 3);
        CompartmentGroup pre = net.createCompartmentGroup("pre", 1, RELAY);
        CompartmentGroup post = net.createCompartmentGroup("post", 1, RELAY);
        CompartmentGroup critic = net.createCompartmentGroup("critic", 1, RELAY);
        net.place(pre, 127, 128);     // last core of chip 0
        net.place(post, 128, 129);    // first core of chip 1
        net.place(critic, 0, 1);
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("4*x0*y0*r1 - 2*x0*y0").r1(1, 0).build();
        net.connect(drive, pre, EXC, Topology.sparse(new int[] {0}, new int[] {0}, new int[] {100}));
        net.connect(drive, post, EXC, Topology.sparse(new int[] {1}, new int[] {0}, new int[] {100}));
        net.connect(drive, critic, EXC, Topology.sparse(new int[] {2}, new int[] {0}, new int[] {100}));
        Connection plastic = net.connect(pre, post, ConnectionPrototype.builder().learningRule(rule).build(),
                Topology.oneToOne(1, 0));
        net.connectReinforcement(critic, 0, rule);
        try (Board b = Board.compile(net)) {
            assertEquals(2, b.plan().chipCount());
            WeightProbe w = b.probeWeights(plastic);
            b.spikeInput(drive).addSpikes(new int[] {0, 1, 2}, 3, 4);   // all three fire at 5
            b.spikeInput(drive).addSpikes(new int[] {0, 1}, 2, 8);      // coincidence without reward at 9
            b.run(10);
            assertEquals(2, w.weight(4, 0), "rewarded by the critic compartment at t=5");
            assertEquals(0, w.weight(8, 0), "unrewarded at t=9");
            assertTrue(b.energyReport().messages() >= 2);
        }
    }

    @Test
    void delayRuleChangesDelaysAndDeliveryFollows() {
        Network net = new Network();
        SpikeGenerator drive = net.createSpikeGenerator("drive", 1);
        CompartmentGroup pre = net.createCompartmentGroup("pre", 1, RELAY);
        CompartmentGroup post = net.createCompartmentGroup("post", 1, RELAY);
        net.connect(drive, pre, EXC, Topology.oneToOne(1, 100));
        LearningRuleSpec rule = LearningRuleSpec.builder().dd("4*x0").build();
        net.connect(pre, post, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).learningRule(rule)
                .build(), Topology.oneToOne(1, 100));
        try (Board b = Board.compile(net)) {
            SpikeProbe p = b.probeSpikes(post);
            b.spikeInput(drive).addSpikes(0, 1, 11);
            b.run(20);
            // first spike: delay 0 -> post fires at 3; the rule then sets the delay to 4: pre fires at 12, 12 + 1 + 4 = 17
            assertArrayEquals(new long[] {3, 17}, p.times());
        }
    }

    /**
     * A dense row of 32 synapses keeps its increments at its targets' indices, as their only copy; when the delay rule
     * gives the row per-synapse delays, delivery must go on with the weights learned so far.
     */
    @Test
    void delayLearningOnADenseRowDeliversTheLearnedWeights() {
        Network net = new Network();
        SpikeGenerator drive = net.createSpikeGenerator("drive", 1);
        CompartmentGroup pre = net.createCompartmentGroup("pre", 1, RELAY);
        CompartmentPrototype quiet = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(4096)
                .vThMant(CompartmentPrototype.VTH_MANT_MAX).build();
        CompartmentGroup post = net.createCompartmentGroup("post", 32, quiet);
        net.connect(drive, pre, EXC, Topology.oneToOne(1, 100));
        int[][] w = new int[32][1];     // [target][source]
        for (int k = 0; k < 32; k++) {
            w[k][0] = 2 * (k + 1);
        }
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("2*x0").dd("4*x0").build();
        Connection c = net.connect(pre, post, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY)
                .learningRule(rule).build(), Topology.allToAll(w));
        try (Board b = Board.compile(net)) {
            WeightProbe weights = b.probeWeights(c);
            StateProbe u = b.probeState(post, StateProbe.Variable.CURRENT);
            b.spikeInput(drive).addSpikes(0, 1, 11);
            b.run(20);
            List<Long> inputSteps = new ArrayList<>();
            for (int s = 0; s < u.samples(); s++) {
                if (u.value(s, 0) != 0) {
                    inputSteps.add(u.time(s));
                }
            }
            // as in the one-synapse case: delay 0 first (input at 3), then 4 (pre fires at 12, input at 17)
            assertEquals(List.of(3L, 17L), inputSteps);
            int first = (int) (3 - u.time(0));
            int second = (int) (17 - u.time(0));
            int before = (int) (11 - weights.time(0));   // pre's second spike is delivered in step 12, before its learning
            int changed = 0;
            for (int k = 0; k < 32; k++) {
                assertEquals(w[k][0] << 6, u.value(first, k), "first input of post " + k);
                assertEquals(weights.weight(before, k) << 6, u.value(second, k), "second input of post " + k);
                changed += weights.weight(before, k) != w[k][0] ? 1 : 0;
            }
            assertEquals(32, changed, "the first spike's learning changed every weight");
        }
    }

    @Test
    void noiseIsSeededAndCentred() {
        Network net = new Network();
        CompartmentPrototype noisy = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(4096)
                .vThMant(CompartmentPrototype.VTH_MANT_MAX).enableNoise(true).noiseExp(8).noiseMantOffset(0)
                .noiseAtVoltage(true).build();
        CompartmentGroup g = net.createCompartmentGroup("n", 200, noisy);
        try (Board b = Board.compile(net)) {
            StateProbe v = b.probeState(g, StateProbe.Variable.VOLTAGE);
            b.run(50);
            double sum = 0;
            double sq = 0;
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int s = 0; s < 50; s++) {
                for (int i = 0; i < 200; i++) {
                    int x = v.value(s, i);
                    sum += x;
                    sq += (double) x * x;
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
            double n = 50 * 200;
            double mean = sum / n;
            double sd = Math.sqrt(sq / n - mean * mean);
            // E = 8: noise = r * 2, r uniform in -128..127: mean -1, sd 2 * 73.9
            assertEquals(-1, mean, 3);
            assertEquals(147.8, sd, 5);
            assertEquals(-256, min);
            assertEquals(254, max);
        }
    }

    @Test
    void spikeInputRejectsThePastBadPortsAndDuplicates() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 2);
        CompartmentGroup g = net.createCompartmentGroup("g", 1, RELAY);
        net.connect(in, g, EXC, Topology.uniform(2, 1, 1));
        try (Board b = Board.compile(net)) {
            b.run(3);
            IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                    () -> b.spikeInput(in).addSpike(0, 3));
            assertTrue(past.getMessage().contains("time 3 is not after the board's current time 3"));
            assertThrows(IllegalArgumentException.class, () -> b.spikeInput(in).addSpike(2, 5));
            assertThrows(IllegalArgumentException.class, () -> b.spikeInput(in).addSpike(0, 0));
            b.spikeInput(in).addSpike(1, 5);
            // the duplicate is refused where it is made, not at the next run
            IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                    () -> b.spikeInput(in).addSpike(1, 5));
            assertEquals("spike generator in: port 1 already has a spike at time 5; a port fires at most once per"
                    + " timestep", dup.getMessage());
            assertEquals(1, b.spikeInput(in).pending());
            b.run(3);
            // after the spike was delivered a new one at a later step is fine, and clear() forgets pending spikes
            b.spikeInput(in).addSpike(1, 7);
            b.spikeInput(in).clear();
            b.spikeInput(in).addSpike(1, 7);
            assertEquals(1, b.spikeInput(in).pending());
        }
    }

    /** Duplicates are found whatever the order spikes are added in: appended, inside a sorted list, or unsorted. */
    @Test
    void duplicatesAreRefusedInAnyAddingOrder() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 3000);
        CompartmentGroup g = net.createCompartmentGroup("g", 1, RELAY);
        net.connect(in, g, EXC, Topology.uniform(3000, 1, 1));
        try (Board b = Board.compile(net)) {
            SpikeInput s = b.spikeInput(in);
            java.util.SplittableRandom r = new java.util.SplittableRandom(5);
            java.util.Set<Long> added = new java.util.HashSet<>();
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 4000; k++) {
                    int port = r.nextInt(3000);
                    long t = b.time() + 1 + r.nextInt(4);
                    boolean fresh = added.add((t << 22) | port);
                    if (fresh) {
                        s.addSpike(port, t);
                    } else {
                        assertThrows(IllegalArgumentException.class, () -> s.addSpike(port, t));
                    }
                    if (k == 2000) {
                        b.run(0);           // sorts the pending spikes: the next adds search the sorted list
                    }
                }
                assertEquals(added.stream().filter(x -> (x >>> 22) > b.time()).count(), s.pending());
                b.run(5);
                added.removeIf(x -> (x >>> 22) <= b.time());
            }
            assertEquals(0, s.pending());
        }
    }
}
