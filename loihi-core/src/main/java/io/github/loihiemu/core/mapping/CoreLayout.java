package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.synapse.WeightFormat;

import java.util.List;

/**
 * What the mapper decided for one neurocore: its compartments, its input axons and their synapses (grouped into the
 * chip's synapse formats), its reward axons and its resource use. The chip builds a neurocore from it; users read it
 * to see where things went and how full each core is. The array accessors return copies.
 *
 * <p>Input axon {@code a} owns synapses {@code axonStart[a] .. axonStart[a+1]-1}, sorted by target compartment. Its
 * spikes come from compartment (or port) {@code axonSource[a]} of connection {@code axonConnection[a]}'s source.
 * Synapse {@code k} targets local compartment {@code synapseTarget[k]} with mantissa {@code synapseWeight[k]}, delay
 * {@code synapseDelay[k]} and format {@code formats.get(synapseFormat[k])}; all synapses of one axon belong to one
 * connection. Reward axon {@code q} carries reinforcement spikes for learning rule {@code rewardRule[q]} (an index
 * into {@link MappingPlan#rules()}).
 *
 * @param id               global core id: chip * 128 + core
 * @param compartmentGroup group index of each local compartment
 * @param compartmentIndex index within its group of each local compartment
 * @param axonStart        CSR start of each input axon's synapses; length = axons + 1
 * @param axonConnection   connection index of each input axon
 * @param axonSource       source index (within the connection's source) of each input axon
 * @param synapseTarget    local target compartment of each synapse
 * @param synapseWeight    initial weight mantissa of each synapse, truncated to its format's precision
 * @param synapseDelay     delay of each synapse
 * @param synapseFormat    index into {@code formats} of each synapse
 * @param formats          the synapse formats of this core: one per (connection, weight format) with synapses here
 * @param rewardRule       rule index of each reward axon
 * @param usage            resource use, for reports and checks
 */
public record CoreLayout(int id, int[] compartmentGroup, int[] compartmentIndex, int[] axonStart,
                         int[] axonConnection, int[] axonSource, int[] synapseTarget, int[] synapseWeight,
                         int[] synapseDelay, int[] synapseFormat, List<SynapseFormat> formats, int[] rewardRule,
                         ResourceUsage usage) {

    public CoreLayout {
        formats = List.copyOf(formats);
    }

    /**
     * One synapse format of a core: the weight arithmetic of a group of synapses of one connection (the
     * connection's prototype gives its delay bits, tags and learning rule).
     *
     * @param connection   index of the connection in the network
     * @param weightFormat precision, exponent and sign mode
     */
    public record SynapseFormat(int connection, WeightFormat weightFormat) {
    }

    /**
     * Resource use of one core against the limits of {@link Limits}.
     *
     * @param compartments compartments placed
     * @param inputAxons   input axons: one per (connection, source), one per reward channel
     * @param outputAxons  routing entries of the core's compartments
     * @param synapseBits  synaptic memory in bits
     */
    public record ResourceUsage(int compartments, int inputAxons, int outputAxons, long synapseBits) {
    }

    /** Number of compartments on this core. */
    public int compartments() {
        return compartmentGroup.length;
    }

    /** Number of (non-reward) input axons. */
    public int axons() {
        return axonConnection.length;
    }

    /** Number of synapses. */
    public int synapses() {
        return synapseTarget.length;
    }

    /** The layout's own arrays, for the plan to hand them over without copies. */
    int[] ownAxonStart() {
        return axonStart;
    }

    int[] ownSynapseTarget() {
        return synapseTarget;
    }

    int[] ownSynapseWeight() {
        return synapseWeight;
    }

    int[] ownSynapseDelay() {
        return synapseDelay;
    }

    int[] ownSynapseFormat() {
        return synapseFormat;
    }

    @Override
    public int[] compartmentGroup() {
        return compartmentGroup.clone();
    }

    @Override
    public int[] compartmentIndex() {
        return compartmentIndex.clone();
    }

    @Override
    public int[] axonStart() {
        return axonStart.clone();
    }

    @Override
    public int[] axonConnection() {
        return axonConnection.clone();
    }

    @Override
    public int[] axonSource() {
        return axonSource.clone();
    }

    @Override
    public int[] synapseTarget() {
        return synapseTarget.clone();
    }

    @Override
    public int[] synapseWeight() {
        return synapseWeight.clone();
    }

    @Override
    public int[] synapseDelay() {
        return synapseDelay.clone();
    }

    @Override
    public int[] synapseFormat() {
        return synapseFormat.clone();
    }

    @Override
    public int[] rewardRule() {
        return rewardRule.clone();
    }
}
