package io.github.loihiemu.nir;

import io.github.loihiemu.nbp.io.Npy;
import io.github.loihiemu.nbp.io.NpyArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spike input for a graph from a numpy array [T, inputs]: bool or integer (int8, uint8, int16, int32, int64), one
 * row per step, 1 (or true) where a port spikes. The columns are the top-level Input nodes' elements, node after
 * node in file order, each row-major over its shape; an array [T, d1, d2, ...] whose trailing dimensions multiply to
 * the same count is taken alike. A port sends at most one spike per step (the chip's spike generators), so counts
 * above 1 are refused, as are negative ones.
 */
public final class NirInput {
    private NirInput() {
    }

    /** The top-level Input nodes and their sizes, in file order. */
    public static Map<String, Integer> inputSizes(NirGraph graph) {
        FlatGraph f = FlatGraph.of(graph);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String p : f.nodes.keySet()) {
            if (f.isTopInput(p)) {
                out.put(p, f.nodes.get(p).outputSize());
            }
        }
        return out;
    }

    /**
     * Reads a .npy file as the graph's input.
     *
     * @throws IllegalArgumentException with one line naming the file and the problem
     */
    public static Map<String, boolean[][]> read(Path npy, NirGraph graph) {
        NpyArray a;
        try {
            a = Npy.read(npy);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage().contains(npy.getFileName().toString()) ? e.getMessage()
                    : npy + ": " + e.getMessage(), e);
        }
        return of(a.shape(), a.data(), graph, npy.toString());
    }

    /** An integer array of shape [T, ...] (row-major data) as the graph's input; {@code source} names it in errors. */
    public static Map<String, boolean[][]> of(int[] shape, int[] data, NirGraph graph, String source) {
        Map<String, Integer> sizes = inputSizes(graph);
        int total = 0;
        for (int n : sizes.values()) {
            total += n;
        }
        if (shape.length < 1) {
            throw new IllegalArgumentException(source + ": a scalar; the input must be an array [T, " + total + "]");
        }
        int cols = 1;
        for (int d = 1; d < shape.length; d++) {
            cols *= shape[d];
        }
        if (shape.length == 1 || cols != total) {
            throw new IllegalArgumentException(source + ": shape " + Arrays.toString(shape) + ", but the graph's Input"
                    + " nodes " + sizes + " take [T, " + total + "]");
        }
        int steps = shape[0];
        Map<String, boolean[][]> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(sizes.keySet());
        int offset = 0;
        for (String name : names) {
            int n = sizes.get(name);
            boolean[][] s = new boolean[steps][n];
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < n; k++) {
                    int v = data[t * total + offset + k];
                    if (v < 0 || v > 1) {
                        throw new IllegalArgumentException(source + ": value " + v + " at row " + t + ", column "
                                + (offset + k) + "; a port spikes at most once per step, so the values must be 0 or 1");
                    }
                    s[t][k] = v == 1;
                }
            }
            out.put(name, s);
            offset += n;
        }
        return out;
    }
}
