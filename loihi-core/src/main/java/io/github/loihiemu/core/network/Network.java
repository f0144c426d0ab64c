package io.github.loihiemu.core.network;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;
import io.github.loihiemu.core.synapse.WeightFormat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The description of a spiking network: compartment groups, spike generators, connections, learning rules and
 * their reinforcement channels, and optional core placements. Plain and validated as it is built; it holds no
 * state of a running chip. Compile it with {@code Board.compile(network, config)}.
 */
public final class Network {
    private final List<CompartmentGroup> groups = new ArrayList<>();
    private final List<SpikeGenerator> generators = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<Reinforcement> reinforcements = new ArrayList<>();
    private final Map<CompartmentGroup, CoreRange> placements = new LinkedHashMap<>();
    /** Per-compartment biases (in units of u) of the groups that have them; others use their prototype's. */
    private final Map<CompartmentGroup, int[]> biases = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();

    /** An empty network: add groups, generators and connections, then {@code Board.compile} it. */
    public Network() {
    }

    /** A reinforcement channel link: spikes of {@code source[index]} are the reward spikes of {@code rule}. */
    public record Reinforcement(SpikeSource source, int index, LearningRuleSpec rule) {
    }

    /** An explicit core range {@code [firstCore, endCore)} (global core ids: chip * 128 + core). */
    public record CoreRange(int firstCore, int endCore) {
        public CoreRange {
            if (firstCore < 0 || endCore <= firstCore) {
                throw new IllegalArgumentException("core range [" + firstCore + ", " + endCore + ") is empty or negative");
            }
        }
    }

    /** Adds a group of {@code size} compartments, all with {@code prototype}. */
    public CompartmentGroup createCompartmentGroup(String name, int size, CompartmentPrototype prototype) {
        checkName(name);
        if (size <= 0) {
            throw new IllegalArgumentException("compartment group " + name + ": size " + size + " must be positive");
        }
        if (prototype == null) {
            throw new IllegalArgumentException("compartment group " + name + ": prototype must not be null");
        }
        CompartmentGroup g = new CompartmentGroup(this, groups.size(), name, size, prototype);
        groups.add(g);
        names.add(name);
        return g;
    }

    /** Adds a host spike generator with {@code size} ports. */
    public SpikeGenerator createSpikeGenerator(String name, int size) {
        checkName(name);
        if (size <= 0 || size > (1 << 22)) {
            throw new IllegalArgumentException("spike generator " + name + ": size " + size
                    + " is outside 1..4194304");
        }
        SpikeGenerator g = new SpikeGenerator(this, generators.size(), name, size);
        generators.add(g);
        names.add(name);
        return g;
    }

    /**
     * Connects {@code source} to {@code target} with the synapses of {@code topology}, in the format of
     * {@code prototype}. Every weight is checked against the format's sign mode and every index against the sizes.
     */
    public Connection connect(SpikeSource source, CompartmentGroup target, ConnectionPrototype prototype,
                              Topology topology) {
        own(source);
        own(target);
        if (prototype == null || topology == null) {
            throw new IllegalArgumentException("connect " + source.name() + " -> " + target.name()
                    + ": prototype and topology must not be null");
        }
        String where = "connection " + source.name() + " -> " + target.name();
        if (topology.maxSource() >= source.size()) {
            throw new IllegalArgumentException(where + ": source index " + topology.maxSource()
                    + " is outside the source's " + source.size() + " compartments");
        }
        if (topology.maxTarget() >= target.size()) {
            throw new IllegalArgumentException(where + ": target index " + topology.maxTarget()
                    + " is outside the target's " + target.size() + " compartments");
        }
        Connection c = new Connection(connections.size(), source, target, prototype, topology);
        int n = topology.synapseCount();
        if (topology.format == null) {
            // one format: its range against the weights' extremes (kept by the topology), so that a valid connection
            // costs no pass
            SignMode sign = prototype.weightFormat().signMode();
            if (n == 0 || (topology.weightMin >= sign.minMantissa() && topology.weightMax <= sign.maxMantissa())) {
                connections.add(c);
                return c;
            }
        }
        for (int k = 0; k < n; k++) {
            WeightFormat f = c.synapseFormat(k);
            int w = topology.weight(k);
            // the message is built only for a bad weight: building it per synapse cost 100 ns each
            if (w < f.signMode().minMantissa() || w > f.signMode().maxMantissa()) {
                f.checkMantissa(w, where + " (synapse " + topology.source[k] + " -> " + topology.target[k] + ")");
            }
        }
        connections.add(c);
        return c;
    }

    /**
     * Makes spikes of {@code source[index]} the reward spikes of {@code rule}'s reinforcement channel. A reward
     * spike at t is seen by the learning phase of step t (r0) and adds the rule's r1 impulse.
     */
    public void connectReinforcement(SpikeSource source, int index, LearningRuleSpec rule) {
        own(source);
        if (index < 0 || index >= source.size()) {
            throw new IllegalArgumentException("reinforcement from " + source.name() + ": index " + index
                    + " is outside 0.." + (source.size() - 1));
        }
        for (Reinforcement r : reinforcements) {
            if (r.rule == rule) {
                throw new IllegalArgumentException("reinforcement channel of " + rule + " is already driven by "
                        + r.source.name() + "[" + r.index + "]; one source per channel");
            }
        }
        reinforcements.add(new Reinforcement(source, index, rule));
    }

    /**
     * Places {@code group} explicitly on cores {@code [firstCore, endCore)} the way the nBP authors did: each core
     * gets {@code ceil(N / (endCore - firstCore))} compartments, compartment i on core
     * {@code firstCore + i / perCore}. Groups placed on overlapping ranges share cores.
     */
    public void place(CompartmentGroup group, int firstCore, int endCore) {
        own(group);
        placements.put(group, new CoreRange(firstCore, endCore));
    }

    /**
     * Gives each compartment of {@code group} its own bias, {@code biasMant[i] << biasExp[i]} (the chip keeps bias
     * mantissa and exponent per compartment, in its compartment configuration; docs/loihi-semantics.md,
     * "Compartment (CUBA LIF), per step"); every other parameter stays the prototype's. Without it a compartment has
     * its prototype's bias. The arrays are copied; nothing is set when one value is out of range.
     *
     * @param biasMant 13-bit signed mantissas, -4096..4095, one per compartment
     * @param biasExp  exponents 0..7, one per compartment
     */
    public void setBiases(CompartmentGroup group, int[] biasMant, int[] biasExp) {
        own(group);
        if (biasMant == null || biasExp == null) {
            throw new IllegalArgumentException("setBiases " + group.name() + ": biasMant and biasExp must not be null");
        }
        if (biasMant.length != group.size() || biasExp.length != group.size()) {
            throw new IllegalArgumentException("setBiases " + group.name() + ": " + biasMant.length + " mantissas and "
                    + biasExp.length + " exponents for " + group.size() + " compartments");
        }
        int[] bias = new int[group.size()];
        for (int i = 0; i < bias.length; i++) {
            if (biasMant[i] < -4096 || biasMant[i] > 4095) {
                throw new IllegalArgumentException("setBiases " + group.name() + ": biasMant[" + i + "] = "
                        + biasMant[i] + " is outside -4096..4095");
            }
            if (biasExp[i] < 0 || biasExp[i] > 7) {
                throw new IllegalArgumentException("setBiases " + group.name() + ": biasExp[" + i + "] = "
                        + biasExp[i] + " is outside 0..7");
            }
            bias[i] = biasMant[i] << biasExp[i];
        }
        biases.put(group, bias);
    }

    /** The bias of compartment {@code i} of {@code group} in units of u: its own if set, else its prototype's. */
    public int bias(CompartmentGroup group, int i) {
        own(group);
        if (i < 0 || i >= group.size()) {
            throw new IllegalArgumentException("bias: index " + i + " is outside " + group.name() + "'s 0.."
                    + (group.size() - 1));
        }
        int[] b = biases.get(group);
        return b == null ? group.prototype().bias() : b[i];
    }

    /** Whether {@code group}'s compartments have their own biases ({@link #setBiases}). */
    public boolean hasOwnBiases(CompartmentGroup group) {
        own(group);
        return biases.containsKey(group);
    }

    private void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a group or generator needs a non-blank name");
        }
        if (names.contains(name)) {
            throw new IllegalArgumentException("the name " + name + " is already used in this network");
        }
    }

    private void own(SpikeSource s) {
        if (s == null) {
            throw new IllegalArgumentException("source or target must not be null");
        }
        Network owner = s instanceof CompartmentGroup g ? g.network() : ((SpikeGenerator) s).network();
        if (owner != this) {
            throw new IllegalArgumentException(s.name() + " belongs to another network");
        }
    }

    /** The groups in creation order. */
    public List<CompartmentGroup> groups() {
        return Collections.unmodifiableList(groups);
    }

    /** The spike generators in creation order. */
    public List<SpikeGenerator> generators() {
        return Collections.unmodifiableList(generators);
    }

    /** The connections in creation order. */
    public List<Connection> connections() {
        return Collections.unmodifiableList(connections);
    }

    /** The reinforcement links. */
    public List<Reinforcement> reinforcements() {
        return Collections.unmodifiableList(reinforcements);
    }

    /** The explicit placements (groups without one are packed automatically). */
    public Map<CompartmentGroup, CoreRange> placements() {
        return Collections.unmodifiableMap(placements);
    }

    /** Total number of compartments. */
    public int compartmentCount() {
        int n = 0;
        for (CompartmentGroup g : groups) {
            n += g.size();
        }
        return n;
    }
}
