package io.github.loihiemu.nbp;

import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.nbp.io.Npy;
import io.github.loihiemu.nbp.io.NpyArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nBP's files as a public API, for research code and the CLI alike: weight files (NumPy {@code .npz} with W1 ..
 * W_{L+1}), checkpoints (the weights, every W_kT- and W_kT+, a pending slot-1 depression of W2, and the position;
 * see {@link #writeCheckpoint(Path, NbpWeights, NbpResumeState, Position)}) and presentation orders ({@code .npy} of
 * training-set indices). Every reader checks shapes, ranges and fields and names the file, the array and the first
 * bad entry; every writer writes atomically (see {@link Npy}). It lives beside {@link NbpWeights} rather than in the
 * {@code io} package so that {@code io} (the plain npy codec) depends on nothing of nBP.
 */
public final class NbpFiles {
    private NbpFiles() {
    }

    /**
     * Where a checkpoint stands: samples done ({@code position}) in epoch {@code epoch} (0-based), the run's seed and
     * data set, and the hash of its presentation order ({@link #orderHash}: 0 for the seeded shuffle, -1 when a
     * checkpoint from before orders were recorded does not say).
     */
    public record Position(int epoch, int position, long seed, Dataset dataset, long orderHash) {
    }

    /**
     * A checkpoint read back: its weights (with every W_kT-), what the next sample inherits besides them
     * ({@code resumeState}: W_kT+ and a pending slot-1 depression; from a checkpoint written before they were stored,
     * W_kT+ = W_k transposed and nothing pending) and its position.
     */
    public record Checkpoint(NbpWeights weights, NbpResumeState resumeState, int epoch, int position, long seed,
                             Dataset dataset, long orderHash) {
    }

    /** Reads a weight file's matrices for a data set of {@code inputs} inputs; every W_kT- starts as -W_k transposed. */
    public static NbpWeights readWeights(Path file, int inputs) throws IOException {
        return readWeights(file, inputs, false);
    }

    /**
     * Reads W1 [inputs, n1], W2 [n1, n2], ... up to the first missing W_k (the last must have 10 columns) from a
     * weight file. Each W_kT- (k &gt;= 2) is read from "W{k}T_minus" [n_k, n_{k-1}] when {@code withMinus} and present,
     * else starts as -W_k transposed (clipped to 254). A one-hidden-layer file is the paper's layout: W1, W2 (and a
     * checkpoint's W2T_minus).
     */
    static NbpWeights readWeights(Path file, int inputs, boolean withMinus) throws IOException {
        Map<String, NpyArray> a = Npy.readNpz(file);
        String name = file.getFileName().toString();
        if (a.get("W1") == null || a.get("W2") == null) {
            throw new IOException(name + ": needs arrays W1 and W2, found " + a.keySet());
        }
        java.util.List<int[]> mats = new java.util.ArrayList<>();
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        sizes.add(inputs);
        for (int k = 1; a.containsKey("W" + k); k++) {
            int[] s = a.get("W" + k).shape();
            int rows = sizes.get(k - 1);
            if (s.length != 2 || s[0] != rows) {
                throw new IOException(name + ": W" + k + " has shape " + java.util.Arrays.toString(s)
                        + ", expected [" + rows + ", " + (k == 1 ? "hidden" : "next layer") + "]");
            }
            sizes.add(s[1]);
            mats.add(a.get("W" + k).data());
        }
        int m = mats.size();
        if (sizes.get(m) != 10) {
            throw new IOException(name + ": the last matrix W" + m + " has " + sizes.get(m)
                    + " columns, expected 10 outputs");
        }
        int[] layers = sizes.stream().mapToInt(Integer::intValue).toArray();
        int[][] tm = new int[m][];
        for (int k = 2; k <= m; k++) {
            int rows = layers[k - 1];
            int cols = layers[k];
            NpyArray given = withMinus ? a.get("W" + k + "T_minus") : null;
            if (given != null) {
                try {
                    tm[k - 1] = given.requireShape("W" + k + "T_minus", cols, rows).data();
                } catch (IllegalArgumentException e) {
                    throw new IOException(name + ": " + e.getMessage(), e);
                }
                continue;
            }
            int[] w = mats.get(k - 1);
            int[] t = new int[cols * rows];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    t[j * rows + i] = Math.min(NbpWeights.MAX, -w[i * cols + j]);   // -(-256) = 256 is too big
                }
            }
            tm[k - 1] = t;
        }
        try {
            return NbpWeights.of(layers, mats.toArray(new int[0][]), tm);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a checkpoint of weights no run has trained yet (W_kT+ = W_k transposed, nothing pending); see
     * {@link #writeCheckpoint(Path, NbpWeights, NbpResumeState, Position)}.
     */
    public static void writeCheckpoint(Path file, NbpWeights w, Position p) throws IOException {
        writeCheckpoint(file, w, NbpResumeState.initial(w), p);
    }

    /**
     * Writes a checkpoint: every plastic matrix (W1, W2, ..., each W_kT- as "W{k}T_minus" and each W_kT+ as
     * "W{k}T_plus", [n_k, n_{k-1}], so a one-hidden-layer checkpoint holds W1, W2, W2T_minus, W2T_plus), the W2
     * depression pending for slot 1 of the next window as int32 index arrays "slot1_hidden" and "slot1_output" (the
     * h1 and output units that fire together there; both empty when none is pending), and the position as int32
     * array "state" = [epoch, samples done in it, seed high, seed low, data set ordinal, first hidden layer's size,
     * order hash high, order hash low]. That is everything the circuit carries across a sample boundary (see
     * {@link NbpResumeState}), so a run resumed from it, on either engine, ends with the same weights as an
     * uninterrupted one, gate leaks included.
     */
    public static void writeCheckpoint(Path file, NbpWeights w, NbpResumeState r, Position p) throws IOException {
        r.check(w.layers());
        Map<String, NpyArray> m = matrices(w);
        int[] l = w.layers();
        for (int k = 2; k < l.length; k++) {
            m.put("W" + k + "T_minus", NpyArray.of(l[k], l[k - 1], w.tMinus(k)));
        }
        for (int k = 2; k < l.length; k++) {
            m.put("W" + k + "T_plus", NpyArray.of(l[k], l[k - 1], r.tPlus(k)));
        }
        m.put("slot1_hidden", NpyArray.of(r.slot1Hidden()));
        m.put("slot1_output", NpyArray.of(r.slot1Output()));
        long order = Math.max(0, p.orderHash());
        m.put("state", NpyArray.of(new int[] {p.epoch(), p.position(), (int) (p.seed() >>> 32), (int) p.seed(),
            p.dataset().ordinal(), w.hidden(), (int) (order >>> 32), (int) order}));
        Npy.writeNpz(file, m);
    }

    /**
     * Reads a checkpoint for a data set of {@code inputs} inputs, checking every field: the arrays a checkpoint needs,
     * the state's length (8, or 6 from before the order was recorded), its data set, a position that is not negative,
     * and W_kT+ and the slot-1 units when present. A checkpoint written before W_kT+ and the pending slot-1
     * depression were stored resumes with W_kT+ = W_k transposed and nothing pending: exact unless an output-family
     * leak in slot 7 or 11, or one in slot 1 together with an h1 leak, happened before it was written.
     */
    public static Checkpoint readCheckpoint(Path file, int inputs) throws IOException {
        Map<String, NpyArray> c = Npy.readNpz(file);
        String name = file.getFileName().toString();
        NpyArray st = c.get("state");
        if (st == null || (st.data().length != 6 && st.data().length != 8) || c.get("W2T_minus") == null) {
            throw new IOException(name + ": not a checkpoint (needs W1, W2, W2T_minus and a state of 8 entries)");
        }
        int[] state = st.data();
        if (state[4] < 0 || state[4] >= Dataset.values().length) {
            throw new IOException(name + ": state names data set " + state[4] + ", not one of 0.."
                    + (Dataset.values().length - 1) + " " + java.util.Arrays.toString(Dataset.values()));
        }
        if (state[0] < 0 || state[1] < 0) {
            throw new IOException(name + ": state gives epoch " + state[0] + " and position " + state[1]
                    + "; neither may be negative");
        }
        NbpWeights weights = readWeights(file, inputs, true);
        for (int k = 3; k < weights.layers().length; k++) {
            if (c.get("W" + k + "T_minus") == null) {
                throw new IOException(name + ": not a checkpoint (needs W" + k + "T_minus for W" + k + ")");
            }
        }
        NbpResumeState resume = readResumeState(c, name, weights);
        long seed = ((long) state[2] << 32) | (state[3] & 0xFFFFFFFFL);
        long order = state.length == 8 ? ((long) state[6] << 32) | (state[7] & 0xFFFFFFFFL) : -1;
        return new Checkpoint(weights, resume, state[0], state[1], seed, Dataset.values()[state[4]], order);
    }

    /** W_kT+ and the slot-1 units of a checkpoint; those of untrained weights where it has none (older files). */
    private static NbpResumeState readResumeState(Map<String, NpyArray> c, String name, NbpWeights w)
            throws IOException {
        int[] l = w.layers();
        NbpResumeState initial = NbpResumeState.initial(w);
        int[][] tp = initial.tPlus();
        try {
            for (int k = 2; k < l.length; k++) {
                NpyArray given = c.get("W" + k + "T_plus");
                if (given != null) {
                    tp[k - 1] = given.requireShape("W" + k + "T_plus", l[k], l[k - 1]).data();
                }
            }
            NpyArray h = c.get("slot1_hidden");
            NpyArray o = c.get("slot1_output");
            if ((h == null) != (o == null)) {
                throw new IllegalArgumentException("has " + (h == null ? "slot1_output but no slot1_hidden"
                        : "slot1_hidden but no slot1_output"));
            }
            int[] hidden = h == null ? new int[0] : h.requireShape("slot1_hidden", h.data().length).data();
            int[] output = o == null ? new int[0] : o.requireShape("slot1_output", o.data().length).data();
            if ((hidden.length == 0) != (output.length == 0)) {
                throw new IllegalArgumentException("slot1_hidden has " + hidden.length + " units and slot1_output "
                        + output.length + "; a pending slot-1 depression needs both or neither");
            }
            NbpResumeState r = new NbpResumeState(tp, hidden, output);
            r.check(l);
            return r;
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a presentation order: a 1-d {@code .npy} of at least {@code needed} training-set indices, each within
     * 0..{@code datasetSize - 1}; errors name the file and the first bad index with its position.
     */
    public static int[] readOrder(Path file, int needed, int datasetSize) throws IOException {
        NpyArray a = Npy.read(file);
        int[] order = a.data();
        if (a.shape().length != 1 || order.length < needed) {
            throw new IOException(file.getFileName() + ": needs a 1-d array of at least " + needed
                    + " indices, has shape " + java.util.Arrays.toString(a.shape()));
        }
        for (int k = 0; k < order.length; k++) {
            if (order[k] < 0 || order[k] >= datasetSize) {
                throw new IOException(file.getFileName() + ": index " + order[k] + " at position " + k
                        + " is outside 0.." + (datasetSize - 1));
            }
        }
        return order;
    }

    /**
     * A 63-bit hash of a presentation order's indices (not of the file, so int32 and int64 files of one order agree);
     * 0 for no --order. Never negative, and never 0 for a given order.
     */
    public static long orderHash(int[] order) {
        if (order == null) {
            return 0;
        }
        long h = 0x9E3779B97F4A7C15L ^ order.length;
        for (int v : order) {
            h = (h ^ v) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        h &= Long.MAX_VALUE;
        return h == 0 ? 1 : h;
    }

    private static Map<String, NpyArray> matrices(NbpWeights w) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        int[] l = w.layers();
        for (int k = 1; k < l.length; k++) {
            m.put("W" + k, NpyArray.of(l[k - 1], l[k], w.matrix(k)));
        }
        return m;
    }

    /** Writes W1 .. W_{L+1} as a {@code .npz} (int32, [n_{k-1}, n_k]) that numpy reads; atomically. */
    public static void writeWeights(Path file, NbpWeights w) throws IOException {
        Npy.writeNpz(file, matrices(w));
    }

}
