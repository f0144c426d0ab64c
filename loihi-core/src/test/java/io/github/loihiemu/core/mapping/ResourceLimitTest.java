package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per enforced limit: the failure names the core, the resource, the need and the limit. */
class ResourceLimitTest {
    private static final CompartmentPrototype P = CompartmentPrototype.builder().build();
    private static final ConnectionPrototype EXC = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build();

    private static ResourceLimitException fail(Network net, MappingConfig config) {
        return assertThrows(ResourceLimitException.class, () -> Mapper.map(net, config));
    }

    @Test
    void compartmentsPerCore() {
        Network net = new Network();
        CompartmentGroup g = net.createCompartmentGroup("big", 1025, P);
        net.place(g, 3, 4);
        ResourceLimitException e = fail(net, MappingConfig.defaults());
        assertEquals(3, e.core());
        assertEquals("compartments", e.resource());
        assertEquals(1025, e.needed());
        assertEquals(1024, e.limit());
        assertEquals("core 3 (chip 0, core 3): compartments: needs 1025, limit 1024", e.getMessage());
    }

    @Test
    void automaticPackingSpreadsLargeGroupsOverCores() {
        Network net = new Network();
        net.createCompartmentGroup("big", 2500, P);
        MappingPlan plan = Mapper.map(net, MappingConfig.defaults());
        assertEquals(3, plan.coreCount());
        assertEquals(1024, plan.core(0).compartments());
        assertEquals(452, plan.core(2).compartments());
    }

    @Test
    void inputAxonsPerCore() {
        Network net = new Network();
        SpikeGenerator gen = net.createSpikeGenerator("wide", 4097);
        CompartmentGroup g = net.createCompartmentGroup("sink", 1, P);
        net.connect(gen, g, EXC, Topology.uniform(4097, 1, 1));
        net.place(g, 0, 1);
        ResourceLimitException e = fail(net, MappingConfig.defaults());
        assertEquals("input axons", e.resource());
        assertEquals(4097, e.needed());
        assertEquals(4096, e.limit());
        // automatic packing cannot help either, and says so
        Network auto = new Network();
        SpikeGenerator g2 = auto.createSpikeGenerator("wide", 4097);
        CompartmentGroup s2 = auto.createCompartmentGroup("sink", 1, P);
        auto.connect(g2, s2, EXC, Topology.uniform(4097, 1, 1));
        ResourceLimitException f = fail(auto, MappingConfig.defaults());
        assertEquals("input axons", f.resource());
        assertTrue(f.getMessage().contains("alone does not fit an empty core"), f.getMessage());
    }

    @Test
    void outputAxonsPerCore() {
        Network net = new Network();
        CompartmentGroup src = net.createCompartmentGroup("src", 1, P);
        CompartmentGroup dst = net.createCompartmentGroup("dst", 4097, P);
        net.connect(src, dst, EXC, Topology.uniform(1, 4097, 1));
        net.place(src, 0, 1);
        net.place(dst, 1, 4098);
        ResourceLimitException e = fail(net, MappingConfig.defaults());
        assertEquals(0, e.core());
        assertEquals("output axons", e.resource());
        assertEquals(4097, e.needed());
    }

    @Test
    void synapticMemoryPerCore() {
        Network net = new Network();
        SpikeGenerator gen = net.createSpikeGenerator("in", 1100);
        CompartmentGroup g = net.createCompartmentGroup("dense", 1024, P);
        net.connect(gen, g, EXC, Topology.uniform(1100, 1024, 1));
        net.place(g, 0, 1);
        ResourceLimitException e = fail(net, MappingConfig.defaults());
        assertEquals("synaptic memory bits", e.resource());
        // 1100 axons x 16 groups of 64 8-bit synapses, each 522 bits -> 9 words of 64 bits
        assertEquals(1100L * 16 * 9 * 64, e.needed());
        assertEquals(1_048_576, e.limit());
    }

    @Test
    void delayBeyondTheAccumulatorRing() {
        Network net = new Network();
        CompartmentGroup a = net.createCompartmentGroup("a", 1, P);
        net.connect(a, a, ConnectionPrototype.builder().delay(7).build(), Topology.oneToOne(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mapper.map(net, MappingConfig.defaults()));
        assertTrue(e.getMessage().contains("delay 7 exceeds 6 = dendritic accumulators (8) - 2"), e.getMessage());
        Mapper.map(net, new MappingConfig(16, 1, true));
    }

    @Test
    void coresBeyondTheBoard() {
        Network net = new Network();
        CompartmentGroup a = net.createCompartmentGroup("a", 1, P);
        net.place(a, 200, 201);
        ResourceLimitException e = fail(net, new MappingConfig(8, 1, true));
        assertEquals("cores", e.resource());
        assertEquals(201, e.needed());
        assertEquals(128, e.limit());
    }

    @Test
    void paperPlacementFormula() {
        Network net = new Network();
        CompartmentGroup h = net.createCompartmentGroup("h1", 400, P);
        CompartmentGroup o = net.createCompartmentGroup("o", 10, P);
        net.place(h, 2, 80);
        net.place(o, 2, 80);
        MappingPlan plan = Mapper.map(net, MappingConfig.defaults());
        // ceil(400 / 78) = 6 per core on cores 2..68; o puts one compartment on each of cores 2..11
        assertEquals(67, plan.coreCount());
        assertEquals(2, plan.core(0).id());
        assertEquals(7, plan.core(0).compartments());
        assertEquals(6, plan.core(10).compartments());
        assertEquals(68, plan.core(66).id());
        assertEquals(4, plan.core(66).compartments());
    }
}
