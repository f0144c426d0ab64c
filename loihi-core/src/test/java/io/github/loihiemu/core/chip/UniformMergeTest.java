package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.mapping.MappingConfig;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.util.VectorSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CUBA-like network of one neuron type on chip cores of 400 compartments: where the vector kernels run, its cores
 * are merged into compute cores that run the uniform vector kernel with activity flags; spikes, every chip core's
 * counters and the energy report must equal the core-by-core run's, on the vector and the scalar kernels.
 */
class UniformMergeTest {
    private record Run(int computeCores, List<long[]> times, List<int[]> indices, List<String> counters,
                       String energy) {
    }

    private static Run run(int threads, boolean computeLayout, boolean scalar) {
        SplittableRandom r = new SplittableRandom(3);
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 50);
        CompartmentPrototype neuron = CompartmentPrototype.builder().currentDecay(410).voltageDecay(205)
                .vThMant(200).biasMant(300).biasExp(3).refractoryDelay(5).build();
        CompartmentGroup exc = net.createCompartmentGroup("exc", 1600, neuron);
        CompartmentGroup inh = net.createCompartmentGroup("inh", 400, neuron);
        net.place(exc, 0, 4);     // 400 per chip core
        net.place(inh, 4, 5);
        Topology.SynapseList ee = Topology.synapses();
        Topology.SynapseList ei = Topology.synapses();
        for (int s = 0; s < 1600; s++) {
            boolean[] used = new boolean[2000];
            for (int k = 0; k < 20; k++) {
                int t = r.nextInt(2000);
                if (used[t]) {
                    continue;
                }
                used[t] = true;
                if (t < 1600) {
                    ee.add(s, t, 10 + r.nextInt(60));
                } else {
                    ei.add(s, t - 1600, 10 + r.nextInt(60));
                }
            }
        }
        Topology.SynapseList ie = Topology.synapses();
        for (int s = 0; s < 400; s++) {
            for (int t = r.nextInt(10); t < 1600; t += 10 + r.nextInt(200)) {
                ie.add(s, t, -(20 + r.nextInt(100)));
            }
        }
        ConnectionPrototype excitatory = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build();
        net.connect(exc, exc, excitatory, ee.build());
        net.connect(exc, inh, excitatory, ei.build());
        net.connect(inh, exc, ConnectionPrototype.builder().signMode(SignMode.INHIBITORY).delay(1).build(), ie.build());
        net.connect(in, exc, excitatory, Topology.uniform(50, 1600, 3));
        BoardConfig config = BoardConfig.defaults().withThreads(threads).withSeed(11)
                .withMapping(MappingConfig.defaults().withComputeLayout(computeLayout));
        try (Board board = Board.compile(net, config)) {
            if (scalar) {
                board.useScalarKernels();
            }
            SpikeProbe pe = board.probeSpikes(exc);
            SpikeProbe pi = board.probeSpikes(inh);
            SpikeInput input = board.spikeInput(in);
            for (long t = 0; t < 200; t += 7) {
                input.addSpike((int) (t % 50), t);
            }
            board.run(150);
            board.run(150);
            List<String> counters = new ArrayList<>();
            for (int slot = 0; slot < board.plan().coreCount(); slot++) {
                counters.add(board.counters(slot).toString());
            }
            return new Run(board.plan().compute().coreCount(), List.of(pe.times(), pi.times()),
                    List.of(pe.indices(), pi.indices()), counters, board.energyReport().toJson());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void mergedUniformCoresRunAsCoreByCore(int threads) {
        Run plain = run(threads, false, true);
        for (boolean scalar : new boolean[] {false, true}) {
            Run merged = run(threads, true, scalar);
            if (VectorSupport.available()) {
                assertTrue(merged.computeCores < 5, "five uniform cores of 400 merge: " + merged.computeCores);
            }
            long spikes = 0;
            for (int g = 0; g < 2; g++) {
                assertArrayEquals(plain.times.get(g), merged.times.get(g), "spike times of group " + g);
                assertArrayEquals(plain.indices.get(g), merged.indices.get(g), "spikes of group " + g);
                spikes += plain.times.get(g).length;
            }
            assertTrue(spikes > 1000, "the network must be active: " + spikes);
            assertEquals(plain.counters, merged.counters);
            assertEquals(plain.energy, merged.energy);
        }
    }
}
