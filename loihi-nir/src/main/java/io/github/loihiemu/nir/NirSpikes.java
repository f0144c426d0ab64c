package io.github.loihiemu.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spikes of one run, of the float simulator or the chip, per node: every neuron node (an LI, I or CubaLI never
 * spikes) and every top-level Input node, by path as in {@link NirMapping}. A node's spikes are [step - 1][neuron],
 * neurons in the row-major order of its shape; an Input node's rows are the input rows as sent (row k stamped k).
 */
public final class NirSpikes {
    private final int steps;
    private final Map<String, boolean[][]> spikes;
    private final Map<String, String> outputs;

    NirSpikes(int steps, Map<String, boolean[][]> spikes, Map<String, String> outputs) {
        this.steps = steps;
        this.spikes = Collections.unmodifiableMap(new LinkedHashMap<>(spikes));
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** Steps run. */
    public int steps() {
        return steps;
    }

    /** The nodes with spikes, in file order. */
    public List<String> nodes() {
        return List.copyOf(spikes.keySet());
    }

    private boolean[][] raw(String node) {
        boolean[][] s = spikes.get(node);
        if (s == null) {
            throw new IllegalArgumentException("no neuron or Input node '" + node + "'; nodes: " + spikes.keySet());
        }
        return s;
    }

    /** A node's spikes, [step - 1][neuron] (a copy). */
    public boolean[][] spikes(String node) {
        boolean[][] s = raw(node);
        boolean[][] out = new boolean[s.length][];
        for (int t = 0; t < s.length; t++) {
            out[t] = s[t].clone();
        }
        return out;
    }

    /** The number of neurons (elements) of a node. */
    public int size(String node) {
        boolean[][] s = raw(node);
        return s.length == 0 ? 0 : s[0].length;
    }

    /** A node's spike count per neuron. */
    public long[] counts(String node) {
        boolean[][] s = raw(node);
        long[] c = new long[size(node)];
        for (boolean[] row : s) {
            for (int i = 0; i < row.length; i++) {
                c[i] += row[i] ? 1 : 0;
            }
        }
        return c;
    }

    /** A node's spikes summed over its neurons and the steps. */
    public long total(String node) {
        long t = 0;
        for (long c : counts(node)) {
            t += c;
        }
        return t;
    }

    /** For each top-level Output node, the node whose spikes it shows. */
    public Map<String, String> outputs() {
        return outputs;
    }

    /** The spikes an Output node shows, [step - 1][element]. */
    public boolean[][] outputSpikes(String outputNode) {
        String s = outputs.get(outputNode);
        if (s == null) {
            throw new IllegalArgumentException("no Output node '" + outputNode + "' that shows spikes; outputs: "
                    + outputs.keySet());
        }
        return spikes(s);
    }
}
