package io.github.loihiemu.core.accounting;

import io.github.loihiemu.core.energy.EnergyParameters;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.energy.MeshGeometry;
import io.github.loihiemu.core.energy.Phase;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnergyMeterTest {
    // the energy example of docs/loihi-semantics.md, "Worked examples" (example 7.9 of the research note)
    @Test
    void workedExample79() {
        OperationCounters a = new OperationCounters();
        a.activeUpdates = 100;
        a.inactiveUpdates = 924;
        a.spikesOut = 10;
        a.messagesOut = 10;
        a.hopsEastWest = 30;
        a.hopsNorthSouth = 10;
        a.maxHopsEastWest = 3;
        a.maxHopsNorthSouth = 1;
        OperationCounters b = new OperationCounters();
        b.inactiveUpdates = 1024;
        b.synapticEvents = 2000;
        EnergyParameters p = EnergyParameters.davies2018().withStaticPowerPerChip(0);
        EnergyMeter m = new EnergyMeter(p, 32, 1);
        m.recordStep(new OperationCounters[] {a, b}, false);
        EnergyReport r = m.report();
        assertEquals(156_726.0, r.energyPj(Phase.SPIKING), 1e-6);
        assertEquals(12_911.0, r.timeNs(Phase.SPIKING), 1e-6);
        assertEquals(0.0, r.energyPj(Phase.LEARNING));
        assertEquals(1, m.busiestSpikingCore());
        assertTrue(r.toJson().contains("\"learning\":{\"energyPj\":0.0"));
    }

    @Test
    void staticPowerLearningAndPhaseConstants() {
        OperationCounters c = new OperationCounters();
        c.learningUpdates = 1000;
        EnergyParameters p = EnergyParameters.davies2018().withManagement(500, 1000).withHost(0, 2000)
                .withLearningCost(EnergyParameters.LearningCost.VISITED);
        EnergyMeter m = new EnergyMeter(p, 1, 1);
        m.recordStep(new OperationCounters[] {c}, true);
        EnergyReport r = m.report();
        assertEquals(120_000, r.energyPj(Phase.LEARNING), 1e-9);
        assertEquals(6_100, r.timeNs(Phase.LEARNING), 1e-9);
        assertEquals(113, r.timeNs(Phase.SPIKING), 1e-9);
        assertEquals(500, r.energyPj(Phase.MANAGEMENT), 1e-9);
        double stepNs = 113 + 6100 + 1000 + 2000;
        assertEquals(104 * stepNs, r.staticPj(), 1e-6);
        assertEquals(stepNs, r.totalTimeNs(), 1e-9);
        assertEquals(r.totalEnergyPj() * 1e-6, r.energyPerSampleUj(1), 1e-12);
    }

    @Test
    void learningCostBasesPreLearnPhaseAndBusiestCores() {
        OperationCounters a = new OperationCounters();
        a.learningUpdates = 10;
        a.plasticSynapsesAtEpoch = 500;
        a.synapticEvents = 100;
        OperationCounters b = new OperationCounters();
        b.learningUpdates = 40;
        b.plasticSynapsesAtEpoch = 200;
        b.synapticEvents = 10;
        OperationCounters[] cores = {a, b};
        EnergyParameters visited = EnergyParameters.davies2018().withStaticPowerPerChip(0).withPreLearnManagement(7, 9)
                .withLearningCost(EnergyParameters.LearningCost.VISITED);
        EnergyMeter m = new EnergyMeter(visited, 1, 1);
        m.recordStep(cores, true);
        m.recordStep(cores, true);
        EnergyReport r = m.report();
        assertEquals(2 * 50 * 120.0, r.energyPj(Phase.LEARNING), 1e-9);
        assertEquals(2 * 40 * 6.1, r.timeNs(Phase.LEARNING), 1e-9);
        assertEquals(14, r.energyPj(Phase.PRE_LEARN_MANAGEMENT), 1e-12);
        assertEquals(18, r.timeNs(Phase.PRE_LEARN_MANAGEMENT), 1e-12);
        assertEquals(1, r.busiestLearningCore());
        assertEquals(0, r.busiestSpikingCore());
        assertEquals(1400, r.plasticSynapsesAtEpochs());
        assertEquals(2, r.cores());
        EnergyMeter full = new EnergyMeter(visited.withLearningCost(EnergyParameters.LearningCost.ALL_PLASTIC), 1, 1);
        full.recordStep(cores, true);
        EnergyReport f = full.report();
        assertEquals(700 * 120.0, f.energyPj(Phase.LEARNING), 1e-9);
        assertEquals(500 * 6.1, f.timeNs(Phase.LEARNING), 1e-9);
        assertEquals(0, f.busiestLearningCore());
        assertTrue(f.toJson().contains("\"busiestLearningCore\":0"), f.toJson());
    }

    @Test
    void theDefaultLearningCostIsAllPlastic() {
        // docs/energy.md, "Against the paper": only a full scan of the plastic memory reaches nBP's measured energy
        assertEquals(EnergyParameters.LearningCost.ALL_PLASTIC, EnergyParameters.davies2018().learningCost());
        assertEquals(EnergyParameters.LearningCost.ALL_PLASTIC, EnergyParameters.named("silicon").learningCost());
    }

    @Test
    void barrierInterpolation() {
        EnergyParameters d = EnergyParameters.davies2018();
        assertEquals(113, d.barrierTimeNs(1), 1e-9);
        assertEquals(113 + 352 / 5.0, d.barrierTimeNs(2), 1e-9);
        assertEquals(465, d.barrierTimeNs(32), 1e-9);
        assertEquals(465, d.barrierTimeNs(64), 1e-9);
        EnergyParameters s = EnergyParameters.named("silicon");
        assertEquals(600, s.barrierTimeNs(1), 1e-9);
        assertEquals(1400, s.barrierTimeNs(4), 1e-9);
        assertEquals(1800, s.barrierTimeNs(29), 1e-9);
        assertEquals(1000 + 400 * Math.log(1.5) / Math.log(2), s.barrierTimeNs(3), 1e-9);
    }

    @Test
    void meshHops() {
        assertEquals(0, MeshGeometry.hopsEastWest(0, 3));
        assertEquals(1, MeshGeometry.hopsEastWest(0, 4));
        assertEquals(0, MeshGeometry.hopsNorthSouth(0, 4));
        assertEquals(1, MeshGeometry.hopsNorthSouth(0, 32));
        assertEquals(8, MeshGeometry.hopsEastWest(0, 128));
    }

    @Test
    void badParametersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnergyParameters.davies2018().withHost(-1, 0));
        assertTrue(e.getMessage().contains("hostPj = -1.0"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> EnergyParameters.named("loihi2"));
        assertTrue(f.getMessage().contains("davies2018, silicon"));
    }
}
