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
    /** Destinations posted to since the last clear, in first-post order. */
    private final int[] touched;
    private int touchedCount;
    /**
     * The board's message counts, [destination][source]: this box publishes its column so that a destination finds
     * its senders by scanning one short row instead of asking every possible sender.
     */
    private int[][] inbox;
    private int source;

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
        touched = new int[d];
        for (int s = 0; s < capacity.length; s++) {
            if (capacity[s] > 0) {
                box[s] = new int[capacity[s]];
            }
        }
    }

    /** Connects this box to the board's count matrix as sender number {@code source}. */
    void attach(int[][] inbox, int source) {
        this.inbox = inbox;
        this.source = source;
    }

    void post(int destination, int axon) {
        int c = count[destination];
        if (c == 0) {
            touched[touchedCount++] = destination;
        }
        box[destination][c] = axon;
        count[destination] = c + 1;
    }

    /** Makes this step's counts visible in the board's matrix (before the barrier that ends routing). */
    void publish() {
        for (int k = 0; k < touchedCount; k++) {
            int d = touched[k];
            inbox[d][source] = count[d];
        }
    }

    void clear() {
        for (int k = 0; k < touchedCount; k++) {
            int d = touched[k];
            count[d] = 0;
            inbox[d][source] = 0;
        }
        touchedCount = 0;
    }
}
