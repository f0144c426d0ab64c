package io.github.loihiemu.nbp;

import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.nbp.io.Npy;
import io.github.loihiemu.nbp.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The public file API: what research code uses to do what the CLI does. */
class NbpFilesTest {
    @TempDir
    Path dir;

    @Test
    void weightsAndCheckpointsRoundTrip() throws Exception {
        NbpWeights w = NbpWeights.heInit(new int[] {400, 24, 16, 10}, 3);
        Path weights = dir.resolve("w.npz");
        NbpFiles.writeWeights(weights, w);
        NbpWeights back = NbpFiles.readWeights(weights, 400);
        assertArrayEquals(w.layers(), back.layers());
        for (int k = 1; k <= 3; k++) {
            assertArrayEquals(w.matrix(k), back.matrix(k), "W" + k);
        }
        Path ck = dir.resolve("ck.npz");
        long order = NbpFiles.orderHash(new int[] {5, 3, 1});
        NbpFiles.writeCheckpoint(ck, w, new NbpFiles.Position(2, 77, -5L, Dataset.FMNIST28, order));
        NbpFiles.Checkpoint c = NbpFiles.readCheckpoint(ck, 400);
        assertEquals(2, c.epoch());
        assertEquals(77, c.position());
        assertEquals(-5L, c.seed());
        assertEquals(Dataset.FMNIST28, c.dataset());
        assertEquals(order, c.orderHash());
        for (int k = 2; k <= 3; k++) {
            assertArrayEquals(w.tMinus(k), c.weights().tMinus(k), "W" + k + "T-");
        }
        // a weight file is not a checkpoint
        IOException e = assertThrows(IOException.class, () -> NbpFiles.readCheckpoint(weights, 400));
        assertEquals("w.npz: not a checkpoint (needs W1, W2, W2T_minus and a state of 8 entries)", e.getMessage());
    }

    /**
     * A checkpoint holds W2T+ and the pending slot-1 depression; one written before they were stored (W1, W2,
     * W2T_minus, state) still loads, with W2T+ = W2 transposed and nothing pending.
     */
    @Test
    void checkpointsCarryW2TPlusAndThePendingSlot1Depression() throws Exception {
        NbpWeights w = NbpWeights.heInit(400, 30, 10, 3);
        int[] tp = NbpResumeState.transpose(w.w2(), 30, 10);
        tp[7] -= 2;     // as a slot-7 output leak leaves it
        NbpResumeState r = new NbpResumeState(new int[][] {null, tp}, new int[] {4, 29}, new int[] {0, 9});
        Path ck = dir.resolve("ck.npz");
        NbpFiles.Position p = new NbpFiles.Position(0, 12, 3, Dataset.MNIST20, 0);
        NbpFiles.writeCheckpoint(ck, w, r, p);
        NbpFiles.Checkpoint c = NbpFiles.readCheckpoint(ck, 400);
        assertEquals(r, c.resumeState());
        assertArrayEquals(tp, c.resumeState().tPlus(2));
        assertArrayEquals(new int[] {4, 29}, c.resumeState().slot1Hidden());

        java.util.Map<String, NpyArray> a = Npy.readNpz(ck);
        java.util.Map<String, NpyArray> old = new java.util.LinkedHashMap<>(a);
        old.remove("W2T_plus");
        old.remove("slot1_hidden");
        old.remove("slot1_output");
        Path older = dir.resolve("older.npz");
        Npy.writeNpz(older, old);
        NbpResumeState o = NbpFiles.readCheckpoint(older, 400).resumeState();
        assertEquals(NbpResumeState.initial(w), o);
        assertArrayEquals(NbpResumeState.transpose(w.w2(), 30, 10), o.tPlus(2));
        assertEquals(0, o.slot1Output().length);

        // nothing pending is written as two empty arrays and read back so
        NbpFiles.writeCheckpoint(ck, w, p);
        assertEquals(NbpResumeState.initial(w), NbpFiles.readCheckpoint(ck, 400).resumeState());

        assertBad(a, "slot1_hidden", NpyArray.of(new int[] {4, 30}),
                "bad.npz: slot1_hidden[1] = 30 is outside 0..29 or not ascending");
        assertBad(a, "slot1_output", NpyArray.of(new int[0]),
                "bad.npz: slot1_hidden has 2 units and slot1_output 0; a pending slot-1 depression needs both or"
                        + " neither");
        assertBad(a, "W2T_plus", NpyArray.of(30, 10, new int[300]),
                "bad.npz: W2T_plus has shape [30, 10], expected [10, 30]");
        int[] odd = tp.clone();
        odd[31] = 3;
        assertBad(a, "W2T_plus", NpyArray.of(10, 30, odd),
                "bad.npz: W2T_plus[1, 1] = 3 is not an even value in [-256, 254]");
        java.util.Map<String, NpyArray> half = new java.util.LinkedHashMap<>(a);
        half.remove("slot1_output");
        Path bad = dir.resolve("bad.npz");
        Npy.writeNpz(bad, half);
        assertEquals("bad.npz: has slot1_hidden but no slot1_output",
                assertThrows(IOException.class, () -> NbpFiles.readCheckpoint(bad, 400)).getMessage());
    }

    private void assertBad(java.util.Map<String, NpyArray> good, String array, NpyArray value, String message)
            throws IOException {
        java.util.Map<String, NpyArray> m = new java.util.LinkedHashMap<>(good);
        m.put(array, value);
        Path bad = dir.resolve("bad.npz");
        Npy.writeNpz(bad, m);
        assertEquals(message, assertThrows(IOException.class, () -> NbpFiles.readCheckpoint(bad, 400)).getMessage());
    }

    @Test
    void ordersAreCheckedAndHashedByTheirIndices() throws Exception {
        Path o = dir.resolve("o.npy");
        Npy.write(o, NpyArray.of(new int[] {3, 1, 2, 9}));
        IOException range = assertThrows(IOException.class, () -> NbpFiles.readOrder(o, 4, 5));
        assertEquals("o.npy: index 9 at position 3 is outside 0..4", range.getMessage());
        IOException few = assertThrows(IOException.class, () -> NbpFiles.readOrder(o, 10, 50));
        assertEquals("o.npy: needs a 1-d array of at least 10 indices, has shape [4]", few.getMessage());
        assertArrayEquals(new int[] {3, 1, 2, 9}, NbpFiles.readOrder(o, 4, 10));
        assertEquals(0, NbpFiles.orderHash(null));
        assertEquals(NbpFiles.orderHash(new int[] {3, 1, 2}), NbpFiles.orderHash(new int[] {3, 1, 2}));
        assertThrows(AssertionError.class, () -> assertEquals(NbpFiles.orderHash(new int[] {3, 1, 2}),
                NbpFiles.orderHash(new int[] {1, 3, 2})));
    }
}
