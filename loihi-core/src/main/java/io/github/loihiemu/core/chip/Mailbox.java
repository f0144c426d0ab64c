package io.github.loihiemu.core.chip;

/**
 * The spike messages one source (a neurocore or the host) sends in one timestep, sorted by destination core. The
 * source writes during the first half of the spiking phase; after the barrier each destination core reads its own
 * box, so no two threads ever write the same memory. Capacities are exact (a source fires each output axon at most
 * once per step), so posting never allocates.
 */
final class Mailbox {
    final int[][] box;
    final int[] count;
    final int[] destinations;

    /** @param capacity messages per destination core slot (0: never sends there); not retained */
    Mailbox(int[] capacity) {
        box = new int[capacity.length][];
        count = new int[capacity.length];
        int d = 0;
        for (int c : capacity) {
            if (c > 0) {
                d++;
            }
        }
        destinations = new int[d];
        d = 0;
        for (int s = 0; s < capacity.length; s++) {
            if (capacity[s] > 0) {
                box[s] = new int[capacity[s]];
                destinations[d++] = s;
            }
        }
    }

    void post(int destination, int axon) {
        box[destination][count[destination]++] = axon;
    }

    void clear() {
        for (int d : destinations) {
            count[d] = 0;
        }
    }
}
