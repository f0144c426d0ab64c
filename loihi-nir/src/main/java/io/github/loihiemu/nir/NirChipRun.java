package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeInput;
import io.github.loihiemu.core.chip.SpikeProbe;
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

    private NirChipRun(NirSpikes spikes, EnergyReport energy, MappingPlan plan) {
        this.spikes = spikes;
        this.energy = energy;
        this.plan = plan;
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
            return new NirChipRun(new NirSpikes(steps, order(mapping, out), mapping.outputs()), board.energyReport(),
                    board.plan());
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
}
