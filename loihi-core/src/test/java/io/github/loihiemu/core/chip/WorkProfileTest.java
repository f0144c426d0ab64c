package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The split by measured time looks at each step, not only at totals: cores that are busy in the same steps go to
 * different workers, and worker 0 carries the host's share.
 */
class WorkProfileTest {
    private static Neurocore[] cores(int count) {
        CompartmentPrototype[] protos = new CompartmentPrototype[4];
        Arrays.fill(protos, CompartmentPrototype.builder().build());
        Neurocore[] cores = new Neurocore[count];
        for (int s = 0; s < count; s++) {
            cores[s] = new Neurocore(s, s, protos, 2, Neurocore.SynapticMemory.empty(),
                    Neurocore.OutputAxons.none(4), 1);
        }
        return cores;
    }

    private static int[] slots(Neurocore[] share) {
        return Arrays.stream(share).mapToInt(c -> c.slot).toArray();
    }

    @Test
    void coresBusyInTheSameStepsGoToDifferentWorkers() {
        // cores 0 and 1 work in odd steps only (30 and 20 us), 2 and 3 in even steps only (25 us each). By totals
        // alone, largest first, 0 and 1 would share a worker (0 -> w0, 2 -> w1, 3 -> w1, 1 -> w0): 50 us in every
        // step; one odd and one even core per worker costs 30 and 25.
        Neurocore[] cores = cores(4);
        WorkProfile p = new WorkProfile(4, 1_000);
        for (long t = p.from + 1; t <= p.to; t++) {
            boolean odd = (t & 1) == 1;
            p.addCore(odd ? 0 : 2, t, WorkProfile.UPDATE, odd ? 30_000 : 25_000);
            p.addCore(odd ? 1 : 3, t, WorkProfile.UPDATE, odd ? 20_000 : 25_000);
        }
        Neurocore[][] share = p.split(cores, 2);
        // each worker gets one odd-step core and one even-step core: every step then costs one core's time
        int[] w0 = slots(share[0]);
        int[] w1 = slots(share[1]);
        assertEquals(2, w0.length);
        assertEquals(2, w1.length);
        assertEquals(1, (w0[0] < 2 ? 1 : 0) + (w0[1] < 2 ? 1 : 0), "worker 0: " + Arrays.toString(w0));
        assertEquals(1, (w1[0] < 2 ? 1 : 0) + (w1[1] < 2 ? 1 : 0), "worker 1: " + Arrays.toString(w1));
    }

    @Test
    void workerZeroCarriesTheHostsShare() {
        // three equal cores, and a host share as large as all three: worker 0 is best left with the host alone
        Neurocore[] cores = cores(3);
        WorkProfile p = new WorkProfile(3, 1_000);
        for (long t = p.from + 1; t <= p.to; t++) {
            for (int c = 0; c < 3; c++) {
                p.addCore(c, t, WorkProfile.DELIVERY, 5_000);
            }
            p.addHost(t, WorkProfile.END, 15_000);
        }
        Neurocore[][] share = p.split(cores, 2);
        assertEquals(0, share[0].length,
                "worker 0 already carries three cores' worth: " + Arrays.toString(slots(share[0])));
        assertArrayEquals(new int[] {0, 1, 2}, slots(share[1]));
    }
}
