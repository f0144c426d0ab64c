package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.mapping.MappingConfig;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Connection;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compute layout ({@link MappingPlan#compute()}) against the same network run chip core by chip core: spikes,
 * weights, every chip core's counters and the energy report identical, with groups spread thinly over explicit core
 * ranges (merged), a draw-free learning rule with reward and dropped second spikes (tEpoch 2), delays, host spikes
 * stamped 0, and cores that must not be merged (noise, other voltage limits, a rule that draws), one of which sends
 * into merged cores.
 */
class ComputeLayoutTest {
    private record Run(MappingPlan plan, List<long[]> spikeTimes, List<int[]> spikeIndices, List<int[]> weights,
                       List<CoreCountersView> counters, String energy, EnergyReport report, long dropped) {
    }

    private record CoreCountersView(String text) {
    }

    private static Run run(int threads, boolean computeLayout) {
        return run(threads, computeLayout, false);
    }

    /** With {@code releasing}, compiled by {@link Board#compileReleasing} (no weights to read afterwards). */
    private static Run run(int threads, boolean computeLayout, boolean releasing) {
        SplittableRandom r = new SplittableRandom(99);
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 40);
        SpikeGenerator teacher = net.createSpikeGenerator("teacher", 1);
        CompartmentPrototype exc = CompartmentPrototype.builder().currentDecay(1024).voltageDecay(256).vThMant(40)
                .refractoryDelay(1).enableSpikeBackprop(true).build();
        CompartmentPrototype leaky = exc.toBuilder().currentDecay(2048).vThMant(30).build();
        CompartmentPrototype noisy = exc.toBuilder().enableNoise(true).noiseExp(7).noiseMantOffset(0).build();
        CompartmentPrototype loud = exc.toBuilder().vMaxExp(5).build();
        CompartmentGroup a = net.createCompartmentGroup("a", 120, exc);
        CompartmentGroup b = net.createCompartmentGroup("b", 90, leaky);
        CompartmentGroup c = net.createCompartmentGroup("c", 40, noisy);
        CompartmentGroup d = net.createCompartmentGroup("d", 40, loud);
        CompartmentGroup e = net.createCompartmentGroup("e", 30, exc);
        net.place(a, 0, 30);            // 4 per core
        net.place(b, 0, 30);            // 3 per core, on the same cores as a
        net.place(c, 30, 32);
        net.place(d, 32, 36);
        net.place(e, 36, 38);
        LearningRuleSpec exact = LearningRuleSpec.builder().dw("4*x0*y0*r1 - 2*x0*y0").r1(1, 0).tEpoch(2).build();
        LearningRuleSpec drawing = LearningRuleSpec.builder().dw("2^-2*x1*y0 - 2^-3*y1*x0").x1(20.5, 4)
                .y1(15.25, 6).tEpoch(1).build();
        net.connect(in, a, ConnectionPrototype.builder().learningRule(exact).build(),
                Topology.matrix(random(r, 120, 40, 3, 0, 120), mask(r, 120, 40, 2)));
        Connection ab = net.connect(a, b, ConnectionPrototype.builder().delay(2).build(),
                Topology.matrix(random(r, 90, 120, 1, -60, 140), mask(r, 90, 120, 6)));
        net.connect(b, a, ConnectionPrototype.builder().signMode(SignMode.INHIBITORY).build(),
                Topology.oneToOne(90, -30));
        net.connect(a, c, ConnectionPrototype.builder().build(), Topology.allToAll(random(r, 40, 120, 4, 0, 60)));
        // a core that runs on its own sends into merged ones: one message per compute core, charged per chip core
        net.connect(c, a, ConnectionPrototype.builder().build(), Topology.allToAll(random(r, 120, 40, 4, 0, 30)));
        net.connect(b, d, ConnectionPrototype.builder().delay(1).build(),
                Topology.allToAll(random(r, 40, 90, 4, 0, 80)));
        Connection ae = net.connect(a, e, ConnectionPrototype.builder().learningRule(drawing).build(),
                Topology.allToAll(random(r, 30, 120, 3, 0, 100)));
        net.connectReinforcement(teacher, 0, exact);
        Connection plastic = net.connections().get(0);
        BoardConfig config = BoardConfig.defaults().withThreads(threads).withSeed(5)
                .withMapping(MappingConfig.defaults().withComputeLayout(computeLayout));
        try (Board board = releasing ? Board.compileReleasing(net, config) : Board.compile(net, config)) {
            List<SpikeProbe> probes = new ArrayList<>();
            for (CompartmentGroup g : net.groups()) {
                probes.add(board.probeSpikes(g));
            }
            SpikeInput input = board.spikeInput(in);
            SpikeInput reward = board.spikeInput(teacher);
            SplittableRandom s = new SplittableRandom(7);
            for (long t = 0; t <= 300; t++) {
                for (int port = 0; port < 40; port++) {
                    if (s.nextInt(4) == 0) {
                        input.addSpike(port, t);
                    }
                }
                if (s.nextInt(3) == 0) {
                    reward.addSpike(0, t);
                }
            }
            board.run(180);
            board.run(120);
            List<long[]> times = new ArrayList<>();
            List<int[]> indices = new ArrayList<>();
            for (SpikeProbe p : probes) {
                times.add(p.times());
                indices.add(p.indices());
            }
            List<CoreCountersView> counters = new ArrayList<>();
            for (int slot = 0; slot < 38; slot++) {     // the chip cores (asserted below)
                counters.add(new CoreCountersView(board.counters(slot).toString()));
            }
            EnergyReport report = board.energyReport();
            return new Run(releasing ? null : board.plan(), times, indices, releasing ? List.of()
                    : List.of(board.weights(plastic), board.weights(ab), board.weights(ae)), counters,
                    report.toJson(), report, board.droppedLearningSpikes());
        }
    }

    private static int[][] random(SplittableRandom r, int rows, int cols, int zeroOneIn, int min, int max) {
        int[][] w = new int[rows][cols];
        for (int[] row : w) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextInt(zeroOneIn) == 0 ? 0 : (min + r.nextInt(max - min)) & ~1;
            }
        }
        return w;
    }

    private static boolean[][] mask(SplittableRandom r, int rows, int cols, int oneIn) {
        boolean[][] m = new boolean[rows][cols];
        for (boolean[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextInt(oneIn) == 0;
            }
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void mergedRunEqualsCoreByCoreRun(int threads) {
        Run plain = run(threads, false);
        Run merged = run(threads, true);
        MappingPlan chip = merged.plan;
        MappingPlan compute = chip.compute();
        assertEquals(38, chip.coreCount());
        assertTrue(compute.coreCount() + 15 <= chip.coreCount(), "cores 0..29 hold 7 compartments each: merged ("
                + compute.coreCount() + " compute cores)");
        assertEquals(chip.coreCount(), plain.plan.compute().coreCount(), "compute layout off: core by core");
        for (int s = 0; s < compute.coreCount(); s++) {
            int[] members = compute.chipSlots(s);
            for (int m : members) {
                boolean apart = m >= 30 && m < 32 || m >= 36;      // noise; a rule that draws
                if (apart) {
                    assertEquals(1, members.length, "chip core " + m + " must run on its own");
                }
            }
        }
        assertTrue(merged.report.learningUpdates() > 0, "the rules learned");
        assertTrue(merged.dropped > 0, "second spikes in an epoch were dropped: " + merged.dropped);
        long spikes = 0;
        for (int g = 0; g < plain.spikeTimes.size(); g++) {
            assertArrayEquals(plain.spikeTimes.get(g), merged.spikeTimes.get(g), "spike times of group " + g);
            assertArrayEquals(plain.spikeIndices.get(g), merged.spikeIndices.get(g), "spikes of group " + g);
            spikes += plain.spikeTimes.get(g).length;
        }
        assertTrue(spikes > 2000, "the network must be active: " + spikes);
        for (int k = 0; k < plain.weights.size(); k++) {
            assertArrayEquals(plain.weights.get(k), merged.weights.get(k), "weights of connection " + k);
        }
        assertEquals(plain.counters, merged.counters);
        assertEquals(plain.dropped, merged.dropped);
        assertEquals(plain.energy, merged.energy);
        assertEquals(plain.report.plasticSynapsesAtEpochs(), merged.report.plasticSynapsesAtEpochs());
        assertTrue(merged.report.plasticSynapsesAtEpochs() > 0);
        assertArrayEquals(plain.report.coreSpikingNs(), merged.report.coreSpikingNs());
        assertArrayEquals(plain.report.coreLearningNs(), merged.report.coreLearningNs());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void mergedWhileReleasingEqualsCoreByCore(int threads) {
        Run plain = run(threads, false);
        Run released = run(threads, true, true);
        for (int g = 0; g < plain.spikeTimes.size(); g++) {
            assertArrayEquals(plain.spikeTimes.get(g), released.spikeTimes.get(g), "spike times of group " + g);
            assertArrayEquals(plain.spikeIndices.get(g), released.spikeIndices.get(g), "spikes of group " + g);
        }
        assertEquals(plain.counters, released.counters);
        assertEquals(plain.dropped, released.dropped);
        assertEquals(plain.energy, released.energy);
        assertEquals(plain.report.plasticSynapsesAtEpochs(), released.report.plasticSynapsesAtEpochs());
    }

    @org.junit.jupiter.api.Test
    void releasingPlanIsMerged() {
        Network net = new Network();
        CompartmentPrototype p = CompartmentPrototype.builder().vThMant(10).build();
        CompartmentGroup a = net.createCompartmentGroup("a", 40, p);
        CompartmentGroup b = net.createCompartmentGroup("b", 40, p);
        net.place(a, 0, 10);
        net.place(b, 0, 10);
        net.connect(a, b, ConnectionPrototype.builder().build(), Topology.allToAll(new int[40][40]));
        MappingPlan plan = io.github.loihiemu.core.mapping.Mapper.map(net, MappingConfig.defaults(), false, 1);
        assertEquals(10, plan.coreCount());
        assertEquals(1, plan.compute().coreCount(), "ten cores of 8 compartments that share every source");
        assertEquals(10, plan.compute().chipSlots(0).length);
    }

    /** A board large enough to deliver in batches ({@link DeliveryBatch}), merged and core by core. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void batchedDeliveryChargesTheSame(int threads) {
        String[] reports = new String[2];
        List<List<String>> counters = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            boolean merged = k == 1;
            SplittableRandom r = new SplittableRandom(3);
            Network net = new Network();
            SpikeGenerator in = net.createSpikeGenerator("in", 50);
            CompartmentPrototype p = CompartmentPrototype.builder().currentDecay(1024).voltageDecay(512).vThMant(80)
                    .build();
            CompartmentGroup a = net.createCompartmentGroup("a", 600, p);
            CompartmentGroup b = net.createCompartmentGroup("b", 600, p);
            net.place(a, 0, 60);
            net.place(b, 0, 60);
            net.connect(in, a, ConnectionPrototype.builder().build(), Topology.allToAll(random(r, 600, 50, 2, 0, 90)));
            net.connect(a, b, ConnectionPrototype.builder().delay(1).build(),
                    Topology.allToAll(random(r, 600, 600, 3, -40, 60)));
            BoardConfig config = BoardConfig.defaults().withThreads(threads)
                    .withMapping(MappingConfig.defaults().withComputeLayout(merged));
            try (Board board = Board.compile(net, config)) {
                assertTrue(board.batchesDelivery(), "the board delivers in batches");
                assertEquals(merged, board.plan().compute().coreCount() < 60);
                SpikeInput input = board.spikeInput(in);
                for (long t = 1; t <= 120; t++) {
                    for (int port = 0; port < 50; port++) {
                        if (r.nextInt(6) == 0) {
                            input.addSpike(port, t);
                        }
                    }
                }
                board.run(120);
                List<String> c = new ArrayList<>();
                for (int slot = 0; slot < 60; slot++) {
                    c.add(board.counters(slot).toString());
                }
                counters.add(c);
                reports[k] = board.energyReport().toJson();
                assertTrue(board.energyReport().synapticEvents() > 100_000, "busy enough");
            }
        }
        assertEquals(counters.get(0), counters.get(1));
        assertEquals(reports[0], reports[1]);
    }
}
