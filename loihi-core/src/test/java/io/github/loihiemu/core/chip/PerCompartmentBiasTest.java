package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.compartment.ReferenceCompartment;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Network#setBiases}: one group whose compartments each have their own bias mantissa and exponent. */
class PerCompartmentBiasTest {

    // worked example B of docs/loihi-semantics.md without its bias: u forgets, v does not leak, vth = 40 << 6, R = 3
    private static final CompartmentPrototype P = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(0)
            .vThMant(40).refractoryDelay(3).build();

    @Test
    void eachCompartmentIntegratesItsOwnBias() {
        Network net = new Network();
        CompartmentGroup g = net.createCompartmentGroup("cx", 4, P);
        net.setBiases(g, new int[] {100, 50, -7, 0}, new int[] {3, 3, 0, 5});
        assertEquals(800, net.bias(g, 0));
        assertEquals(-7, net.bias(g, 2));
        try (Board b = Board.compile(net)) {
            StateProbe v = b.probeState(g, StateProbe.Variable.VOLTAGE);
            SpikeProbe s = b.probeSpikes(g);
            b.run(20);
            // bias 800: example B's rows (v > 2560 at step 4, held at 0 for R - 1 = 2 steps, again at 10 ...)
            assertArrayEquals(new int[] {800, 1600, 2400, 0, 0, 0, 800, 1600, 2400, 0}, java.util.Arrays.copyOf(
                    v.series(0), 10));
            // bias 400: 2800 > 2560 at step 7, integrates again from step 10, 2800 again at step 16
            assertEquals(2400, v.series(1)[5]);
            assertEquals(400, v.series(1)[9]);
            // bias -7: v = -7 t, never spikes; bias 0: v stays 0
            assertEquals(-140, v.series(2)[19]);
            assertEquals(0, v.series(3)[19]);
            assertArrayEquals(new long[] {4, 7, 10, 16, 16}, sortedTimes(s));
            assertArrayEquals(new int[] {0, 1, 0, 0, 1}, sortedIndicesByTime(s));
        }
    }

    @Test
    void equalsTheReferenceCompartmentWithThatBiasInItsPrototype() {
        int[] mant = {-4096, 4095, 1, -1, 37, 0};
        int[] exp = {7, 7, 0, 3, 2, 6};
        Network net = new Network();
        CompartmentGroup g = net.createCompartmentGroup("cx", mant.length, P.toBuilder().voltageDecay(300)
                .currentDecay(100).build());
        net.setBiases(g, mant, exp);
        try (Board b = Board.compile(net)) {
            StateProbe v = b.probeState(g, StateProbe.Variable.VOLTAGE);
            b.run(40);
            for (int i = 0; i < mant.length; i++) {
                ReferenceCompartment r = new ReferenceCompartment(g.prototype().toBuilder().biasMant(mant[i])
                        .biasExp(exp[i]).build());
                for (int t = 0; t < 40; t++) {
                    r.step(0);
                    assertEquals(r.voltage(), v.series(i)[t], "compartment " + i + ", step " + (t + 1));
                }
            }
        }
    }

    @Test
    void withoutOwnBiasesTheGroupUsesItsPrototypes() {
        Network net = new Network();
        CompartmentGroup g = net.createCompartmentGroup("cx", 2, P.toBuilder().biasMant(3).biasExp(1).build());
        assertFalse(net.hasOwnBiases(g));
        assertEquals(6, net.bias(g, 1));
        net.setBiases(g, new int[] {1, 2}, new int[] {0, 0});
        assertTrue(net.hasOwnBiases(g));
        assertEquals(2, net.bias(g, 1));
    }

    @Test
    void badBiasesAreRefusedNamingTheValueAndNothingIsSet() {
        Network net = new Network();
        CompartmentGroup g = net.createCompartmentGroup("cx", 2, P);
        assertEquals("setBiases cx: biasMant[1] = 4096 is outside -4096..4095", assertThrows(
                IllegalArgumentException.class, () -> net.setBiases(g, new int[] {0, 4096}, new int[] {0, 0}))
                .getMessage());
        assertEquals("setBiases cx: biasExp[0] = 8 is outside 0..7", assertThrows(IllegalArgumentException.class,
                () -> net.setBiases(g, new int[] {0, 0}, new int[] {8, 0})).getMessage());
        assertEquals("setBiases cx: 3 mantissas and 2 exponents for 2 compartments", assertThrows(
                IllegalArgumentException.class, () -> net.setBiases(g, new int[3], new int[2])).getMessage());
        assertEquals("bias: index 2 is outside cx's 0..1", assertThrows(IllegalArgumentException.class,
                () -> net.bias(g, 2)).getMessage());
        assertFalse(net.hasOwnBiases(g));
        Network other = new Network();
        assertThrows(IllegalArgumentException.class, () -> other.setBiases(g, new int[2], new int[2]));
    }

    private static long[] sortedTimes(SpikeProbe s) {
        long[] t = s.times().clone();
        java.util.Arrays.sort(t);
        return t;
    }

    private static int[] sortedIndicesByTime(SpikeProbe s) {
        long[] t = s.times();
        int[] idx = s.indices();
        Integer[] order = new Integer[t.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> t[a] != t[b] ? Long.compare(t[a], t[b])
                : Integer.compare(idx[a], idx[b]));
        int[] r = new int[order.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = idx[order[k]];
        }
        return r;
    }
}
