package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.compartment.ReferenceCompartment;
import io.github.loihiemu.core.mapping.CoreLayout;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The neurocore's noisy compartment kernel against the plain reference compartment, bit for bit. The expected noise
 * is not read from the core: the test rebuilds the core's generator from the documented seed derivation and applies
 * the documented noise formula itself, so a kernel that draws in another order, skips or adds a draw, scales the draw
 * differently or adds it at another point of the update disagrees.
 */
class NoisyKernelTest {

    /** Exponents on both sides of 7: below it the draw is divided (truncating), and E = 6 behaves as E = 7. */
    private static final int[] EXPONENTS = {0, 1, 3, 5, 6, 7, 8, 10, 13, 15};
    /** Mantissa offsets of both signs, the extremes included; cycled against the exponents. */
    private static final int[] OFFSETS = {-128, 127, -3, 1, 2, -1, 5, -40, 77, -2};

    static Stream<Arguments> noiseSettings() {
        List<Arguments> cases = new ArrayList<>();
        int k = 0;
        for (boolean atVoltage : new boolean[] {false, true}) {
            for (int e : EXPONENTS) {
                cases.add(Arguments.of(atVoltage, e, OFFSETS[k % OFFSETS.length], 1000L + k));
                k++;
            }
        }
        return cases.stream();
    }

    /**
     * The documented noise of one draw r in -128..127: {@code (r + 64 M) * 2^(E-7)} for E >= 7, and
     * {@code (r + 64 M) / 2^(6-E)} truncated toward zero for E <= 6.
     */
    static int documentedNoise(int r, int exponent, int mantissaOffset) {
        long x = r + 64L * mantissaOffset;
        if (exponent >= 7) {
            return Math.toIntExact(x * (1L << (exponent - 7)));
        }
        long divisor = 1L << (6 - exponent);
        long magnitude = Math.abs(x) / divisor;
        return (int) (x < 0 ? -magnitude : magnitude);
    }

    /** The core's noise generator as the semantics and the board define it: seeded from the board seed and core id. */
    static SplitMix64 expectedNoiseGenerator(long boardSeed, int coreId) {
        long coreSeed = SplitMix64.derive(boardSeed, coreId);
        return new SplitMix64(SplitMix64.derive(coreSeed, 1));
    }

    /** The next 8-bit uniform r in -128..127: the top 8 bits of the generator's next 64-bit output. */
    static int nextR(SplitMix64 generator) {
        return (int) (generator.nextLong() >>> 56) - 128;
    }

    private static Neurocore standalone(int coreId, CompartmentPrototype[] protos, int slots, long boardSeed) {
        int n = protos.length;
        return new Neurocore(0, coreId, protos, slots, Neurocore.SynapticMemory.empty(), Neurocore.OutputAxons.none(n),
                SplitMix64.derive(boardSeed, coreId));
    }

    private static CompartmentPrototype randomPrototype(SplittableRandom r, CompartmentPrototype.Builder core,
                                                        boolean noise) {
        return core
                // some currents never decay, so that u drifts to the 24-bit limits and u + bias + noise wraps
                .currentDecay(switch (r.nextInt(5)) {
                    case 0 -> 4096;
                    case 1 -> 0;
                    default -> r.nextInt(4097);
                })
                .voltageDecay(r.nextInt(5) == 0 ? 0 : r.nextInt(4097))
                .vThMant(1 + r.nextInt(r.nextBoolean() ? 200 : 20000))
                .biasMant(r.nextInt(8192) - 4096)
                .biasExp(r.nextInt(8))
                .refractoryDelay(1 + r.nextInt(63))
                .enableNoise(noise)
                .build();
    }

    /** A raw accumulator sum: silence, spikes of both signs, or a value beyond 22 bits to exercise the wrap. */
    private static int randomInput(SplittableRandom r) {
        switch (r.nextInt(5)) {
            case 0:
                return 0;
            case 1:
                return r.nextInt();
            default:
                int sum = 0;
                int spikes = 1 + r.nextInt(6);
                for (int k = 0; k < spikes; k++) {
                    // a synaptic increment: weight mantissa -256..255, times 64, scaled by 2^wexp
                    sum += (r.nextInt(512) - 256) * 64 << r.nextInt(4);
                }
                return sum;
        }
    }

    @ParameterizedTest(name = "noiseAtVoltage={0}, E={1}, M={2}")
    @MethodSource("noiseSettings")
    void noisyKernelMatchesReference(boolean atVoltage, int exponent, int mantissaOffset, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long boardSeed = r.nextLong();
        int coreId = r.nextInt(128);
        int n = 97;              // not a multiple of 8: the spike collection's tail loop is exercised too
        int slots = 16;
        CompartmentPrototype.Builder coreSettings = CompartmentPrototype.builder()
                .noiseExp(exponent).noiseMantOffset(mantissaOffset).noiseAtVoltage(atVoltage)
                .vMinExp(r.nextInt(24)).vMaxExp(3 + r.nextInt(5));
        CompartmentPrototype[] protos = new CompartmentPrototype[n];
        ReferenceCompartment[] ref = new ReferenceCompartment[n];
        int noisy = 0;
        for (int i = 0; i < n; i++) {
            // the core takes its noise settings from its first prototype: that one's own noise stays off, so that
            // the core's noise must not hinge on it; about a third of the others are silent too
            boolean noise = i != 0 && r.nextInt(3) != 0;
            protos[i] = randomPrototype(r, coreSettings, noise);
            ref[i] = new ReferenceCompartment(protos[i]);
            noisy += noise ? 1 : 0;
        }
        assertTrue(noisy > 0 && noisy < n - 1, "the core mixes noisy and silent compartments");
        Neurocore core = standalone(coreId, protos, slots, boardSeed);
        SplitMix64 expectedNoise = expectedNoiseGenerator(boardSeed, coreId);

        long spikes = 0;
        long draws = 0;
        long nonZeroNoise = 0;
        for (long t = 1; t <= 1500; t++) {
            int slot = (int) (t % slots);
            long[] q = new long[n];
            for (int i = 0; i < n; i++) {
                int raw = randomInput(r);
                core.acc[slot][i] = raw;
                q[i] = raw;
            }
            core.updateCompartments(t);
            boolean[] fired = new boolean[n];
            for (int k = 0; k < core.firedCount; k++) {
                fired[core.fired[k]] = true;
            }
            for (int i = 0; i < n; i++) {
                // one draw per noisy compartment, in compartment order, whatever its state (refractory included)
                int noise = protos[i].enableNoise() ? documentedNoise(nextR(expectedNoise), exponent, mantissaOffset) : 0;
                draws += protos[i].enableNoise() ? 1 : 0;
                nonZeroNoise += noise != 0 ? 1 : 0;
                boolean s = atVoltage ? ref[i].step(q[i], 0, noise) : ref[i].step(q[i], noise, 0);
                String at = " of compartment " + i + " at t=" + t + " (noise " + noise + ")";
                assertEquals(s, fired[i], "spike" + at);
                assertEquals(ref[i].current(), core.u[i], "u" + at);
                assertEquals(ref[i].voltage(), core.v[i], "v" + at);
                assertEquals(0, core.acc[slot][i], "slot is cleared after reading");
                spikes += s ? 1 : 0;
            }
        }
        assertEquals(expectedNoise.state(), core.noiseRandom.state(),
                "the core drew exactly once per noisy compartment and step");
        // the comparison proves little unless the noise is mostly non-zero and the compartments spike
        assertTrue(nonZeroNoise > draws / 4, "non-zero noise draws: " + nonZeroNoise + " of " + draws);
        assertTrue(spikes > 500, "spikes: " + spikes);
    }

    /**
     * The wrap must come after the noise is added. The random runs carry a register across its limit by the noise
     * itself only now and then; here it happens every step: with E = 15 and M = 127 every draw is 2,048,000 ..
     * 2,113,280, which takes q = 100,000 past the 22-bit limit, or a non-decaying u of 2^23 - 1 - 1,000,000 past the
     * 24-bit limit of u + bias + noise.
     */
    @ParameterizedTest(name = "noiseAtVoltage={0}")
    @ValueSource(booleans = {false, true})
    void noiseThatCarriesARegisterPastItsLimitWraps(boolean atVoltage) {
        int n = 12;
        CompartmentPrototype.Builder coreSettings = CompartmentPrototype.builder()
                .noiseExp(15).noiseMantOffset(127).noiseAtVoltage(atVoltage);
        CompartmentPrototype[] protos = new CompartmentPrototype[n];
        ReferenceCompartment[] ref = new ReferenceCompartment[n];
        for (int i = 0; i < n; i++) {
            protos[i] = coreSettings.currentDecay(0).voltageDecay(i % 3 == 0 ? 4096 : 100)
                    .vThMant(CompartmentPrototype.VTH_MANT_MAX).refractoryDelay(2).enableNoise(i % 4 != 1).build();
            ref[i] = new ReferenceCompartment(protos[i]);
        }
        long boardSeed = 99;
        Neurocore core = standalone(5, protos, 8, boardSeed);
        int startU = atVoltage ? (1 << 23) - 1 - 1_000_000 : 0;
        int input = atVoltage ? 0 : 100_000;
        for (int i = 0; i < n; i++) {
            core.u[i] = startU;
            ref[i].setCurrent(startU);
        }
        SplitMix64 expectedNoise = expectedNoiseGenerator(boardSeed, 5);
        for (long t = 1; t <= 20; t++) {
            int slot = (int) (t & 7);
            for (int i = 0; i < n; i++) {
                core.acc[slot][i] = input;
            }
            core.updateCompartments(t);
            for (int i = 0; i < n; i++) {
                int noise = protos[i].enableNoise() ? documentedNoise(nextR(expectedNoise), 15, 127) : 0;
                if (atVoltage) {
                    ref[i].step(input, 0, noise);
                } else {
                    ref[i].step(input, noise, 0);
                }
                String at = " of compartment " + i + " at t=" + t + " (noise " + noise + ")";
                assertEquals(ref[i].current(), core.u[i], "u" + at);
                assertEquals(ref[i].voltage(), core.v[i], "v" + at);
            }
        }
    }

    /** A core whose compartments all have noise off does not touch its generator, whatever its noise settings. */
    @Test
    void coreWithoutNoisyCompartmentsDrawsNothing() {
        SplittableRandom r = new SplittableRandom(7);
        CompartmentPrototype.Builder coreSettings = CompartmentPrototype.builder()
                .noiseExp(9).noiseMantOffset(3).noiseAtVoltage(true);
        CompartmentPrototype[] protos = new CompartmentPrototype[16];
        for (int i = 0; i < protos.length; i++) {
            protos[i] = randomPrototype(r, coreSettings, false);
        }
        long boardSeed = 12345;
        Neurocore core = standalone(3, protos, 8, boardSeed);
        for (long t = 1; t <= 50; t++) {
            for (int i = 0; i < protos.length; i++) {
                core.acc[(int) (t & 7)][i] = randomInput(r);
            }
            core.updateCompartments(t);
        }
        assertEquals(expectedNoiseGenerator(boardSeed, 3).state(), core.noiseRandom.state());
    }

    /**
     * End to end through the board: two cores, each seeded from the board seed and its own core id, with noisy and
     * silent groups interleaved on them; every u and v after every step matches the reference fed with the noise of
     * the documented generators, drawn in each core's local compartment order.
     */
    @Test
    void boardSeedsEachCoresNoiseFromTheBoardSeedAndCoreId() {
        CompartmentPrototype.Builder coreSettings = CompartmentPrototype.builder()
                .noiseExp(4).noiseMantOffset(-5).noiseAtVoltage(false);
        CompartmentPrototype noisy = coreSettings.currentDecay(1000).voltageDecay(300).vThMant(30)
                .biasMant(17).biasExp(2).refractoryDelay(3).enableNoise(true).build();
        CompartmentPrototype silent = noisy.toBuilder().enableNoise(false).build();
        Network net = new Network();
        CompartmentGroup[] groups = {
                net.createCompartmentGroup("noisy-a", 700, noisy),
                net.createCompartmentGroup("silent", 500, silent),
                net.createCompartmentGroup("noisy-b", 300, noisy)};
        long boardSeed = 0x5EED_CAFEL;
        try (Board b = Board.compile(net, BoardConfig.defaults().withSeed(boardSeed))) {
            MappingPlan plan = b.plan();
            assertTrue(plan.coreCount() >= 2, "the groups span several cores");
            for (int g = 0; g < groups.length; g++) {
                assertEquals(g, groups[g].index(), "core plans name groups by creation index");
            }
            ReferenceCompartment[][] ref = new ReferenceCompartment[groups.length][];
            for (int g = 0; g < groups.length; g++) {
                ref[g] = new ReferenceCompartment[groups[g].size()];
                for (int i = 0; i < groups[g].size(); i++) {
                    ref[g][i] = new ReferenceCompartment(groups[g].prototype());
                }
            }
            SplitMix64[] generators = new SplitMix64[plan.coreCount()];
            for (int s = 0; s < plan.coreCount(); s++) {
                generators[s] = expectedNoiseGenerator(boardSeed, plan.core(s).id());
            }
            for (int t = 1; t <= 40; t++) {
                b.run(1);
                for (int s = 0; s < plan.coreCount(); s++) {
                    CoreLayout cp = plan.core(s);
                    int[] groupOf = cp.compartmentGroup();
                    int[] indexOf = cp.compartmentIndex();
                    for (int local = 0; local < cp.compartments(); local++) {
                        int g = groupOf[local];
                        int i = indexOf[local];
                        boolean hasNoise = groups[g].prototype().enableNoise();
                        int noise = hasNoise ? documentedNoise(nextR(generators[s]), 4, -5) : 0;
                        ref[g][i].step(0, noise, 0);
                        String at = " of " + groups[g].name() + "[" + i + "] at t=" + t;
                        assertEquals(ref[g][i].current(), b.current(groups[g], i), "u" + at);
                        assertEquals(ref[g][i].voltage(), b.voltage(groups[g], i), "v" + at);
                    }
                }
            }
        }
    }
}
