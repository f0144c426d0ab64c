package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeInput;
import io.github.loihiemu.core.chip.SpikeProbe;
import io.github.loihiemu.core.chip.StateProbe;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.mapping.MappingPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a mapped graph on the emulated chip: the network compiled with {@link Board#compile}, each Input
 * node's spike generator driven with the input rows (row k stamped k), every compartment group of every neuron node
 * probed for spikes, and the board's energy report. The spikes come back per node in the node's own neuron order,
 * as {@link NirFloatSimulator} gives them, so the two compare element by element ({@link NirComparison}).
 */
public final class NirChipRun {
    private final NirSpikes spikes;
    private final EnergyReport energy;
    private final MappingPlan plan;
    /** Per neuron node u and v [step][neuron] in the chip's units, or null when not probed. */
    private final Map<String, int[][]> currents;
    private final Map<String, int[][]> voltages;

    private NirChipRun(NirSpikes spikes, EnergyReport energy, MappingPlan plan, Map<String, int[][]> currents,
                       Map<String, int[][]> voltages) {
        this.spikes = spikes;
        this.energy = energy;
        this.plan = plan;
        this.currents = currents;
        this.voltages = voltages;
    }

    /** Runs a graph with one Input node for as many steps as {@code input} has rows, with the default board. */
    public static NirChipRun run(NirMapping mapping, boolean[][] input) {
        if (mapping.inputs().size() != 1) {
            throw new IllegalArgumentException("chip run: the graph has " + mapping.inputs().size()
                    + " Input nodes; run(mapping, Map, steps, config) names each");
        }
        return run(mapping, Map.of(mapping.inputs().keySet().iterator().next(), input), input.length,
                BoardConfig.defaults());
    }

    /**
     * Runs {@code steps} steps. Row k of an Input node's array is sent stamped k (rows past the array's end send
     * nothing, so it may be shorter or longer than {@code steps}); Input nodes left out send nothing.
     *
     * @param config the board's settings (threads, seed, energy parameters)
     */
    public static NirChipRun run(NirMapping mapping, Map<String, boolean[][]> input, int steps, BoardConfig config) {
        return run(mapping, input, steps, config, false);
    }

    /**
     * Runs {@code steps} steps as {@link #run(NirMapping, Map, int, BoardConfig)} does; with {@code probeState}
     * also records every neuron's u and v in every step ({@link #currents}, {@link #voltages}).
     */
    public static NirChipRun run(NirMapping mapping, Map<String, boolean[][]> input, int steps, BoardConfig config,
                                 boolean probeState) {
        checkInput(mapping, input, steps);
        Map<String, boolean[][]> out = new LinkedHashMap<>();
        try (Board board = Board.compile(mapping.network(), mapping.boardConfig(config))) {
            Map<String, List<SpikeProbe>> probes = new LinkedHashMap<>();
            for (Map.Entry<String, List<NirMapping.Part>> e : mapping.neurons().entrySet()) {
                List<SpikeProbe> l = new ArrayList<>();
                for (NirMapping.Part p : e.getValue()) {
                    l.add(board.probeSpikes(p.group()));
                }
                probes.put(e.getKey(), l);
            }
            Map<String, List<StateProbe[]>> state = new LinkedHashMap<>();
            if (probeState) {
                for (Map.Entry<String, List<NirMapping.Part>> e : mapping.neurons().entrySet()) {
                    List<StateProbe[]> l = new ArrayList<>();
                    for (NirMapping.Part p : e.getValue()) {
                        l.add(new StateProbe[] {board.probeState(p.group(), StateProbe.Variable.CURRENT),
                            board.probeState(p.group(), StateProbe.Variable.VOLTAGE)});
                    }
                    state.put(e.getKey(), l);
                }
            }
            for (String name : mapping.inputs().keySet()) {
                int n = mapping.input(name).size();
                boolean[][] rec = new boolean[steps][n];
                boolean[][] a = input.get(name);
                if (a != null) {
                    SpikeInput si = board.spikeInput(mapping.input(name));
                    for (int t = 0; t < Math.min(steps, a.length); t++) {
                        for (int k = 0; k < n; k++) {
                            if (a[t][k]) {
                                si.addSpike(k, t);
                                rec[t][k] = true;
                            }
                        }
                    }
                }
                out.put(name, rec);
            }
            board.run(steps);
            for (Map.Entry<String, List<NirMapping.Part>> e : mapping.neurons().entrySet()) {
                int size = 0;
                for (NirMapping.Part p : e.getValue()) {
                    size += p.group().size();
                }
                boolean[][] rec = new boolean[steps][size];
                List<SpikeProbe> l = probes.get(e.getKey());
                for (int g = 0; g < l.size(); g++) {
                    SpikeProbe sp = l.get(g);
                    NirMapping.Part part = e.getValue().get(g);
                    for (int j = 0; j < sp.size(); j++) {
                        rec[(int) sp.time(j) - 1][part.neuron(sp.index(j))] = true;
                    }
                }
                out.put(e.getKey(), rec);
            }
            Map<String, int[][]> u = probeState ? new LinkedHashMap<>() : null;
            Map<String, int[][]> v = probeState ? new LinkedHashMap<>() : null;
            for (Map.Entry<String, List<StateProbe[]>> e : state.entrySet()) {
                int size = out.get(e.getKey())[0].length;
                int[][] us = new int[steps][size];
                int[][] vs = new int[steps][size];
                List<NirMapping.Part> parts = mapping.neurons().get(e.getKey());
                for (int g = 0; g < parts.size(); g++) {
                    StateProbe[] pr = e.getValue().get(g);
                    for (int s = 0; s < pr[0].samples(); s++) {
                        int t = (int) pr[0].time(s) - 1;
                        for (int i = 0; i < parts.get(g).group().size(); i++) {
                            us[t][parts.get(g).neuron(i)] = pr[0].value(s, i);
                            vs[t][parts.get(g).neuron(i)] = pr[1].value(s, i);
                        }
                    }
                }
                u.put(e.getKey(), us);
                v.put(e.getKey(), vs);
            }
            return new NirChipRun(new NirSpikes(steps, order(mapping, out), mapping.outputs()), board.energyReport(),
                    board.plan(), u, v);
        }
    }

    /** The nodes in the graph's (flat) order. */
    private static Map<String, boolean[][]> order(NirMapping mapping, Map<String, boolean[][]> out) {
        Map<String, boolean[][]> ordered = new LinkedHashMap<>();
        for (String path : FlatGraph.of(mapping.graph()).nodes.keySet()) {
            if (out.containsKey(path)) {
                ordered.put(path, out.get(path));
            }
        }
        return ordered;
    }

    static void checkInput(NirMapping mapping, Map<String, boolean[][]> input, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + " must not be negative");
        }
        for (Map.Entry<String, boolean[][]> e : input.entrySet()) {
            if (!mapping.inputs().containsKey(e.getKey())) {
                throw new IllegalArgumentException("no Input node '" + e.getKey() + "'; inputs: "
                        + mapping.inputs().keySet());
            }
            int n = mapping.input(e.getKey()).size();
            for (int t = 0; t < e.getValue().length; t++) {
                if (e.getValue()[t].length != n) {
                    throw new IllegalArgumentException("input '" + e.getKey() + "' row " + t + " has "
                            + e.getValue()[t].length + " elements; the Input node has " + n);
                }
            }
        }
    }

    /** The spikes per node. */
    public NirSpikes spikes() {
        return spikes;
    }

    /** Energy, time and operation counts of the run (loihi-core's model; docs/energy.md). */
    public EnergyReport energy() {
        return energy;
    }

    /** Where the network went: cores ({@code plan().coreCount()}), chips, resource use per core. */
    public MappingPlan plan() {
        return plan;
    }

    /** Whether the run recorded u and v. */
    public boolean hasState() {
        return currents != null;
    }

    /**
     * A neuron node's current u per step, [step][neuron] in the node's order, in the chip's units (docs/nir.md: v
     * in NIR's units is the chip's divided by the node's scale).
     *
     * @throws IllegalStateException if the run did not probe the state
     */
    public int[][] currents(String node) {
        return state(currents, node);
    }

    /** A neuron node's voltage v per step, as {@link #currents}. */
    public int[][] voltages(String node) {
        return state(voltages, node);
    }

    private static int[][] state(Map<String, int[][]> m, String node) {
        if (m == null) {
            throw new IllegalStateException("the chip run did not probe u and v (run with probeState)");
        }
        int[][] a = m.get(node);
        if (a == null) {
            throw new IllegalArgumentException("no neuron node '" + node + "'; neuron nodes: " + m.keySet());
        }
        return a;
    }
}
