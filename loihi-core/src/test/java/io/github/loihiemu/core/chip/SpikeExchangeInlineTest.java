package io.github.loihiemu.core.chip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A box of one message travels inside its announcement: every message a mailbox can hold (input axons and reward
 * axons {@code -(r + 1)}, a short each) comes back unchanged, and the announcement is negative, where box indices
 * are not.
 */
class SpikeExchangeInlineTest {
    @Test
    void everyShortMessageRoundTripsAndIsTellableFromABoxIndex() {
        for (int a = Short.MIN_VALUE; a <= Short.MAX_VALUE; a++) {
            int e = SpikeExchange.inline(a);
            assertTrue(e < 0, "announcement of " + a);
            assertEquals(a, (short) e, "message " + a);
        }
    }
}
