package io.github.loihiemu.core.util;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParallelBuildTest {
    @Test
    void everyPieceRunsExactlyOnceOnAnyThreadCount() {
        for (int threads = 1; threads <= 5; threads++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(1000);
            ParallelBuild.forEach(1000, threads, runs::incrementAndGet);
            for (int i = 0; i < 1000; i++) {
                assertEquals(1, runs.get(i), "piece " + i + " on " + threads + " threads");
            }
        }
        ParallelBuild.forEach(0, 4, i -> {
            throw new AssertionError("no piece to run");
        });
    }

    @Test
    void theLowestFailingPieceIsReportedUnwrapped() {
        IllegalStateException first = new IllegalStateException("core 17 does not fit");
        for (int threads = 1; threads <= 4; threads++) {
            int t = threads;
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> ParallelBuild.forEach(100, t, i -> {
                        if (i == 17) {
                            throw first;
                        }
                        if (i == 60) {
                            throw new IllegalArgumentException("core 60");
                        }
                    }));
            assertSame(first, thrown);
        }
        OutOfMemoryError oom = new OutOfMemoryError("heap");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> ParallelBuild.forEach(10, 2, i -> {
            if (i == 5) {
                throw oom;
            }
        })));
    }
}
