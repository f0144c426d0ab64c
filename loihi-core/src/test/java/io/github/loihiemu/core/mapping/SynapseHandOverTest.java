package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.synapse.WeightFormat;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link MappingPlan#synapses}: what a board's builder gets, with the plan kept and with the plan handing over. */
class SynapseHandOverTest {
    private static Network network() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 3);
        CompartmentGroup g = net.createCompartmentGroup("g", 4, CompartmentPrototype.builder().build());
        // one connection with the prototype's delay 2 for every synapse, one with a delay per synapse
        net.connect(in, g, ConnectionPrototype.builder().delay(2).build(),
                Topology.sparse(new int[] {0, 0, 1}, new int[] {1, 2, 3}, new int[] {10, -256, 254}));
        net.connect(in, g, ConnectionPrototype.builder().build(),
                Topology.sparse(new int[] {2, 2}, new int[] {0, 3}, new int[] {40, 50}, new int[] {5, 1}));
        return net;
    }

    @Test
    void keptPlanGivesCopiesOfDelaysAndFormatsAndKeepsItsLayout() {
        MappingPlan plan = Mapper.map(network(), MappingConfig.defaults());
        CoreLayout before = plan.core(0);
        MappingPlan.Synapses s = plan.synapses(0, false);
        assertArrayEquals(before.axonStart(), s.axonStart());
        assertArrayEquals(before.synapseTarget(), ints(s.target()));
        assertArrayEquals(before.synapseWeight(), ints(s.weight()));
        assertArrayEquals(new int[] {2, 2, 2, 5, 1}, s.delays());
        assertArrayEquals(before.synapseFormat(), s.formats());
        s.delay()[0] = 60;
        s.weight()[0] = 99;
        s.target()[0] = 7;
        assertArrayEquals(new int[] {2, 2, 2, 5, 1}, plan.core(0).synapseDelay());
        assertArrayEquals(before.synapseWeight(), plan.core(0).synapseWeight());
        assertArrayEquals(before.synapseTarget(), plan.core(0).synapseTarget());
        assertEquals(5, plan.core(0).synapses());
    }

    @Test
    void handOverOfAReleasingPlanGivesUniformValuesAsOneValueAndLetsTheSynapsesGo() {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 3);
        CompartmentGroup g = net.createCompartmentGroup("g", 4, CompartmentPrototype.builder().build());
        net.connect(in, g, ConnectionPrototype.builder().delay(3).build(),
                Topology.sparse(new int[] {0, 0, 1}, new int[] {1, 2, 3}, new int[] {10, -256, 254}));
        MappingPlan plan = Mapper.map(net, MappingConfig.defaults(), false);
        MappingPlan.Synapses s = plan.synapses(0, true);
        assertNull(s.delay());
        assertEquals(3, s.uniformDelay());
        assertNull(s.format());
        assertEquals(0, s.uniformFormat());
        assertArrayEquals(new int[] {3, 3, 3}, s.delays());
        assertArrayEquals(new int[] {0, 0, 0}, s.formats());
        assertArrayEquals(new int[] {0, 2, 3}, s.axonStart());
        assertArrayEquals(new int[] {1, 2, 3}, ints(s.target()));
        // the extremes of the 8-bit mantissa survive the 16-bit storage
        assertArrayEquals(new int[] {10, -256, 254}, ints(s.weight()));
        // the plan keeps the core's compartments and resource use, not its synapses
        assertEquals(0, plan.core(0).synapses());
        assertEquals(4, plan.core(0).compartments());
    }

    /** Connection 0 (8-bit weights) and 1 (4-bit) into one core: every axon has one format. */
    private static Network twoFormats(boolean thirdWithFormatsPerSynapse) {
        Network net = new Network();
        SpikeGenerator in = net.createSpikeGenerator("in", 3);
        CompartmentGroup g = net.createCompartmentGroup("g", 4, CompartmentPrototype.builder().build());
        net.connect(in, g, ConnectionPrototype.builder().build(),
                Topology.sparse(new int[] {0, 0, 1}, new int[] {0, 1, 2}, new int[] {10, 20, 30}));
        net.connect(in, g, ConnectionPrototype.builder().numWeightBits(4).build(),
                Topology.sparse(new int[] {0, 2}, new int[] {3, 1}, new int[] {64, -64}));
        if (thirdWithFormatsPerSynapse) {
            // one axon whose two synapses have different formats: the core then keeps a format per synapse
            net.connect(in, g, ConnectionPrototype.builder().build(), Topology.synapses().add(1, 0, 8, 0)
                    .add(1, 3, 16, 0, new WeightFormat(4, 0, SignMode.MIXED)).build());
        }
        return net;
    }

    @Test
    void formatsOfSingleFormatConnectionsComePerAxon() {
        MappingPlan plan = Mapper.map(twoFormats(false), MappingConfig.defaults(), false);
        MappingPlan.Synapses s = plan.synapses(0, true);
        assertNull(s.format());
        assertArrayEquals(new int[] {0, 2, 3, 4, 5}, s.axonStart());
        assertArrayEquals(new int[] {0, 0, 1, 1}, s.axonFormat());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, s.formats());
        // a kept plan's layout lists the same formats per synapse, and the same synaptic memory
        MappingPlan kept = Mapper.map(twoFormats(false), MappingConfig.defaults());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, kept.core(0).synapseFormat());
        assertEquals(kept.core(0).usage(), plan.core(0).usage());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, kept.synapses(0, false).formats());
    }

    @Test
    void aConnectionWithFormatsPerSynapseSwitchesItsCoreToFormatsPerSynapse() {
        MappingPlan plan = Mapper.map(twoFormats(true), MappingConfig.defaults(), false);
        MappingPlan.Synapses s = plan.synapses(0, true);
        // the axons laid out before the switch keep their formats, now listed per synapse
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 3}, s.format());
        assertNull(s.axonFormat());
        MappingPlan kept = Mapper.map(twoFormats(true), MappingConfig.defaults());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 3}, kept.core(0).synapseFormat());
        assertEquals(4, kept.core(0).formats().size());
        assertEquals(kept.core(0).usage(), plan.core(0).usage());
    }

    @Test
    void handOverOfAKeptPlanLeavesTheLayoutWithoutSynapses() {
        MappingPlan plan = Mapper.map(network(), MappingConfig.defaults());
        MappingPlan.Synapses s = plan.synapses(0, true);
        assertArrayEquals(new int[] {2, 2, 2, 5, 1}, s.delays());
        assertEquals(5, s.target().length);
        assertEquals(0, plan.core(0).synapses());
        assertEquals(0, plan.core(0).axons());
    }

    private static int[] ints(char[] a) {
        int[] out = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = a[k];
        }
        return out;
    }

    private static int[] ints(short[] a) {
        int[] out = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = a[k];
        }
        return out;
    }
}
