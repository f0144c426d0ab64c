package io.github.loihiemu.datasets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SampleTest {
    @Test
    void isImmutableAndComparedByContent() {
        int[] px = {3, 17, 399};
        Sample s = new Sample(px, 7);
        px[0] = 5;
        assertArrayEquals(new int[] {3, 17, 399}, s.onPixels());
        s.onPixels()[1] = 0;
        assertArrayEquals(new int[] {3, 17, 399}, s.onPixels());
        Sample t = new Sample(new int[] {3, 17, 399}, 7);
        assertEquals(s, t);
        assertEquals(s.hashCode(), t.hashCode());
        assertNotEquals(s, new Sample(new int[] {3, 17, 399}, 8));
        assertNotEquals(s, new Sample(new int[] {3, 17}, 7));
        assertEquals("Sample[label=7, onPixels=[3, 17, 399]]", s.toString());
    }
}
