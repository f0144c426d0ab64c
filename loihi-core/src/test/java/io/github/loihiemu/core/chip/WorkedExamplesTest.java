package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The worked examples of docs/loihi-semantics.md ("Worked examples"), run through the public API. A generator spike
 * stamped t lands in the accumulator slot read at t + 1, so an input "at t" of the tables is stamped t - 1; inputs
 * at t = 1 are therefore shifted by one step, and the first row of each run is the untouched state.
 */
class WorkedExamplesTest {

    private static final ConnectionPrototype EXC = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build();

    private record Rig(Board board, StateProbe u, StateProbe v, SpikeProbe spikes, SpikeInput in) {
    }

    private static Rig rig(CompartmentPrototype p, int weight, ConnectionPrototype cp) {
        Network net = new Network();
        SpikeGenerator gen = net.createSpikeGenerator("in", 1);
        CompartmentGroup g = net.createCompartmentGroup("cx", 1, p);
        net.connect(gen, g, cp, Topology.oneToOne(1, weight));
        Board b = Board.compile(net);
        return new Rig(b, b.probeState(g, StateProbe.Variable.CURRENT), b.probeState(g, StateProbe.Variable.VOLTAGE),
                b.probeSpikes(g), b.spikeInput(gen));
    }

    @Test
    void exampleACubaFilteringOfTwoInputs() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(1024).voltageDecay(128).vThMant(1000)
                .build();
        Rig r = rig(p, 50, EXC);
        r.in.addSpikes(0, 1, 3);               // integrated at t = 2 and 4: table rows 1..6 are steps 2..7
        r.board.run(7);
        assertArrayEquals(new int[] {0, 3200, 2400, 5000, 3750, 2812, 2109}, r.u.series(0));
        assertArrayEquals(new int[] {0, 3200, 5500, 10328, 13755, 16137, 17741}, r.v.series(0));
        assertEquals(0, r.spikes.size());
    }

    @Test
    void exampleBBiasDrivenIntegratorWithRefractoryDelayThree() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(0).biasMant(100)
                .biasExp(3).vThMant(40).refractoryDelay(3).build();
        Rig r = rig(p, 0, EXC);
        r.board.run(10);
        assertArrayEquals(new int[] {800, 1600, 2400, 0, 0, 0, 800, 1600, 2400, 0}, r.v.series(0));
        assertArrayEquals(new long[] {4, 10}, r.spikes.times());
    }

    @Test
    void exampleBChipVoltageQuirkReadsRTimes128AtTheSpikeStep() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(0).biasMant(100)
                .biasExp(3).vThMant(40).refractoryDelay(3).build();
        Rig r = rig(p, 0, EXC);
        StateProbe quirk = r.board.probeState(r.v.group(), StateProbe.Variable.VOLTAGE, 1, 1, true);
        r.board.run(5);
        assertArrayEquals(new int[] {800, 1600, 2400, 384, 0}, quirk.series(0));
    }

    @Test
    void exampleDSpikeResetLeakAndSecondSpike() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(2048).voltageDecay(1024).vThMant(60)
                .build();
        Rig r = rig(p, 75, EXC);              // 75 * 64 = 4800
        r.in.addSpikes(0, 1, 5);              // q at t = 2 and 6: table rows 1..6 are steps 2..7
        r.board.run(7);
        assertArrayEquals(new int[] {0, 4800, 2400, 1200, 600, 5100, 2550}, r.u.series(0));
        assertArrayEquals(new int[] {0, 0, 2400, 3000, 2850, 0, 2550}, r.v.series(0));
        assertArrayEquals(new long[] {2, 6}, r.spikes.times());
    }

    @Test
    void exampleECurrentWrapsAt24Bits() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(0).voltageDecay(4096)
                .vThMant(CompartmentPrototype.VTH_MANT_MAX).build();
        Network net = new Network();
        SpikeGenerator gen = net.createSpikeGenerator("in", 2);
        CompartmentGroup g = net.createCompartmentGroup("cx", 1, p);
        // 255 * 2^7 * 64 + 127 * 64 = 2,097,088 = 2^21 - 64 per step
        net.connect(gen, g, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).weightExponent(7).build(),
                Topology.sparse(new int[] {0}, new int[] {0}, new int[] {255}));
        net.connect(gen, g, EXC, Topology.sparse(new int[] {1}, new int[] {0}, new int[] {127}));
        Board b = Board.compile(net);
        StateProbe u = b.probeState(g, StateProbe.Variable.CURRENT);
        StateProbe v = b.probeState(g, StateProbe.Variable.VOLTAGE);
        for (long t = 1; t <= 5; t++) {
            b.spikeInput(gen).addSpike(0, t);
            b.spikeInput(gen).addSpike(1, t);
        }
        b.run(6);
        assertArrayEquals(new int[] {0, 2_097_088, 4_194_176, 6_291_264, 8_388_352, -6_291_776}, u.series(0));
        assertArrayEquals(new int[] {0, 2_097_088, 4_194_176, 6_291_264, 8_388_352, -6_291_776}, v.series(0));
    }

    @Test
    void lavaVectorCurrentRegister2047HalvesEveryStep() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecayRegister(2047).voltageDecay(0)
                .vThMant(CompartmentPrototype.VTH_MANT_MAX).build();
        Rig r = rig(p, 128, EXC);
        r.in.addSpike(0, 1);
        r.board.run(9);
        assertArrayEquals(new int[] {0, 8192, 4096, 2048, 1024, 512, 256, 128, 64}, r.u.series(0));
    }

    @Test
    void lavaVectorCurrentRegisterZeroDecaysByOneIn4096() {
        CompartmentPrototype p = CompartmentPrototype.builder().currentDecayRegister(0).voltageDecay(2048)
                .vThMant(CompartmentPrototype.VTH_MANT_MAX).build();
        Rig r = rig(p, 128, EXC);
        r.in.addSpike(0, 1);
        r.board.run(9);
        assertArrayEquals(new int[] {0, 8192, 12286, 14331, 15351, 15859, 16111, 16235, 16295}, r.v.series(0));
    }

    @Test
    void lavaVectorLargestBias() {
        CompartmentPrototype p = CompartmentPrototype.builder().biasMant(4095).biasExp(5).currentDecay(0)
                .voltageDecay(0).vThMant(CompartmentPrototype.VTH_MANT_MAX).build();
        Rig r = rig(p, 0, EXC);
        r.board.run(1);
        assertEquals(131_040, r.v.value(0, 0));
    }

    @Test
    void spikeTimingThroughAChainWithDelay() {
        // generator at t=10 -> relay fires at 11 -> target (delay 3) fires at 11 + 1 + 3 = 15
        CompartmentPrototype relay = CompartmentPrototype.builder().currentDecay(4096).voltageDecay(4096)
                .vThMant(10).build();
        Network net = new Network();
        SpikeGenerator gen = net.createSpikeGenerator("in", 1);
        CompartmentGroup a = net.createCompartmentGroup("a", 1, relay);
        CompartmentGroup b = net.createCompartmentGroup("b", 1, relay);
        net.connect(gen, a, EXC, Topology.oneToOne(1, 100));
        net.connect(a, b, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).delay(3).build(),
                Topology.oneToOne(1, 100));
        try (Board board = Board.compile(net)) {
            SpikeProbe pa = board.probeSpikes(a);
            SpikeProbe pb = board.probeSpikes(b);
            board.spikeInput(gen).addSpike(0, 10);
            board.run(20);
            assertArrayEquals(new long[] {11}, pa.times());
            assertArrayEquals(new long[] {15}, pb.times());
        }
    }
}
