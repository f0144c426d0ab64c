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
