package io.github.loihiemu.nbp;

import io.github.loihiemu.datasets.Dataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NbpTrainerTest {
    @Test
    void chipAndReferenceTrainersAgreeAndReportPerEpoch() {
        NbpTrainer.Config c = NbpTrainer.Config.paper(Dataset.MNIST20).withSeed(4).withSamplesPerEpoch(120);
        List<Integer> epochs = new ArrayList<>();
        NbpWeights chipWeights;
        try (NbpTrainer t = new NbpTrainer(c)) {
            t.train(2, (epoch, trainer) -> epochs.add(epoch));
            chipWeights = t.weights();
            Map<String, long[]> counts = t.spikeCountsPerSlot();
            assertEquals(240, counts.get("g05")[5], "gate g05 fires once per sample in slot 5");
            assertTrue(counts.get("x")[2] > 0 && counts.get("x")[8] > 0 && counts.get("x")[0] > 0);
            assertEquals(0L, t.slotViolations().values().stream().mapToLong(Long::longValue).sum());
            assertTrue(t.energyReport().totalEnergyPj() > 0);
        }
        assertEquals(List.of(1, 2), epochs);
        try (NbpTrainer auto = new NbpTrainer(c.withAutomaticPlacement())) {
            auto.train(2, null);
            assertEquals(chipWeights, auto.weights(), "placement changes cost, never results");
        }
        try (NbpTrainer r = new NbpTrainer(c.withReferenceEngine())) {
            r.train(2, null);
            assertEquals(r.weights(), chipWeights);
            assertThrows(IllegalStateException.class, r::energyReport);
        }
    }
}
