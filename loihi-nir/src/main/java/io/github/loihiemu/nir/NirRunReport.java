package io.github.loihiemu.nir;

import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.nbp.io.Npy;
import io.github.loihiemu.nbp.io.NpyArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@link NirRunner#run} produced: the spikes of the engines that ran, spike counts per node, on the chip the
 * cores, chips and the energy report (energy and time per phase, energy-delay product), and with both engines their
 * agreement. Prints for people ({@link #toString}), as one JSON object ({@link #toJson}), and saves the Output
 * nodes' spikes as .npz ({@link #save}).
 */
public final class NirRunReport {
    private final NirRunner.Engine engine;
    private final NirTimestep timestep;
    private final int steps;
    private final long inputSpikes;
    private final int inputPorts;
    private final NirMapping mapping;
    private final NirChipRun chip;
    private final NirSpikes flt;
    private final NirComparison comparison;

    NirRunReport(NirRunner.Engine engine, NirTimestep timestep, int steps, Map<String, boolean[][]> input, NirMapping mapping,
                 NirChipRun chip, NirSpikes flt, NirComparison comparison) {
        this.engine = engine;
        this.timestep = timestep;
        this.steps = steps;
        long n = 0;
        int ports = 0;
        for (boolean[][] a : input.values()) {
            ports += a.length == 0 ? 0 : a[0].length;
            for (int t = 0; t < Math.min(steps, a.length); t++) {
                for (boolean b : a[t]) {
                    n += b ? 1 : 0;
                }
            }
        }
        this.inputSpikes = n;
        this.inputPorts = ports;
        this.mapping = mapping;
        this.chip = chip;
        this.flt = flt;
        this.comparison = comparison;
    }

    /** The engine that ran. */
    public NirRunner.Engine engine() {
        return engine;
    }

    /** The timestep of the mapping and the float simulation, and where it came from. */
    public NirTimestep timestep() {
        return timestep;
    }

    /** Steps run. */
    public int steps() {
        return steps;
    }

    /** The mapping (null for the float engine). */
    public NirMapping mapping() {
        return mapping;
    }

    /** The chip's run (null for the float engine). */
    public NirChipRun chip() {
        return chip;
    }

    /** The float simulation's spikes (null for the chip engine). */
    public NirSpikes floatSpikes() {
        return flt;
    }

    /** Chip against float (only with both engines, else null). */
    public NirComparison comparison() {
        return comparison;
    }

    /** The chip's energy report (null for the float engine). */
    public EnergyReport energy() {
        return chip == null ? null : chip.energy();
    }

    private NirSpikes any() {
        return chip != null ? chip.spikes() : flt;
    }

    /**
     * Saves each Output node's spikes as an int32 array [steps, elements] (1 where it spiked) in an .npz archive:
     * named by the Output node for one engine, {@code NAME_chip} and {@code NAME_float} for both; when the chip run
     * probed the state, also {@code u_NODE} and {@code v_NODE}, int32 [steps, neurons] in the chip's units, for every
     * neuron node.
     */
    public void save(Path npz) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        if (chip != null) {
            put(arrays, chip.spikes(), flt != null ? "_chip" : "");
        }
        if (flt != null) {
            put(arrays, flt, chip != null ? "_float" : "");
        }
        if (chip != null && chip.hasState()) {
            for (String node : mapping.neurons().keySet()) {
                arrays.put("u_" + node, matrix(chip.currents(node)));
                arrays.put("v_" + node, matrix(chip.voltages(node)));
            }
        }
        Npy.writeNpz(npz, arrays);
    }

    private static NpyArray matrix(int[][] a) {
        int n = a.length == 0 ? 0 : a[0].length;
        int[] data = new int[a.length * n];
        for (int t = 0; t < a.length; t++) {
            System.arraycopy(a[t], 0, data, t * n, n);
        }
        return new NpyArray(new int[] {a.length, n}, data);
    }

    /**
     * Draws a spike raster of every Input and neuron node (one band per node, one column per step) as a PNG: the
     * chip's spikes, or the float simulation's when the chip did not run.
     */
    public void saveRaster(Path png) throws IOException {
        String which = chip != null ? "chip" : "float";
        RasterPng.write(any(), String.format(Locale.ROOT, "%s spikes, %d steps, dt %s", which, steps, timestep),
                png);
    }

    private static void put(Map<String, NpyArray> arrays, NirSpikes s, String suffix) {
        for (String out : s.outputs().keySet()) {
            boolean[][] a = s.outputSpikes(out);
            int n = a.length == 0 ? 0 : a[0].length;
            int[] data = new int[a.length * n];
            for (int t = 0; t < a.length; t++) {
                for (int k = 0; k < n; k++) {
                    data[t * n + k] = a[t][k] ? 1 : 0;
                }
            }
            arrays.put(out + suffix, new NpyArray(new int[] {a.length, n}, data));
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "engine %s, dt %s, %d steps; input: %d ports, %d spikes%n",
                engine.name().toLowerCase(Locale.ROOT), timestep, steps, inputPorts, inputSpikes));
        if (chip != null) {
            s.append(String.format(Locale.ROOT, "chip: %d core(s) on %d chip(s); energy parameters %s%n",
                    chip.plan().coreCount(), chip.plan().chipCount(), chip.energy().parameterSet()));
        }
        s.append(String.format(Locale.ROOT, "%n%-24s %7s %12s %12s%n", "spikes per node", "size",
                chip != null ? "chip" : "", flt != null ? "float" : ""));
        for (String node : nodesInOrder()) {
            NirSpikes a = any();
            s.append(String.format(Locale.ROOT, "%-24s %7d %12s %12s%n", node, a.size(node),
                    chip != null ? Long.toString(chip.spikes().total(node)) : "",
                    flt != null ? Long.toString(flt.total(node)) : ""));
        }
        if (chip != null) {
            EnergyReport e = chip.energy();
            s.append('\n').append(e);
            s.append(String.format(Locale.ROOT, "energy-delay product %.6g uJ*us (%.6g uJ over %.6g us); per step %.6g"
                            + " uJ and %.6g us%n", e.totalEnergyPj() * 1e-6 * e.totalTimeNs() * 1e-3,
                    e.totalEnergyPj() * 1e-6, e.totalTimeNs() * 1e-3,
                    steps == 0 ? 0 : e.totalEnergyPj() * 1e-6 / steps, steps == 0 ? 0 : e.totalTimeNs() * 1e-3 / steps));
        }
        if (comparison != null) {
            s.append("\nchip against float\n").append(comparison);
        }
        return s.toString();
    }

    /** The neuron nodes and Input nodes, in the graph's order. */
    private Set<String> nodesInOrder() {
        return new LinkedHashSet<>(any().nodes());
    }

    /** The report as one JSON object. */
    public String toJson() {
        StringBuilder s = new StringBuilder("{");
        s.append("\"engine\":").append(Json.str(engine.name().toLowerCase(Locale.ROOT))).append(",\"dt\":")
                .append(Json.num(timestep.dt())).append(",\"dtSource\":")
                .append(Json.str(timestep.source().name().toLowerCase(Locale.ROOT))).append(",\"steps\":").append(steps).append(",\"inputPorts\":")
                .append(inputPorts).append(",\"inputSpikes\":").append(inputSpikes);
        if (chip != null) {
            s.append(",\"cores\":").append(chip.plan().coreCount()).append(",\"chips\":")
                    .append(chip.plan().chipCount());
        }
        s.append(",\"nodes\":[");
        boolean first = true;
        for (String node : nodesInOrder()) {
            s.append(first ? "" : ",").append("{\"node\":").append(Json.str(node)).append(",\"size\":")
                    .append(any().size(node));
            if (chip != null) {
                s.append(",\"chipSpikes\":").append(chip.spikes().total(node));
            }
            if (flt != null) {
                s.append(",\"floatSpikes\":").append(flt.total(node));
            }
            s.append('}');
            first = false;
        }
        s.append(']');
        if (chip != null) {
            EnergyReport e = chip.energy();
            s.append(",\"energy\":").append(e.toJson()).append(",\"energyDelayProductUjUs\":")
                    .append(Json.num(e.totalEnergyPj() * 1e-6 * e.totalTimeNs() * 1e-3));
        }
        if (comparison != null) {
            s.append(",\"agreement\":").append(comparison.toJson());
        }
        return s.append('}').toString();
    }
}
