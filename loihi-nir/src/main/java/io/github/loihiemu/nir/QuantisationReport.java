package io.github.loihiemu.nir;

import io.github.loihiemu.core.synapse.SignMode;

import java.util.List;
import java.util.Locale;

/**
 * What {@link NirMapper} did to a graph's numbers: per neuron node the float parameters at the chosen dt, the
 * integers the chip got and their relative errors; per connection (a source node to a neuron node through weight
 * nodes) the float weight range, the weight format chosen and the error it leaves; and every approximation made.
 * Errors are relative: |chip - float| / |float| for a parameter (0 where both are 0), and for a connection the RMS
 * of the weight errors over the RMS of the weights.
 *
 * @param dt          the timestep the mapping used, seconds
 * @param neurons     one entry per neuron node
 * @param connections one entry per connection
 * @param notes       one line per approximation or split (empty when the mapping is exact up to rounding)
 */
public record QuantisationReport(double dt, List<NeuronEntry> neurons, List<ConnectionEntry> connections,
                                 List<String> notes) {

    /** Copies the lists. */
    public QuantisationReport {
        neurons = List.copyOf(neurons);
        connections = List.copyOf(connections);
        notes = List.copyOf(notes);
    }

    /**
     * One neuron node. Where the node's neurons differ, the values are those of its first neuron and the errors the
     * largest over all neurons.
     *
     * @param node           the node's path
     * @param type           its type
     * @param size           number of neurons
     * @param groups         number of compartment groups it became (more than one where neurons differ in decays or
     *                       bias: loihi-core's prototype is per group)
     * @param floatDecayU    dt / tau_syn (CubaLIF), or 1 (the current forgets each step)
     * @param currentDecay   the chip's effective current decay, 0..4096
     * @param floatDecayV    dt / tau (LIF, LI), dt / tau_mem (CubaLIF), 0 for IF
     * @param voltageDecay   the chip's effective voltage decay, 0..4096
     * @param scale          chip units per unit of v (the first neuron's)
     * @param vThMant        the threshold mantissa
     * @param floatBias      the constant input per step in v units (leak and Affine biases)
     * @param chipBias       {@code biasMant << biasExp}
     * @param decayError     largest relative error of a decay
     * @param biasError      largest relative error of a bias
     * @param thresholdError largest relative error of a threshold (0: the scale makes it exact)
     */
    public record NeuronEntry(String node, NodeType type, int size, int groups, double floatDecayU, int currentDecay,
                              double floatDecayV, int voltageDecay, double scale, int vThMant, double floatBias,
                              int chipBias, double decayError, double biasError, double thresholdError) {
    }

    /**
     * One connection.
     *
     * @param source       the source node (an Input or a spiking neuron node)
     * @param target       the neuron node
     * @param synapses     number of synapses made (non-zero float weights)
     * @param minWeight    smallest float weight, in units of the target's threshold per spike
     * @param maxWeight    largest float weight, in the same units
     * @param signMode     the sign mode chosen
     * @param exponent     the weight exponent chosen
     * @param bits         the weight bits (8: fewer never lowers the error, they only save memory)
     * @param rmsError     RMS of the weight errors over the RMS of the weights
     * @param maxError     largest weight error, in units of the target's threshold
     * @param zeroed       non-zero float weights that became 0 on the chip
     * @param minDelay     smallest synaptic delay in steps (the Delay nodes on the way; 0 without)
     * @param maxDelay     largest synaptic delay in steps
     */
    public record ConnectionEntry(String source, String target, int synapses, double minWeight, double maxWeight,
                                  SignMode signMode, int exponent, int bits, double rmsError, double maxError,
                                  int zeroed, int minDelay, int maxDelay) {

        /** A connection without delays. */
        public ConnectionEntry(String source, String target, int synapses, double minWeight, double maxWeight,
                               SignMode signMode, int exponent, int bits, double rmsError, double maxError,
                               int zeroed) {
            this(source, target, synapses, minWeight, maxWeight, signMode, exponent, bits, rmsError, maxError, zeroed,
                    0, 0);
        }
    }

    /** The largest synaptic delay of any connection, in steps. */
    public int maxDelay() {
        return connections.stream().mapToInt(ConnectionEntry::maxDelay).max().orElse(0);
    }

    /** The neuron entry of a node. */
    public NeuronEntry neuron(String node) {
        return neurons.stream().filter(n -> n.node().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no neuron node '" + node + "' in the report"));
    }

    /** The connection entry from {@code source} to {@code target}. */
    public ConnectionEntry connection(String source, String target) {
        return connections.stream().filter(c -> c.source().equals(source) && c.target().equals(target)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no connection " + source + " -> " + target
                        + " in the report"));
    }

    /** A plain-text table: neurons, connections, notes. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "quantisation at dt = %g s%n", dt));
        sb.append(String.format(Locale.ROOT, "%-24s %-8s %6s %6s %9s %5s %9s %5s %7s %10s %10s %9s %9s%n", "neuron node",
                "type", "size", "groups", "dt/tau_u", "du", "dt/tau_v", "dv", "vThMant", "bias", "chip bias",
                "err decay", "err bias"));
        for (NeuronEntry n : neurons) {
            sb.append(String.format(Locale.ROOT, "%-24s %-8s %6d %6d %9.5f %5d %9.5f %5d %7d %10.4g %10d %9.2e %9.2e%n",
                    n.node(), n.type().nirName(), n.size(), n.groups(), n.floatDecayU(), n.currentDecay(),
                    n.floatDecayV(), n.voltageDecay(), n.vThMant(), n.floatBias(), n.chipBias(), n.decayError(),
                    n.biasError()));
        }
        sb.append(String.format(Locale.ROOT, "%-28s %8s %10s %10s %-11s %4s %4s %9s %9s %6s %7s%n", "connection",
                "synapses", "min w", "max w", "sign mode", "exp", "bits", "rms err", "max err", "zeroed", "delay"));
        for (ConnectionEntry c : connections) {
            String delay = c.minDelay() == c.maxDelay() ? Integer.toString(c.maxDelay())
                    : c.minDelay() + ".." + c.maxDelay();
            sb.append(String.format(Locale.ROOT, "%-28s %8d %10.4g %10.4g %-11s %4d %4d %9.2e %9.2e %6d %7s%n",
                    c.source() + " -> " + c.target(), c.synapses(), c.minWeight(), c.maxWeight(), c.signMode(),
                    c.exponent(), c.bits(), c.rmsError(), c.maxError(), c.zeroed(), delay));
        }
        for (String note : notes) {
            sb.append("note: ").append(note).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
