package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Mixed sign mode with one weight bit keeps the sign bit: lsb = 8 - (1 - 1) = 8, so -256 stays -256. The mapper, the
 * board's weight setter and the learning engine all go through the same format.
 */
class MixedOneBitWeightTest {
    private static final CompartmentPrototype FULL_DECAY = CompartmentPrototype.builder().currentDecay(4096)
            .voltageDecay(4096).vThMant(1).enableSpikeBackprop(true).build();
    private static final ConnectionPrototype MIXED_1 = ConnectionPrototype.builder().numWeightBits(1)
            .signMode(SignMode.MIXED).weightExponent(0).delay(0).build();

    @Test
    void oneInputSpikeOfWeightMinus256GivesUAndVOfMinus16384() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 1);
        CompartmentGroup g = net.createCompartmentGroup("cx", 1, FULL_DECAY);
        Connection c = net.connect(in, g, MIXED_1, Topology.oneToOne(1, -256));
        try (Board b = Board.compile(net)) {
            StateProbe u = b.probeState(g, StateProbe.Variable.CURRENT);
            StateProbe v = b.probeState(g, StateProbe.Variable.VOLTAGE);
            b.spikeInput(in).addSpike(0, 1);
            b.run(3);
            assertArrayEquals(new int[] {0, -16384, 0}, u.series(0));
            assertArrayEquals(new int[] {0, -16384, 0}, v.series(0));
            assertArrayEquals(new int[] {-256}, b.weights(c));
        }
    }

    @Test
    void setWeightsKeepsMinus256AndFloorsOtherNegatives() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 3);
        CompartmentGroup g = net.createCompartmentGroup("cx", 3, FULL_DECAY);
        Connection c = net.connect(in, g, MIXED_1, Topology.oneToOne(3, 0));
        try (Board b = Board.compile(net)) {
            b.setWeights(c, new int[] {-256, -1, 254});
            assertArrayEquals(new int[] {-256, -256, 0}, b.weights(c));
        }
    }

    @Test
    void aPlasticMixedOneBitConnectionLearnsDownToMinus256() {
        // dw = -2^4 * x0: every pre spike adds -16 * 2^7 = -2048 to the learning accumulator, y = -2048 / 2^15 of
        // the 256-step, so after enough pre spikes stochastic rounding must reach -256 (it cannot if the format
        // drops every bit, as the 9-bit lsb did)
        LearningRuleSpec rule = LearningRuleSpec.builder().dw("-2^4*x0").build();
        ConnectionPrototype plastic = ConnectionPrototype.builder().numWeightBits(1).signMode(SignMode.MIXED)
                .learningRule(rule).build();
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 8);
        CompartmentGroup g = net.createCompartmentGroup("cx", 8, FULL_DECAY);
        Connection c = net.connect(in, g, plastic, Topology.oneToOne(8, 0));
        try (Board b = Board.compile(net)) {
            for (int port = 0; port < 8; port++) {
                for (int t = 1; t <= 60; t++) {
                    b.spikeInput(in).addSpike(port, t);
                }
            }
            b.run(62);
            int[] w = b.weights(c);
            for (int k = 0; k < 8; k++) {
                assertEquals(-256, w[k], "synapse " + k);
            }
        }
    }
}
