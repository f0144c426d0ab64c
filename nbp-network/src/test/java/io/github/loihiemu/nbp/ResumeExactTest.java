package io.github.loihiemu.nbp;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.datasets.BinarizedDataset;
import io.github.loihiemu.datasets.Dataset;
import io.github.loihiemu.datasets.Datasets;
import io.github.loihiemu.datasets.Split;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs that never lose work: a run checkpointed after a sample and resumed from the file is the uninterrupted run,
 * on either engine, even where gate leaks leave state behind at the sample boundary: W2T+ depressed apart from W2 by
 * output-family leaks in slots 7 and 11, and a W2 depression pending for slot 1 of the next sample (h1 and output
 * leaks firing together there).
 */
public class ResumeExactTest {
    /** Samples after which the checkpoint is written: a slot-1 depression is pending there, and W2T+ != W2^T. */
    private static final int CUT = 11;
    private static final int SAMPLES = 40;

    /**
     * The weights after every sample of the resumed run equal the uninterrupted run's (W1, W2, W2T-, W2T+ and the
     * pending slot-1 state), whichever engine wrote the checkpoint and whichever resumes it; a checkpoint without
     * W2T+ and the pending depression (as written before they were stored) parts from it. On these weights chip and
     * reference are equal through all 40 samples, with output leaks in slots 1, 2, 7, 9 and 11 and h1 leaks in
     * slots 1 and 9 (h1 and o leaking together in slot 1 after 6 of them).
     */
    @ParameterizedTest(name = "written on the chip: {0}, resumed on the chip: {1}")
    @CsvSource({"false, false", "true, true", "true, false", "false, true"})
    void aResumedRunIsTheUninterruptedOne(boolean writer, boolean resumer, @TempDir Path dir) throws Exception {
        BinarizedDataset train = Datasets.load(Dataset.MNIST20, Split.TRAIN);
        int[] order = train.shuffledOrder(3, 0);
        int[] buf = new int[400];
        NbpWeights init = leakyWeights(400, 80, 1);
        try (Engine whole = Engine.of(writer, init)) {
            for (int k = 0; k < CUT; k++) {
                int n = train.copyOnPixels(order[k], buf);
                whole.train(buf, n, train.label(order[k]));
            }
            NbpResumeState state = whole.state();
            NbpWeights w = whole.weights();
            assertTrue(state.slot1Pending(), "a slot-1 depression is pending after sample " + CUT);
            assertFalse(Arrays.equals(NbpResumeState.transpose(w.w2(), 400, 10), state.tPlus(2)),
                    "W2T+ has parted from W2 transposed");
            Path file = dir.resolve("ck.npz");
            NbpFiles.writeCheckpoint(file, w, state, new NbpFiles.Position(0, CUT, 3, Dataset.MNIST20, 0));
            NbpFiles.Checkpoint c = NbpFiles.readCheckpoint(file, 400);
            assertEquals(state, c.resumeState());
            try (Engine resumed = Engine.of(resumer, c.weights());
                 Engine legacy = Engine.of(resumer, c.weights())) {
                resumed.restore(c.resumeState());
                boolean parted = false;
                for (int k = CUT; k < SAMPLES; k++) {
                    int n = train.copyOnPixels(order[k], buf);
                    whole.train(buf, n, train.label(order[k]));
                    resumed.train(buf, n, train.label(order[k]));
                    legacy.train(buf, n, train.label(order[k]));
                    NbpWeights a = whole.weights();
                    NbpWeights b = resumed.weights();
                    assertArrayEquals(a.w1(), b.w1(), "W1 after sample " + k);
                    assertArrayEquals(a.w2(), b.w2(), "W2 after sample " + k);
                    assertArrayEquals(a.w2tMinus(), b.w2tMinus(), "W2T- after sample " + k);
                    NbpResumeState sa = whole.state();
                    NbpResumeState sb = resumed.state();
                    assertArrayEquals(sa.tPlus(2), sb.tPlus(2), "W2T+ after sample " + k);
                    assertArrayEquals(sa.slot1Hidden(), sb.slot1Hidden(), "slot-1 h1 leaks after sample " + k);
                    assertArrayEquals(sa.slot1Output(), sb.slot1Output(), "slot-1 output leaks after sample " + k);
                    parted |= !Arrays.equals(a.w2(), legacy.weights().w2())
                            || !legacy.state().equals(whole.state());
                }
                assertTrue(parted, "resumed as before W2T+ and the slot-1 state were stored, the run parts");
            }
        }
    }

    /**
     * {@code hidden} units: {@code big} with W1 in [80, 160] (forward sums above 9,216, so they leak in slot 1) and W2
     * in [-254, 254] (outputs 8 and 9: 254, sums above 17,344, so those leak in slots 7 and 11), the others with W1 in
     * [0, 4] (sums in the derivative window, so they carry δ1-) and W2 in [0, 180] (so δ1- makes the outputs leak in
     * slot 1). W2T- = -W2 transposed. Every sum stays within the chip's 22-bit dendritic accumulator (gate lifts
     * included), which the reference does not model: with W1 up to 254 the accumulators wrap and the engines part.
     */
    public static NbpWeights leakyWeights(int hidden, int big, long seed) {
        Random r = new Random(seed);
        int[] w1 = new int[400 * hidden];
        int[] w2 = new int[hidden * 10];
        int[] tm = new int[hidden * 10];
        for (int j = 0; j < hidden; j++) {
            boolean large = j < big;
            for (int i = 0; i < 400; i++) {
                w1[i * hidden + j] = large ? 2 * ((80 + r.nextInt(81)) / 2) : 2 * r.nextInt(3);
            }
            for (int c = 0; c < 10; c++) {
                int v = !large ? 2 * r.nextInt(91) : c >= 8 ? 254 : 2 * ((-254 + r.nextInt(509)) / 2);
                w2[j * 10 + c] = v;
                tm[c * hidden + j] = Math.min(NbpWeights.MAX, -v);
            }
        }
        return NbpWeights.of(400, hidden, 10, w1, w2, tm);
    }

    /** Either engine, through the calls a checkpointing run makes. */
    private interface Engine extends AutoCloseable {
        void train(int[] on, int n, int label);

        NbpWeights weights();

        NbpResumeState state();

        void restore(NbpResumeState s);

        @Override
        void close();

        static Engine of(boolean onChip, NbpWeights w) {
            if (onChip) {
                NbpChipSession chip = new NbpChipSession(w, BoardConfig.defaults(), false);
                return new Engine() {
                    public void train(int[] on, int n, int label) {
                        chip.train(on, n, label);
                    }

                    public NbpWeights weights() {
                        return chip.weights();
                    }

                    public NbpResumeState state() {
                        return chip.resumeState();
                    }

                    public void restore(NbpResumeState s) {
                        chip.restore(s);
                    }

                    public void close() {
                        chip.close();
                    }
                };
            }
            NbpReference ref = new NbpReference(w.copy());
            return new Engine() {
                public void train(int[] on, int n, int label) {
                    ref.train(on, n, label);
                }

                public NbpWeights weights() {
                    return ref.weights().copy();
                }

                public NbpResumeState state() {
                    return ref.resumeState();
                }

                public void restore(NbpResumeState s) {
                    ref.restore(s);
                }

                public void close() {
                }
            };
        }
    }
}
