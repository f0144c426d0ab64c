package io.github.loihiemu.core.mapping;

/**
 * What the mapper put on one neurocore, as primitive arrays (struct of arrays). The chip builds its neurocore from
 * this; users read it to see where things went and how full each core is.
 *
 * <p>Input axon {@code a} owns synapses {@code axonStart[a] .. axonStart[a+1]-1}, sorted by target compartment. Its
 * spikes come from compartment (or port) {@code axonSource[a]} of connection {@code axonConnection[a]}'s source.
 * Reward axons carry reinforcement spikes for learning rule {@code rewardRule[r]} (index in the network's rule
 * list, see {@link MappingPlan#rules()}).
 */
public final class CorePlan {
    /** Global core id: chip * 128 + core. */
    public final int id;
    /** Group index of each local compartment. */
    public final int[] compartmentGroup;
    /** Index within its group of each local compartment. */
    public final int[] compartmentIndex;
    /** CSR start of each input axon's synapses; length = axons + 1. */
    public final int[] axonStart;
    /** Connection index of each input axon. */
    public final int[] axonConnection;
    /** Source index (within the connection's source) of each input axon. */
    public final int[] axonSource;
    /** Local target compartment of each synapse. */
    public final int[] synapseTarget;
    /** Initial weight mantissa of each synapse, already truncated to its format's precision. */
    public final int[] synapseWeight;
    /** Rule index of each reward axon. */
    public final int[] rewardRule;
    /** Resource use, for reports and checks. */
    public final ResourceUsage usage;

    CorePlan(int id, int[] compartmentGroup, int[] compartmentIndex, int[] axonStart, int[] axonConnection,
             int[] axonSource, int[] synapseTarget, int[] synapseWeight, int[] rewardRule, ResourceUsage usage) {
        this.id = id;
        this.compartmentGroup = compartmentGroup;
        this.compartmentIndex = compartmentIndex;
        this.axonStart = axonStart;
        this.axonConnection = axonConnection;
        this.axonSource = axonSource;
        this.synapseTarget = synapseTarget;
        this.synapseWeight = synapseWeight;
        this.rewardRule = rewardRule;
        this.usage = usage;
    }

    /** Number of compartments on this core. */
    public int compartments() {
        return compartmentGroup.length;
    }

    /** Number of (non-reward) input axons. */
    public int axons() {
        return axonConnection.length;
    }

    /**
     * Resource use of one core against the limits of {@link Limits}.
     *
     * @param compartments  compartments placed
     * @param inputAxons    input axons: one per (connection, source), one per reward channel
     * @param outputAxons   routing entries of the core's compartments
     * @param synapseBits   synaptic memory in bits
     */
    public record ResourceUsage(int compartments, int inputAxons, int outputAxons, long synapseBits) {
    }
}
