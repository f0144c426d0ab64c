package io.github.loihiemu.core.example;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.SpikeProbe;
import io.github.loihiemu.core.chip.WeightProbe;
import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ten-line example of the README, verbatim, with its outcome checked. */
class ReadmeExampleTest {
    @Test
    void readmeExampleRuns() {
        // --- README example begins
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 20);
        CompartmentGroup h = net.createCompartmentGroup("h", 100, CompartmentPrototype.builder()
                .vThMant(100).currentDecay(4096).voltageDecay(4096).enableSpikeBackprop(true).build());
        LearningRuleSpec stdp = LearningRuleSpec.builder().dw("2*x1*y0 - 2*y1*x0").x1(40, 4).y1(40, 4).build();
        Connection c = net.connect(in, h, ConnectionPrototype.builder().learningRule(stdp).build(),
                Topology.uniform(20, 100, 40));
        try (Board board = Board.compile(net)) {
            SpikeProbe spikes = board.probeSpikes(h);
            WeightProbe weights = board.probeWeights(c, 1, 10);
            for (int port = 0; port < 20; port++) board.spikeInput(in).addSpikes(port, 5, 15, 25);
            board.run(30);
            System.out.println(spikes.size() + " spikes; weight 0: " + board.weights(c)[0]);
            // --- README example ends
            assertEquals(300, spikes.size(), "20 inputs x 40 x 64 = 51,200 > 6,400: all 100 fire 3 times");
            assertEquals(3, weights.samples());
            assertTrue(board.weights(c)[0] != 40, "pre/post pairs changed the weights");
        }
    }
}
