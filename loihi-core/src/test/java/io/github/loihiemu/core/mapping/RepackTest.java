package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepackTest {
    /**
     * A random recurrent network (4,000 neurons, p = 0.02): every source reaches most target cores, far more than
     * the packer's first estimate from index ranges, so the first layout breaks the output-axon limit and the mapper
     * must re-pack with the exact counts.
     */
    @Test
    void randomRecurrentNetworkIsRepackedWithinTheOutputAxonLimit() {
        Network n = new Network();
        CompartmentGroup g = n.createCompartmentGroup("lif", 4000, CompartmentPrototype.builder().build());
        SplittableRandom r = new SplittableRandom(1);
        int[] s = new int[400_000];
        int[] t = new int[400_000];
        int m = 0;
        for (int i = 0; i < 4000; i++) {
            for (int j = 0; j < 4000; j++) {
                if (r.nextDouble() < 0.02) {
                    s[m] = i;
                    t[m++] = j;
                }
            }
        }
        int[] w = new int[m];
        java.util.Arrays.fill(w, 20);
        n.connect(g, g, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build(),
                Topology.sparse(java.util.Arrays.copyOf(s, m), java.util.Arrays.copyOf(t, m), w));
        MappingPlan plan = Mapper.map(n, MappingConfig.defaults());
        long synapses = 0;
        int compartments = 0;
        for (int c = 0; c < plan.coreCount(); c++) {
            CoreLayout core = plan.core(c);
            assertTrue(core.usage().outputAxons() <= Limits.OUTPUT_AXONS_PER_CORE, "core " + core.id());
            assertTrue(core.usage().inputAxons() <= Limits.INPUT_AXONS_PER_CORE, "core " + core.id());
            synapses += core.synapses();
            compartments += core.compartments();
        }
        assertEquals(m, synapses);
        assertEquals(4000, compartments);
    }
}
