package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.compartment.ReferenceCompartment;
import io.github.loihiemu.core.util.VectorSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The neurocore's branch-free compartment kernel against the plain long-based reference, bit for bit. */
class CompartmentKernelTest {

    static Neurocore standalone(CompartmentPrototype[] protos, int slots) {
        int n = protos.length;
        return new Neurocore(0, 0, protos, slots, Neurocore.SynapticMemory.empty(), Neurocore.OutputAxons.none(n),
                1L);
    }

    private static CompartmentPrototype randomPrototype(SplittableRandom r, boolean memoryless) {
        return CompartmentPrototype.builder()
                .currentDecay(memoryless || r.nextInt(5) == 0 ? 4096 : r.nextInt(4097))
                .voltageDecay(memoryless ? 4096 : r.nextInt(5) == 0 ? 0 : r.nextInt(4097))
                .vThMant(1 + r.nextInt(r.nextBoolean() ? 200 : CompartmentPrototype.VTH_MANT_MAX))
                .biasMant(r.nextInt(8192) - 4096)
                .biasExp(r.nextInt(8))
                .refractoryDelay(1 + r.nextInt(63))
                .build();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261123})
    void kernelMatchesReferenceOnRandomCompartmentsAndInputs(long seed) {
        checkAgainstReference(seed, false, false);
    }

    /** Cores of one prototype (equal decays, threshold and refractory delay) run a kernel of their own. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261123, 7, 8, 9})
    void uniformKernelMatchesReference(long seed) {
        checkAgainstReference(seed, false, true);     // the vector kernel, where it runs
        checkAgainstReference(seed, false, true, true);
    }

    /**
     * The build runs its tests with the vector module, so that the vector kernel is what the tests above check, and
     * once more with {@code -Dloihiemu.vector=false} for the scalar kernels (loihi-core/pom.xml).
     */
    @Test
    void testsRunTheKernelsTheyAskFor() {
        boolean scalar = "false".equals(System.getProperty("loihiemu.vector"));
        assertEquals(!scalar, VectorSupport.available(),
                "tests must run with --add-modules jdk.incubator.vector (pom.xml), once with -Dloihiemu.vector=false");
    }

    /** Cores whose compartments all have full current and voltage decay run a kernel of their own. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261123})
    void memorylessKernelMatchesReference(long seed) {
        checkAgainstReference(seed, true, false);
    }

    private static void checkAgainstReference(long seed, boolean memoryless, boolean uniform) {
        checkAgainstReference(seed, memoryless, uniform, false);
    }

    /** With {@code scalar}, the core runs its scalar kernels even where the vector kernel would run. */
    private static void checkAgainstReference(long seed, boolean memoryless, boolean uniform, boolean scalar) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = uniform ? 75 : 64;            // 75: vector loop and a scalar remainder
        CompartmentPrototype[] protos = new CompartmentPrototype[n];
        ReferenceCompartment[] ref = new ReferenceCompartment[n];
        CompartmentPrototype one = randomPrototype(r, memoryless);
        for (int i = 0; i < n; i++) {
            protos[i] = uniform ? one : randomPrototype(r, memoryless);
            ref[i] = new ReferenceCompartment(protos[i]);
        }
        Neurocore core = standalone(protos, 8);
        core.scalarKernels = scalar;
        assertEquals(memoryless, core.memoryless);
        assertEquals(uniform, core.uniform);
        int spikes = 0;
        for (long t = 1; t <= 2000; t++) {
            int slot = (int) (t & 7);
            long[] q = new long[n];
            for (int i = 0; i < n; i++) {
                // raw accumulator sums: sometimes beyond 22 bits, to exercise the wrap
                int raw = switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> (r.nextInt(1 << 16) - (1 << 15)) * 64;
                    case 2 -> r.nextInt();
                    default -> (r.nextInt(1 << 22) - (1 << 21));
                };
                core.acc[slot][i] = raw;
                q[i] = raw;
            }
            core.updateCompartments(t);
            boolean[] fired = new boolean[n];
            for (int k = 0; k < core.firedCount; k++) {
                fired[core.fired[k]] = true;
            }
            for (int i = 0; i < n; i++) {
                boolean s = ref[i].step(q[i]);
                assertEquals(s, fired[i], "spike of compartment " + i + " at t=" + t);
                assertEquals(ref[i].current(), core.u[i], "u of compartment " + i + " at t=" + t);
                assertEquals(ref[i].voltage(), core.v[i], "v of compartment " + i + " at t=" + t);
                assertEquals(0, core.acc[slot][i], "slot is cleared after reading");
                spikes += s ? 1 : 0;
            }
        }
        // the random mix must actually exercise spiking, or the comparison proves little (one prototype may have a
        // threshold that its inputs rarely reach: still some spikes)
        assertEquals(true, spikes > (uniform ? 10 : 100), "spikes: " + spikes);
    }

    @Test
    void exampleCTruncatesNegativeCurrentTowardZero() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(1024).voltageDecay(4096)
                .vThMant(1000).build();
        Neurocore core = standalone(new CompartmentPrototype[] {p}, 8);
        core.u[0] = -1001;
        int[] expected = {-750, -562, -421};
        for (int k = 0; k < 3; k++) {
            core.updateCompartments(k + 1);
            assertEquals(expected[k], core.u[0]);
            assertEquals(expected[k], core.v[0], "with dv = 4096, v = u every step");
        }
    }
}
