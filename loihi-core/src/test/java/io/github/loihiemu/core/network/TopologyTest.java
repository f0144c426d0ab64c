package io.github.loihiemu.core.network;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sparse topology's two paths (input already in source order, and any order) and the connection's weight check. */
class TopologyTest {
    private static final ConnectionPrototype EXCITATORY = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY)
            .build();

    /** A group of {@code size} default compartments. */
    private static CompartmentGroup group(Network net, String name, int size) {
        return net.createCompartmentGroup(name, size, CompartmentPrototype.builder().build());
    }

    private static int[] column(Topology t, int which) {
        if (which < 2) {
            return which == 0 ? t.source.clone() : t.target.clone();
        }
        int[] w = new int[t.synapseCount()];
        for (int k = 0; k < w.length; k++) {
            w[k] = t.weight(k);
        }
        return w;
    }

    @Test
    void equalWeightsAreKeptAsOneValueOnEveryPath() {
        int[] w = {7, 7, 7, 7};
        Topology sorted = Topology.sparse(new int[] {0, 0, 1, 2}, new int[] {1, 3, 0, 2}, w);
        Topology unsorted = Topology.sparse(new int[] {2, 0, 1, 0}, new int[] {2, 3, 0, 1}, w);
        for (Topology t : new Topology[] {sorted, unsorted, Topology.uniform(2, 2, 7), Topology.oneToOne(4, 7)}) {
            assertEquals(null, t.weight);
            assertArrayEquals(new int[] {7, 7, 7, 7}, column(t, 2));
            assertEquals(7, t.weightMin);
            assertEquals(7, t.weightMax);
        }
        w[0] = 8;
        assertArrayEquals(new int[] {7, 7, 7, 7}, column(sorted, 2));
        // one weight that differs keeps the array
        Topology mixed = Topology.sparse(new int[] {0, 0, 1, 2}, new int[] {1, 3, 0, 2}, new int[] {7, 7, 7, -7});
        assertArrayEquals(new int[] {7, 7, 7, -7}, column(mixed, 2));
        assertEquals(-7, mixed.weightMin);
        assertEquals(7, mixed.weightMax);
    }

    @Test
    void aUniformWeightOutsideTheSignModeIsRefusedNamingTheFirstSynapse() {
        Network net = new Network();
        CompartmentGroup a = group(net, "a", 2);
        CompartmentGroup b = group(net, "b", 3);
        ConnectionPrototype exc = EXCITATORY;
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> net.connect(a, b, exc, Topology.uniform(2, 3, -5)));
        assertEquals("connection a -> b (synapse 0 -> 0): weight -5 is outside 0..255 allowed by sign mode"
                + " EXCITATORY", bad.getMessage());
        Connection ok = net.connect(a, b, exc, Topology.uniform(2, 3, 255));
        assertEquals(255, ok.initialWeight(5));
        assertEquals(6, ok.synapseCount());
    }

    @Test
    void sortedInputIsCopiedNotShared() {
        int[] s = {0, 0, 1, 2};
        int[] t = {1, 3, 0, 2};
        int[] w = {5, 6, 7, 8};
        Topology top = Topology.sparse(s, t, w);
        s[0] = 9;
        t[0] = 9;
        w[0] = 9;
        assertArrayEquals(new int[] {0, 0, 1, 2}, column(top, 0));
        assertArrayEquals(new int[] {1, 3, 0, 2}, column(top, 1));
        assertArrayEquals(new int[] {5, 6, 7, 8}, column(top, 2));
        assertEquals(2, top.maxSource());
        assertEquals(3, top.maxTarget());
    }

    @Test
    void unsortedInputIsSortedBySourceThenTargetKeepingEachWeight() {
        Topology top = Topology.sparse(new int[] {2, 0, 1, 0}, new int[] {2, 3, 0, 1}, new int[] {8, 6, 7, 5},
                new int[] {4, -1, 3, 2});
        assertArrayEquals(new int[] {0, 0, 1, 2}, column(top, 0));
        assertArrayEquals(new int[] {1, 3, 0, 2}, column(top, 1));
        assertArrayEquals(new int[] {5, 6, 7, 8}, column(top, 2));
        assertArrayEquals(new int[] {2, -1, 3, 4}, top.delay);
        assertEquals(2, top.maxSource());
    }

    @Test
    void duplicatesAreRefusedOnBothPaths() {
        IllegalArgumentException sorted = assertThrows(IllegalArgumentException.class,
                () -> Topology.sparse(new int[] {0, 1, 1}, new int[] {0, 2, 2}, new int[] {1, 1, 1}));
        assertEquals("sparse topology: duplicate synapse from source 1 to target 2", sorted.getMessage());
        IllegalArgumentException unsorted = assertThrows(IllegalArgumentException.class,
                () -> Topology.sparse(new int[] {1, 0, 1}, new int[] {2, 0, 2}, new int[] {1, 1, 1}));
        assertEquals("sparse topology: duplicate synapse from source 1 to target 2", unsorted.getMessage());
    }

    @Test
    void badEntriesAreNamed() {
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> Topology.sparse(new int[] {0, 1}, new int[] {0, -3}, new int[] {1, 1}));
        assertEquals("sparse topology: negative index at entry 1 (source 1, target -3)", neg.getMessage());
        IllegalArgumentException delay = assertThrows(IllegalArgumentException.class,
                () -> Topology.sparse(new int[] {0, 1}, new int[] {0, 0}, new int[] {1, 1}, new int[] {0, 63}));
        assertEquals("sparse topology: delay 63 at entry 1 is outside 0..62", delay.getMessage());
    }

    @Test
    void connectChecksEveryWeightAgainstTheSignModeAndNamesTheFirstBadOne() {
        Network net = new Network();
        CompartmentGroup a = group(net, "a", 3);
        CompartmentGroup b = group(net, "b", 3);
        ConnectionPrototype exc = EXCITATORY;
        // the extremes of the excitatory range are fine
        net.connect(a, b, exc, Topology.sparse(new int[] {0, 1}, new int[] {0, 1},
                new int[] {SignMode.EXCITATORY.minMantissa(), SignMode.EXCITATORY.maxMantissa()}));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> net.connect(a, b, exc, Topology.sparse(new int[] {0, 1, 2}, new int[] {0, 1, 2},
                        new int[] {3, -2, -4})));
        assertEquals("connection a -> b (synapse 1 -> 1): weight -2 is outside 0..255 allowed by sign mode"
                + " EXCITATORY", bad.getMessage());
        assertEquals(1, net.connections().size());
    }
}
