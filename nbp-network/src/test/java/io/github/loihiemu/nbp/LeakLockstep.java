package io.github.loihiemu.nbp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Trains the chip and the reference on the same sample and asserts, after every sample, what must be equal when gate
 * leaks happen: W1, W2, W2T-, W2T+ and the chip's spikes outside their slots against the reference's leak counts.
 */
final class LeakLockstep {
    private final NbpReference ref;
    private final NbpChipSession chip;
    private long h1Slot1Before;
    private int sample;

    LeakLockstep(NbpReference ref, NbpChipSession chip) {
        this.ref = ref;
        this.chip = chip;
    }

    void train(int[] on, int n, int label) {
        ref.train(on, n, label);
        chip.train(on, n, label);
        int k = sample++;
        NbpWeights got = chip.weights();
        assertArrayEquals(ref.weights().w1(), got.w1(), "W1 after sample " + k);
        assertArrayEquals(ref.weights().w2(), got.w2(), "W2 after sample " + k);
        assertArrayEquals(ref.weights().w2tMinus(), got.w2tMinus(), "W2T- after sample " + k);
        assertArrayEquals(ref.tPlus(2), chip.board().weights(chip.circuit().plastic("o->h1T")),
                "W2T+ after sample " + k);
        // slot-1 and slot-2 leaks fall in the next window: the chip counts them during the next sample
        long expected = 3 * (ref.leaksSlot9() + h1Slot1Before + ref.outputLeaks() - ref.outputLeaksInNextWindow());
        assertEquals(expected, chip.totalSlotViolations(), "spikes outside their slots after sample " + k + ": "
                + chip.slotViolations());
        h1Slot1Before = ref.leaksSlot1();
    }
}
