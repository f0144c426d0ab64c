package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.mapping.MappingConfig;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's placement run on merged compute cores against the same placement run core by core: weights, every
 * chip core's counters and the energy report must be identical (issue 17, goal 1), on one and on two threads.
 */
class ComputeLayoutTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void paperPlacementMergedEqualsCoreByCore(int threads) {
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        NbpWeights init = NbpWeights.heInit(train.inputCount(), 400, 10, 5);
        BoardConfig merged = BoardConfig.defaults().withThreads(threads);
        BoardConfig plain = merged.withMapping(MappingConfig.defaults().withComputeLayout(false));
        try (NbpChipSession a = new NbpChipSession(init, merged, true);
             NbpChipSession b = new NbpChipSession(init, plain, true)) {
            MappingPlan plan = a.board().plan();
            assertTrue(plan.compute().coreCount() * 3 < plan.coreCount(), "the paper placement's "
                    + plan.coreCount() + " cores run as " + plan.compute().coreCount() + " compute cores");
            assertEquals(plan.coreCount(), b.board().plan().compute().coreCount());
            int[] order = train.shuffledOrder(5, 0);
            int[] buf = new int[train.inputCount()];
            for (int k = 0; k < 60; k++) {
                int i = order[k];
                int n = train.copyOnPixels(i, buf);
                a.train(buf, n, train.label(i));
                b.train(buf, n, train.label(i));
            }
            assertArrayEquals(b.weights().w1(), a.weights().w1());
            assertArrayEquals(b.weights().w2(), a.weights().w2());
            Board ba = a.board();
            Board bb = b.board();
            long learning = 0;
            long dropped = 0;
            for (int s = 0; s < plan.coreCount(); s++) {
                assertEquals(bb.counters(s), ba.counters(s), "counters of chip core slot " + s);
                learning += ba.counters(s).learningUpdates();
            }
            assertTrue(learning > 0, "the run learned");
            assertEquals(bb.droppedLearningSpikes(), ba.droppedLearningSpikes());
            EnergyReport ra = ba.energyReport();
            EnergyReport rb = bb.energyReport();
            assertEquals(rb.toString(), ra.toString());
            assertArrayEquals(rb.dynamicPj(), ra.dynamicPj());
            assertArrayEquals(rb.timeNs(), ra.timeNs());
            assertEquals(rb.staticPj(), ra.staticPj());
            assertArrayEquals(rb.coreSpikingNs(), ra.coreSpikingNs());
            assertArrayEquals(rb.coreLearningNs(), ra.coreLearningNs());
            assertEquals(rb.synapticEvents(), ra.synapticEvents());
            assertEquals(rb.messages(), ra.messages());
        }
    }
}
