package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compartment probe's flat arrays hold exactly its per-sample arrays, sample after sample. */
class CompartmentProbeFlatTest {
    @Test
    void flatArraysAreThePerSampleArraysConcatenated() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 12);
        CompartmentGroup g = net.createCompartmentGroup("g", 9, CompartmentPrototype.builder().currentDecay(300)
                .voltageDecay(100).vThMant(30).refractoryDelay(2).build());
        SplittableRandom r = new SplittableRandom(11);
        int[][] w = new int[9][12];
        for (int[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextInt(-100, 200) & ~1;
            }
        }
        net.connect(in, g, ConnectionPrototype.builder().build(), Topology.allToAll(w));
        try (Board b = Board.compile(net)) {
            CompartmentProbe p = b.probeCompartments(g, 2, 3);
            assertEquals(0, p.currentsFlat().length, "no sample yet");
            for (int t = 0; t < 40; t++) {
                for (int port = 0; port < 12; port++) {
                    if (r.nextInt(3) == 0) {
                        b.spikeInput(in).addSpike(port, t);
                    }
                }
            }
            b.run(40);
            int[][] cur = p.currents();
            int[][] vol = p.voltages();
            boolean[][] spk = p.spikes();
            int[] curFlat = p.currentsFlat();
            int[] volFlat = p.voltagesFlat();
            boolean[] spkFlat = p.spikesFlat();
            int n = g.size();
            assertEquals(13, p.samples(), "steps 2, 5, ..., 38");
            assertEquals(p.samples() * n, curFlat.length);
            assertEquals(p.samples() * n, volFlat.length);
            assertEquals(p.samples() * n, spkFlat.length);
            int spikes = 0;
            for (int s = 0; s < p.samples(); s++) {
                for (int i = 0; i < n; i++) {
                    assertEquals(cur[s][i], curFlat[s * n + i]);
                    assertEquals(vol[s][i], volFlat[s * n + i]);
                    assertEquals(spk[s][i], spkFlat[s * n + i]);
                    spikes += spkFlat[s * n + i] ? 1 : 0;
                }
            }
            assertTrue(spikes > 5, "the test needs spikes: " + spikes);
            // copies: changing one does not change the probe
            curFlat[0] ^= 1;
            assertEquals(cur[0][0], p.currentsFlat()[0]);
            p.clear();
            assertEquals(0, p.spikesFlat().length);
        }
    }
}
