package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.BoardConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same input through the emulated chip ({@link NirChipRun}) and the float simulator ({@link NirFloatSimulator},
 * NIR's equations at the mapping's dt, with the chip's timing), side by side: spike counts per node, the first step
 * where the spikes part, and whether the outputs agree.
 */
public final class NirComparison {

    /**
     * One neuron node.
     *
     * @param node            the node's path
     * @param size            its neurons
     * @param chipSpikes      spikes on the chip, summed over neurons and steps
     * @param floatSpikes     spikes in the float simulation
     * @param countDifference the sum over neurons of |chip count - float count|
     * @param firstDifference the first step (1-based) where some neuron spikes in one and not in the other; -1 if
     *                        the spikes are identical
     */
    public record NodeAgreement(String node, int size, long chipSpikes, long floatSpikes, long countDifference,
                                int firstDifference) {
    }

    /**
     * One Output node.
     *
     * @param output          the Output node
     * @param node            the node whose spikes it shows
     * @param chipCounts      spike count per element on the chip
     * @param floatCounts     spike count per element in the float simulation
     * @param firstDifference the first step where the spikes part, -1 if identical
     * @param chipMostActive  the element with the most spikes on the chip (the lowest on ties), -1 if none spiked
     * @param floatMostActive the same in the float simulation
     */
    public record OutputAgreement(String output, String node, long[] chipCounts, long[] floatCounts,
                                  int firstDifference, int chipMostActive, int floatMostActive) {
        /** Copies the arrays. */
        public OutputAgreement {
            chipCounts = chipCounts.clone();
            floatCounts = floatCounts.clone();
        }

        /** The spikes are identical in every step. */
        public boolean identical() {
            return firstDifference < 0;
        }

        /** The same element spiked most (the class a spike-count readout would choose). */
        public boolean sameMostActive() {
            return chipMostActive == floatMostActive;
        }
    }

    private final NirChipRun chip;
    private final NirSpikes floatSpikes;
    private final List<NodeAgreement> nodes = new ArrayList<>();
    private final List<OutputAgreement> outputs = new ArrayList<>();

    private NirComparison(NirMapping mapping, NirChipRun chip, NirSpikes flt) {
        this.chip = chip;
        this.floatSpikes = flt;
        NirSpikes c = chip.spikes();
        for (String node : mapping.neurons().keySet()) {
            long[] cc = c.counts(node);
            long[] fc = flt.counts(node);
            long diff = 0;
            for (int i = 0; i < cc.length; i++) {
                diff += Math.abs(cc[i] - fc[i]);
            }
            nodes.add(new NodeAgreement(node, cc.length, c.total(node), flt.total(node), diff,
                    firstDifference(c.spikes(node), flt.spikes(node))));
        }
        for (Map.Entry<String, String> e : mapping.outputs().entrySet()) {
            String node = e.getValue();
            long[] cc = c.counts(node);
            long[] fc = flt.counts(node);
            outputs.add(new OutputAgreement(e.getKey(), node, cc, fc, firstDifference(c.spikes(node),
                    flt.spikes(node)), mostActive(cc), mostActive(fc)));
        }
    }

    /** Runs a graph with one Input node for as many steps as {@code input} has rows, with the default board. */
    public static NirComparison run(NirMapping mapping, boolean[][] input) {
        if (mapping.inputs().size() != 1) {
            throw new IllegalArgumentException("comparison: the graph has " + mapping.inputs().size()
                    + " Input nodes; run(mapping, Map, steps, config) names each");
        }
        return run(mapping, Map.of(mapping.inputs().keySet().iterator().next(), input), input.length,
                BoardConfig.defaults());
    }

    /** Runs {@code steps} steps of the chip and of the float simulator on the same input (as {@link NirChipRun}). */
    public static NirComparison run(NirMapping mapping, Map<String, boolean[][]> input, int steps,
                                    BoardConfig config) {
        return run(mapping, input, steps, config, false);
    }

    /** As {@link #run(NirMapping, Map, int, BoardConfig)}; with {@code probeState} the chip run records u and v. */
    public static NirComparison run(NirMapping mapping, Map<String, boolean[][]> input, int steps,
                                    BoardConfig config, boolean probeState) {
        NirChipRun chip = NirChipRun.run(mapping, input, steps, config, probeState);
        NirSpikes flt = NirFloatSimulator.of(mapping).run(input, steps);
        return new NirComparison(mapping, chip, flt);
    }

    private static int firstDifference(boolean[][] a, boolean[][] b) {
        for (int t = 0; t < a.length; t++) {
            if (!Arrays.equals(a[t], b[t])) {
                return t + 1;
            }
        }
        return -1;
    }

    private static int mostActive(long[] counts) {
        int best = -1;
        long max = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > max) {
                max = counts[i];
                best = i;
            }
        }
        return best;
    }

    /** The chip's run (spikes, energy, plan). */
    public NirChipRun chip() {
        return chip;
    }

    /** The float simulation's spikes. */
    public NirSpikes floatSpikes() {
        return floatSpikes;
    }

    /** Per neuron node, in the mapping's order. */
    public List<NodeAgreement> nodes() {
        return List.copyOf(nodes);
    }

    /** The agreement of one neuron node. */
    public NodeAgreement node(String node) {
        for (NodeAgreement a : nodes) {
            if (a.node().equals(node)) {
                return a;
            }
        }
        throw new IllegalArgumentException("comparison: no neuron node '" + node + "'");
    }

    /** Per top-level Output node. */
    public List<OutputAgreement> outputs() {
        return List.copyOf(outputs);
    }

    /** The first step where any neuron node's spikes part, -1 if chip and float agree spike for spike. */
    public int firstDifference() {
        int first = -1;
        for (NodeAgreement a : nodes) {
            if (a.firstDifference() >= 0 && (first < 0 || a.firstDifference() < first)) {
                first = a.firstDifference();
            }
        }
        return first;
    }

    /** Every Output's spikes identical in every step. */
    public boolean outputsIdentical() {
        return outputs.stream().allMatch(OutputAgreement::identical);
    }

    /** A table: per neuron node, the counts and the first step where they part; per Output, the agreement. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-24s %7s %12s %12s %12s %12s%n", "neuron node", "size", "chip spikes",
                "float spikes", "sum |diff|", "first part"));
        for (NodeAgreement a : nodes) {
            s.append(String.format(Locale.ROOT, "%-24s %7d %12d %12d %12d %12s%n", a.node(), a.size(), a.chipSpikes(),
                    a.floatSpikes(), a.countDifference(), a.firstDifference() < 0 ? "never" : a.firstDifference()));
        }
        for (OutputAgreement o : outputs) {
            s.append(String.format(Locale.ROOT, "output %s (%s): %s; most active element: chip %d, float %d (%s)%n",
                    o.output(), o.node(), o.identical() ? "identical spikes"
                            : "spikes part at step " + o.firstDifference(),
                    o.chipMostActive(), o.floatMostActive(), o.sameMostActive() ? "same" : "different"));
        }
        return s.toString();
    }

    /** The comparison as one JSON object (nodes, outputs, firstDifference; -1 for never). */
    public String toJson() {
        StringBuilder s = new StringBuilder("{\"firstDifference\":").append(firstDifference())
                .append(",\"outputsIdentical\":").append(outputsIdentical()).append(",\"nodes\":[");
        for (int i = 0; i < nodes.size(); i++) {
            NodeAgreement a = nodes.get(i);
            s.append(i == 0 ? "" : ",").append("{\"node\":").append(Json.str(a.node())).append(",\"size\":")
                    .append(a.size()).append(",\"chipSpikes\":").append(a.chipSpikes()).append(",\"floatSpikes\":")
                    .append(a.floatSpikes()).append(",\"countDifference\":").append(a.countDifference())
                    .append(",\"firstDifference\":").append(a.firstDifference()).append('}');
        }
        s.append("],\"outputs\":[");
        for (int i = 0; i < outputs.size(); i++) {
            OutputAgreement o = outputs.get(i);
            s.append(i == 0 ? "" : ",").append("{\"output\":").append(Json.str(o.output())).append(",\"node\":")
                    .append(Json.str(o.node())).append(",\"identical\":").append(o.identical())
                    .append(",\"firstDifference\":").append(o.firstDifference()).append(",\"chipCounts\":")
                    .append(Arrays.toString(o.chipCounts()).replace(" ", "")).append(",\"floatCounts\":")
                    .append(Arrays.toString(o.floatCounts()).replace(" ", "")).append(",\"chipMostActive\":")
                    .append(o.chipMostActive()).append(",\"floatMostActive\":").append(o.floatMostActive())
                    .append('}');
        }
        return s.append("]}").toString();
    }
}
