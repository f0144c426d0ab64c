package io.github.loihiemu.core.mapping;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a run of chip cores grows against the compute layout's size target per thread. */
class ComputeCapTest {
    @Test
    void aRunTakesACoreWhileItEndsNearerTheCap() {
        assertTrue(ComputeLayout.nearerCap(1200, 400, 2000));       // within the cap
        assertTrue(ComputeLayout.nearerCap(1636, 409, 2000));       // 45 over against 364 under
        assertFalse(ComputeLayout.nearerCap(2045, 364, 2000));      // already over the cap
        assertTrue(ComputeLayout.nearerCap(1200, 900, 2000));       // 100 over against 800 under
        assertFalse(ComputeLayout.nearerCap(1500, 1000, 2000));     // 500 over against 500 under: stays apart
    }

    @Test
    void neverBeyondTheLargestComputeCore() {
        assertTrue(ComputeLayout.nearerCap(3000, 1000, 4000));
        assertFalse(ComputeLayout.nearerCap(3500, 700, 4000));      // 4,200 > 4,096
    }
}
