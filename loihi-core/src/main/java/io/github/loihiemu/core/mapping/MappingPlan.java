package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.network.Network;

import java.util.Collections;
import java.util.List;

/**
 * The result of mapping a {@link Network} onto cores: one {@link CoreLayout} per used core, the routing of every spike
 * source, and where each connection's synapses went. Immutable after construction (arrays are not copied for speed;
 * callers must not modify them).
 */
public final class MappingPlan {
    private final Network network;
    private final MappingConfig config;
    private final CoreLayout[] cores;
    private final List<LearningRuleSpec> rules;
    /** Per group: local compartment position = (core slot, local index), core slot indexes {@link #cores}. */
    final int[][] groupCoreSlot;
    final int[][] groupLocal;
    /** Routing per group compartment (CSR over group index) and per generator port. */
    final Routing[] groupRouting;
    final Routing[] generatorRouting;
    /** Per connection: core slot and synapse index of each synapse (in the connection's synapse order). */
    final int[][] connectionSynapseCore;
    final int[][] connectionSynapseIndex;
    /**
     * For a plan without the synapse order: the axon layout whose lists still hold each core's synapses until
     * {@link #handOver} takes them (null: the layouts hold them).
     */
    private AxonLayout pending;
    /** The plan the emulator runs when it differs from this one (see {@link #compute()}); else null. */
    private MappingPlan compute;
    /** In a compute plan: per core slot, the slots of the chip plan's cores it runs (ascending); else null. */
    private int[][] members;

    /**
     * Output axons of a set of sources in CSR form: source i sends to {@code (destCoreSlot[k], destAxon[k])} for
     * {@code k in start[i] .. start[i+1]-1}; a negative destAxon {@code -(r+1)} is reward axon r of that core.
     */
    public record Routing(int[] start, int[] destCoreSlot, int[] destAxon) {
    }

    MappingPlan(Network network, MappingConfig config, CoreLayout[] cores, List<LearningRuleSpec> rules,
                int[][] groupCoreSlot, int[][] groupLocal, Routing[] groupRouting, Routing[] generatorRouting,
                int[][] connectionSynapseCore, int[][] connectionSynapseIndex, AxonLayout pending) {
        this.network = network;
        this.config = config;
        this.cores = cores;
        this.rules = rules;
        this.groupCoreSlot = groupCoreSlot;
        this.groupLocal = groupLocal;
        this.groupRouting = groupRouting;
        this.generatorRouting = generatorRouting;
        this.connectionSynapseCore = connectionSynapseCore;
        this.connectionSynapseIndex = connectionSynapseIndex;
        this.pending = pending;
        if (pending != null) {
            pending.outputs.clear();        // the routing tables hold what the board needs of them
        }
    }

    /** The network that was mapped. */
    public Network network() {
        return network;
    }

    /** The settings used. */
    public MappingConfig config() {
        return config;
    }

    /** Number of cores in use. */
    public int coreCount() {
        return cores.length;
    }

    /** The plan of the core in slot {@code slot} (slots are ordered by global core id). */
    public CoreLayout core(int slot) {
        return cores[slot];
    }

    /** The distinct learning rules of the network, in first-use order; rule indices refer to this list. */
    public List<LearningRuleSpec> rules() {
        return Collections.unmodifiableList(rules);
    }

    /** Core slot of compartment {@code index} of group {@code group}. */
    public int coreSlotOf(int group, int index) {
        return groupCoreSlot[group][index];
    }

    /** Local index on its core of compartment {@code index} of group {@code group}. */
    public int localIndexOf(int group, int index) {
        return groupLocal[group][index];
    }

    /** The core slot of every compartment of group {@code group} (the plan's own array: do not modify it). */
    public int[] groupCoreSlots(int group) {
        return groupCoreSlot[group];
    }

    /** The local index of every compartment of group {@code group} (the plan's own array: do not modify it). */
    public int[] groupLocalIndices(int group) {
        return groupLocal[group];
    }

    /** Routing of the compartments of group {@code group}. */
    public Routing groupRouting(int group) {
        return groupRouting[group];
    }

    /** Routing of the ports of generator {@code generator}. */
    public Routing generatorRouting(int generator) {
        return generatorRouting[generator];
    }

    /** Core slot of each synapse of connection {@code connection}. */
    public int[] connectionSynapseCore(int connection) {
        return connectionSynapseCore[connection];
    }

    /** Index in its core's synapse arrays of each synapse of connection {@code connection}. */
    public int[] connectionSynapseIndex(int connection) {
        return connectionSynapseIndex[connection];
    }

    /**
     * Hands over the layout of core {@code slot} and keeps in its place the same layout without synapses (no axons,
     * no synapse arrays; compartments, formats and resource use stay). For a plan that is built into a board and
     * then dropped: the board's builder takes each core's synapses in turn, so that the plan's copy of the synaptic
     * memory is released core by core while the board's own is built. Other holders of the plan see the
     * synapse-less layout from then on.
     */
    public CoreLayout handOver(int slot) {
        CoreLayout full = cores[slot];
        AxonLayout axons = pending;
        if (axons != null) {
            // the synapses are still in the axon layout's lists: hand them over and let the lists go
            full = new CoreLayout(full.id(), full.compartmentGroup(), full.compartmentIndex(),
                    axons.axonStart[slot].trimmed(), axons.axonConnection[slot].trimmed(),
                    axons.axonSource[slot].trimmed(), axons.targetInts(slot),
                    axons.weightInts(slot), axons.synapseDelay[slot].trimmed(),
                    axons.formatInts(slot), full.formats(), full.rewardRule(), full.usage());
            axons.release(slot);
            return full;
        }
        stripSynapses(slot);
        return full;
    }

    /** Keeps in place of core {@code slot}'s layout the same layout without axons and synapses. */
    private void stripSynapses(int slot) {
        CoreLayout full = cores[slot];
        int[] none = new int[0];
        cores[slot] = new CoreLayout(full.id(), full.compartmentGroup(), full.compartmentIndex(), new int[] {0}, none,
                none, none, none, none, none, full.formats(), full.rewardRule(), full.usage());
    }

    /**
     * The synaptic memory of one core as a board's builder takes it ({@link #synapses}): axon a owns synapses
     * {@code axonStart[a] .. axonStart[a+1]-1}; synapse k has {@code target[k]}, {@code weight[k]}, and delay
     * {@code delay[k]} and format index {@code format[k]}, or, where {@code delay} is null, {@link #uniformDelay}.
     * Where {@code format} is null, every synapse of axon a has format {@code axonFormat[a]}, or, where that is null
     * too, {@link #uniformFormat}. Targets and weights come in the types a
     * neurocore keeps (a local index in a char, a mantissa in a short) and, like {@code delay} and {@code format},
     * are the caller's to keep ({@code axonFormat} too); {@code axonStart} may be the plan's own and must not be
     * modified.
     */
    public record Synapses(int[] axonStart, char[] target, short[] weight, int[] delay, int uniformDelay, int[] format,
                           int[] axonFormat, int uniformFormat) {
        /** The delays as an array, whether or not they are uniform. */
        public int[] delays() {
            return delay != null ? delay : filled(uniformDelay);
        }

        /** The format indices as an array, whether they are per synapse, per axon or uniform. */
        public int[] formats() {
            if (format != null) {
                return format;
            }
            int[] a = filled(uniformFormat);
            if (axonFormat != null) {
                for (int x = 0; x < axonFormat.length; x++) {
                    java.util.Arrays.fill(a, axonStart[x], axonStart[x + 1], axonFormat[x]);
                }
            }
            return a;
        }

        private int[] filled(int v) {
            int[] a = new int[target.length];
            java.util.Arrays.fill(a, v);
            return a;
        }
    }

    /**
     * The synapses of core {@code slot} for building its neurocore. With {@code take} the plan lets them go (as
     * {@link #handOver} does; a board built from a plan that is then dropped takes each core's synapses in turn, so
     * that the plan's copy is released core by core), and uniform delays and formats come as one value instead of an
     * array per synapse; without, delays and formats are copies and the plan keeps its layout.
     */
    public Synapses synapses(int slot, boolean take) {
        AxonLayout axons = pending;
        if (take && axons != null) {
            IntList d = axons.synapseDelay[slot];
            IntList f = axons.formatPerSynapse[slot] ? axons.synapseFormat[slot] : axons.axonFormat[slot];
            boolean perAxon = !axons.formatPerSynapse[slot] && !f.isConstant();
            Synapses taken = new Synapses(axons.axonStart[slot].trimmed(), axons.synapseTarget[slot],
                    axons.synapseWeight[slot], d.isConstant() ? null : d.trimmed(), d.constantValue(),
                    f.isConstant() || perAxon ? null : f.trimmed(), perAxon ? f.trimmed() : null,
                    f.constantValue());
            axons.release(slot);
            return taken;
        }
        CoreLayout full = cores[slot];
        if (take) {
            stripSynapses(slot);
        }
        int[] delay = full.ownSynapseDelay();
        int[] format = full.ownSynapseFormat();
        int[] target = full.ownSynapseTarget();
        int[] weight = full.ownSynapseWeight();
        char[] t = new char[target.length];
        short[] w = new short[weight.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = (char) target[k];
            w[k] = (short) weight[k];
        }
        return new Synapses(full.ownAxonStart(), t, w,
                take ? delay : delay.clone(), 0, take ? format : format.clone(), null, 0);
    }

    /** Per core: synapses of plastic connections; set by the mapper. */
    private long[] plasticSynapses;

    void setPlasticSynapses(long[] plastic) {
        this.plasticSynapses = plastic;
    }

    /** The synapses of plastic connections on core {@code slot}: what its learning engine reports at each epoch. */
    public long plasticSynapses(int slot) {
        return plasticSynapses[slot];
    }

    /** Forgets the synapses still waiting to be handed over: a board is built from the compute plan instead. */
    void dropPending() {
        pending = null;
    }

    void setCompute(MappingPlan compute) {
        this.compute = compute;
    }

    void setMembers(int[][] members) {
        this.members = members;
    }

    /**
     * The plan the emulator runs: this plan, or (with {@link MappingConfig#computeLayout()}) a plan whose cores each
     * run one or more of this plan's neighbouring cores as one compute core, which cuts the messages a spike takes
     * when groups are spread thinly over many cores. Only cores whose every result provably does not depend on the
     * grouping are merged (no noise, no learning rule that can draw a random number, shared core settings); every
     * counter is still charged to this plan's cores, so the energy report and {@code Board.counters} are the same.
     */
    public MappingPlan compute() {
        return compute == null ? this : compute;
    }

    /**
     * In a plan returned by {@link #compute()} that differs from its chip plan: the chip plan's core slots that
     * compute core {@code slot} runs, ascending, its compartments in that order; else just {@code slot}.
     */
    public int[] chipSlots(int slot) {
        return members == null ? new int[] {slot} : members[slot].clone();
    }

    /** Whether this is a compute plan that merged chip cores. */
    public boolean merged() {
        return members != null;
    }

    /** Number of distinct chips touched. */
    public int chipCount() {
        int chips = 0;
        int last = -1;
        for (CoreLayout c : cores) {
            int chip = c.id() / Limits.CORES_PER_CHIP;
            if (chip != last) {
                chips++;
                last = chip;
            }
        }
        return chips;
    }

    /** Number of distinct tiles (4 cores each) touched. */
    public int tileCount() {
        int tiles = 0;
        int last = -1;
        for (CoreLayout c : cores) {
            int tile = c.id() / 4;
            if (tile != last) {
                tiles++;
                last = tile;
            }
        }
        return tiles;
    }
}
