package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.mapping.CoreLayout;
import io.github.loihiemu.core.mapping.Limits;
import io.github.loihiemu.core.mapping.Mapper;
import io.github.loihiemu.core.mapping.MappingConfig;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.synapse.WeightFormat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-synapse delays and weight formats given through {@link Topology#synapses()}. */
class SynapseListTest {
    private static final CompartmentPrototype HOLD = CompartmentPrototype.builder().currentDecay(0).voltageDecay(0)
            .vThMant(100_000).build();
    private static final ConnectionPrototype EXC = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY)
            .build();

    @Test
    void eachSynapseArrivesAfterItsOwnDelayWithItsOwnFormat() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 2);
        CompartmentGroup g = net.createCompartmentGroup("g", 3, HOLD);
        WeightFormat coarse = new WeightFormat(4, 1, SignMode.EXCITATORY);
        Connection c = net.connect(in, g, EXC, Topology.synapses()
                .add(0, 0, 10)                      // the prototype's delay 0 and format
                .add(0, 1, 10, 2)                   // delay 2
                .add(1, 2, 20, 5, coarse)           // delay 5; 4 bits: 20 -> 16, exponent 1: 16 * 2 * 64
                .build());
        try (Board b = Board.compile(net)) {
            CompartmentProbe p = b.probeCompartments(g);
            b.spikeInput(in).addSpike(0, 1);
            b.spikeInput(in).addSpike(1, 1);
            b.run(8);
            int[][] u = p.currents();
            int[] first = new int[8];
            int[] second = new int[8];
            int[] third = new int[8];
            for (int t = 1; t <= 8; t++) {
                first[t - 1] = u[t - 1][0];
                second[t - 1] = u[t - 1][1];
                third[t - 1] = u[t - 1][2];
            }
            assertArrayEquals(new int[] {0, 640, 640, 640, 640, 640, 640, 640}, first);
            assertArrayEquals(new int[] {0, 0, 0, 640, 640, 640, 640, 640}, second);
            assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 2048, 2048}, third);
            assertArrayEquals(new int[] {10, 10, 16}, b.weights(c));
            assertEquals(5, c.maxDelay());
            assertEquals(3, c.delayBits());
        }
    }

    @Test
    void theMapperGroupsASharedAxonsSynapsesIntoTheChipsFormats() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 1);
        CompartmentGroup g = net.createCompartmentGroup("g", 100, HOLD);
        WeightFormat four = new WeightFormat(4, 0, SignMode.EXCITATORY);
        Topology.SynapseList list = Topology.synapses();
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                list.add(0, i, 100, 0);
            } else {
                list.add(0, i, 100, 0, four);
            }
        }
        net.connect(in, g, EXC, list.build());
        MappingPlan plan = Mapper.map(net, MappingConfig.defaults());
        CoreLayout core = plan.core(0);
        assertEquals(1, core.axons());                  // one axon: the formats share it
        assertEquals(2, core.formats().size());
        assertEquals(new CoreLayout.SynapseFormat(0, EXC.weightFormat()), core.formats().get(0));
        assertEquals(new CoreLayout.SynapseFormat(0, four), core.formats().get(1));
        int[] format = core.synapseFormat();
        for (int k = 0; k < 100; k++) {
            assertEquals(k % 2, format[k], "synapse " + k);
        }
        // one run of synapse groups per format; each format's targets skip every other compartment, so both are
        // sparse, with index bits for a span of 99
        long expected = Limits.axonBits(50, 8 + Limits.indexBits(99)) + Limits.axonBits(50, 4 + Limits.indexBits(99));
        assertEquals(expected, core.usage().synapseBits());
    }

    /**
     * A random network whose synapses carry their own delays and formats behaves exactly like the same synapses split
     * into one connection per (delay, format): same spikes, u and v every step.
     */
    @Test
    void sameDynamicsAsOneConnectionPerDelayAndFormat() {
        WeightFormat[] formats = {new WeightFormat(8, 0, SignMode.MIXED), new WeightFormat(6, 1, SignMode.MIXED),
            new WeightFormat(3, 2, SignMode.MIXED), new WeightFormat(8, -2, SignMode.MIXED)};
        SplittableRandom r = new SplittableRandom(11);
        int n = 60;
        List<int[]> synapses = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            for (int t = 0; t < n; t++) {
                if (r.nextInt(3) == 0) {
                    synapses.add(new int[] {s, t, (r.nextInt(-256, 255) & ~1) / 2 * 2, r.nextInt(7), r.nextInt(4)});
                }
            }
        }
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(512).voltageDecay(256).vThMant(30)
                .biasMant(2).build();
        ConnectionPrototype base = ConnectionPrototype.builder().build();

        Network one = new Network();
        SpikeGenerator inOne = one.createSpikeGenerator("in", 20);
        CompartmentGroup gOne = one.createCompartmentGroup("g", n, p);
        Topology.SynapseList list = Topology.synapses();
        for (int[] s : synapses) {
            list.add(s[0], s[1], s[2], s[3], formats[s[4]]);
        }
        one.connect(inOne, gOne, base, list.build());

        Network split = new Network();
        SpikeGenerator inSplit = split.createSpikeGenerator("in", 20);
        CompartmentGroup gSplit = split.createCompartmentGroup("g", n, p);
        for (int d = 0; d < 7; d++) {
            for (int f = 0; f < 4; f++) {
                List<int[]> part = new ArrayList<>();
                for (int[] s : synapses) {
                    if (s[3] == d && s[4] == f) {
                        part.add(s);
                    }
                }
                if (part.isEmpty()) {
                    continue;
                }
                int[] src = new int[part.size()];
                int[] tgt = new int[part.size()];
                int[] w = new int[part.size()];
                for (int k = 0; k < part.size(); k++) {
                    src[k] = part.get(k)[0];
                    tgt[k] = part.get(k)[1];
                    w[k] = part.get(k)[2];
                }
                split.connect(inSplit, gSplit, ConnectionPrototype.builder().numWeightBits(formats[f].numWeightBits())
                        .weightExponent(formats[f].weightExponent()).delay(d).build(), Topology.sparse(src, tgt, w));
            }
        }
        try (Board a = Board.compile(one); Board b = Board.compile(split)) {
            CompartmentProbe pa = a.probeCompartments(gOne);
            CompartmentProbe pb = b.probeCompartments(gSplit);
            for (int t = 0; t < 80; t++) {
                for (int port = 0; port < 20; port++) {
                    if (r.nextInt(3) == 0) {
                        a.spikeInput(inOne).addSpike(port, t);
                        b.spikeInput(inSplit).addSpike(port, t);
                    }
                }
            }
            a.run(90);
            b.run(90);
            assertTrue(java.util.Arrays.deepEquals(pa.currents(), pb.currents()));
            assertTrue(java.util.Arrays.deepEquals(pa.voltages(), pb.voltages()));
            assertTrue(java.util.Arrays.deepEquals(pa.spikes(), pb.spikes()));
            assertEquals(a.energyReport().synapticEvents(), b.energyReport().synapticEvents());
            long spikes = 0;
            for (boolean[] row : pa.spikes()) {
                for (boolean x : row) {
                    spikes += x ? 1 : 0;
                }
            }
            assertTrue(spikes > 100, "the comparison needs spikes: " + spikes);
        }
    }

    @Test
    void plasticSynapsesLearnWithinTheirOwnFormat() {
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("2^3*x0").build();
        WeightFormat fine = new WeightFormat(8, 0, SignMode.EXCITATORY);
        WeightFormat coarse = new WeightFormat(3, 0, SignMode.EXCITATORY);     // multiples of 32
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 1);
        CompartmentGroup g = net.createCompartmentGroup("g", 4, HOLD);
        Topology.SynapseList list = Topology.synapses();
        for (int i = 0; i < 4; i++) {
            list.add(0, i, 0, 0, i % 2 == 0 ? fine : coarse);
        }
        Connection c = net.connect(in, g, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY)
                .learningRule(rule).build(), list.build());
        try (Board b = Board.compile(net)) {
            for (int t = 1; t <= 200; t++) {
                b.spikeInput(in).addSpike(0, t);
            }
            b.run(201);
            int[] w = b.weights(c);
            assertEquals(255, w[0]);
            assertEquals(255, w[2]);
            assertEquals(224, w[1]);        // the largest multiple of 32 within 0..255
            assertEquals(224, w[3]);
        }
    }

    @Test
    void badSynapseSettingsAreNamed() {
        IllegalArgumentException delay = assertThrows(IllegalArgumentException.class,
                () -> Topology.synapses().add(0, 0, 1, 63));
        assertEquals("synapse list: synapse 0 has delay 63, outside 0..62", delay.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Topology.synapses().build());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> Topology.synapses().add(1, 2, 3).add(1, 2, 4, 1).build());
        assertEquals("synapse list: duplicate synapse from source 1 to target 2", dup.getMessage());

        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 2);
        CompartmentGroup g = net.createCompartmentGroup("g", 2, HOLD);
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class, () -> net.connect(in, g, EXC,
                Topology.synapses().add(0, 0, 200).add(1, 1, -4, 0, new WeightFormat(8, 0, SignMode.EXCITATORY))
                        .build()));
        assertEquals("connection in -> g (synapse 1 -> 1): weight -4 is outside 0..255 allowed by sign mode"
                + " EXCITATORY", weight.getMessage());
        net.connect(in, g, EXC, Topology.synapses().add(0, 0, 1).add(1, 1, 1, 7).build());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> Board.compile(net));
        assertTrue(tooLong.getMessage().contains("connection in -> g: delay 7 exceeds 6 = dendritic accumulators (8)"
                + " - 2"), tooLong.getMessage());
    }

    @Test
    void sparseListsInAnyOrderAreSortedBySourceThenTarget() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 5000;
        int[] s = new int[n];
        int[] t = new int[n];
        int[] w = new int[n];
        int[] d = new int[n];
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int k = 0; k < n; ) {
            int a = r.nextInt(300);
            int b = r.nextInt(300);
            if (seen.add(((long) a << 32) | b)) {
                s[k] = a;
                t[k] = b;
                w[k] = (a * 31 + b) % 127 * 2;  // recoverable from the pair, to check each weight moved with it
                d[k] = (a + b) % 7;
                k++;
            }
        }
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 300);
        CompartmentGroup g = net.createCompartmentGroup("g", 300, HOLD);
        Connection c = net.connect(in, g, ConnectionPrototype.builder().build(), Topology.sparse(s, t, w, d));
        assertEquals(n, c.synapseCount());
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                long prev = ((long) c.synapseSource(k - 1) << 32) | c.synapseTarget(k - 1);
                long now = ((long) c.synapseSource(k) << 32) | c.synapseTarget(k);
                assertTrue(prev < now, "entry " + k);
            }
            assertEquals((c.synapseSource(k) * 31 + c.synapseTarget(k)) % 127 * 2, c.initialWeight(k));
            assertEquals((c.synapseSource(k) + c.synapseTarget(k)) % 7, c.synapseDelay(k));
        }
    }
}
