package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.energy.MeshGeometry;
import io.github.loihiemu.core.mapping.CoreLayout;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.util.ParallelBuild;
import io.github.loihiemu.core.util.SplitMix64;

import java.util.List;

/**
 * The build path's last step: turns a {@link MappingPlan} into neurocores. Each core gets its compartments' parameters,
 * its synaptic memory, its output axons with their mesh hops, its mailbox (sized for what it can send to each
 * core) and, where plastic synapses live, its learning engine. Every core's random streams derive from the board seed
 * and the core's id, never from the build order or the thread that runs it.
 */
final class CoreBuilder {
    private CoreBuilder() {
    }

    static Neurocore[] build(MappingPlan plan, long seed) {
        return build(plan, seed, false, null);
    }

    /**
     * @param handOver take each core's synapses out of the plan as its core is built ({@link MappingPlan#handOver}),
     *                 for a plan that is dropped afterwards: the plan's synaptic memory is then released core by
     *                 core instead of living beside the board's until the end
     * @param chip     the chip plan whose {@link MappingPlan#compute()} {@code plan} is, when it merged cores: each
     *                 core then charges its work to its chip cores ({@link ChipCharges}); else null
     */
    static Neurocore[] build(MappingPlan plan, long seed, boolean handOver, MappingPlan chip) {
        Network net = plan.network();
        int coreCount = plan.coreCount();
        Neurocore[] cores = new Neurocore[coreCount];
        int[] coreIds = new int[coreCount];
        for (int s = 0; s < coreCount; s++) {
            coreIds[s] = plan.core(s).id();
        }
        ArrayInterner shared = new ArrayInterner();
        // cores are independent (each takes only its own synapses and derives its random streams from its id), so
        // they are built in parallel: the same cores whatever the thread count
        ParallelBuild.forEach(coreCount, s -> {
            MappingPlan.Synapses synapses = plan.synapses(s, handOver);
            CoreLayout layout = plan.core(s);
            int[] group = layout.compartmentGroup();
            CompartmentPrototype[] protos = new CompartmentPrototype[group.length];
            for (int i = 0; i < group.length; i++) {
                protos[i] = net.groups().get(group[i]).prototype();
            }
            List<CoreLayout.SynapseFormat> formats = layout.formats();
            int[] exponent = new int[formats.size()];
            for (int f = 0; f < exponent.length; f++) {
                exponent[f] = formats.get(f).weightFormat().weightExponent();
            }
            Neurocore.SynapticMemory memory = Neurocore.SynapticMemory.of(synapses, exponent);
            Neurocore.OutputAxons outputs = outputAxons(plan, layout, coreIds);
            long coreSeed = SplitMix64.derive(seed, layout.id());
            boolean plastic = false;
            for (CoreLayout.SynapseFormat f : formats) {
                plastic |= net.connections().get(f.connection()).prototype().learningRule() != null;
            }
            int ring = plastic ? plan.config().dendriticAccumulators()
                    : ringLength(memory.maxDelay(), plan.config().dendriticAccumulators());
            Neurocore core = new Neurocore(s, layout.id(), protos, ring, memory, outputs, coreSeed, plastic,
                    handOver, shared);
            int[] index = layout.compartmentIndex();
            for (int i = 0; i < group.length; i++) {
                CompartmentGroup g = net.groups().get(group[i]);
                if (net.hasOwnBiases(g)) {
                    core.setBias(i, net.bias(g, index[i]));
                }
            }
            if (shared != null) {
                core.shareBias(shared);
            }
            core.learning = LearningEngine.create(core, layout, net.connections(), plan.rules(), coreSeed);
            if (chip != null) {
                // every core of a merged plan charges the chip layout's messages; merged ones charge everything
                core.chargeTo(ChipCharges.of(chip, plan, s, layout, synapses, core.counters));
            }
            cores[s] = core;
        });
        return cores;
    }

    /**
     * The accumulator ring a core without learning needs: the least power of 2 that is at least its largest delay
     * plus 2, as the mapper allows D - 2 for D slots (never more than D). A slot is only ever addressed as
     * {@code (t + 1 + delay) mod length}, so a shorter ring gives the same sums with fewer ints per compartment; a
     * core with learning keeps D, since a rule may lengthen delays.
     */
    static int ringLength(int max, int slots) {
        int ring = 2;
        while (ring < max + 2) {
            ring <<= 1;
        }
        return Math.min(ring, slots);
    }

    /** The routing of a core's compartments, gathered from their groups' routing tables. */
    private static Neurocore.OutputAxons outputAxons(MappingPlan plan, CoreLayout layout, int[] coreIds) {
        int[] group = layout.compartmentGroup();
        int[] index = layout.compartmentIndex();
        int n = group.length;
        int[] start = new int[n + 1];
        int total = 0;
        for (int i = 0; i < n; i++) {
            start[i] = total;
            int[] rs = plan.groupRouting(group[i]).start();
            total += rs[index[i] + 1] - rs[index[i]];
        }
        start[n] = total;
        int[] core = new int[total];
        int[] axon = new int[total];
        int[] hopsEw = new int[total];
        int[] hopsNs = new int[total];
        int k = 0;
        for (int i = 0; i < n; i++) {
            MappingPlan.Routing r = plan.groupRouting(group[i]);
            for (int o = r.start()[index[i]]; o < r.start()[index[i] + 1]; o++) {
                core[k] = r.destCoreSlot()[o];
                axon[k] = r.destAxon()[o];
                hopsEw[k] = MeshGeometry.hopsEastWest(layout.id(), coreIds[core[k]]);
                hopsNs[k] = MeshGeometry.hopsNorthSouth(layout.id(), coreIds[core[k]]);
                k++;
            }
        }
        return new Neurocore.OutputAxons(start, core, axon, hopsEw, hopsNs);
    }
}
