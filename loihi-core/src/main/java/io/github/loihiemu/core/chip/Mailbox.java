package io.github.loihiemu.core.chip;

import java.util.Arrays;

/**
 * The spike messages one sender (a neurocore, or the host for one generator) posts in one timestep, one box per
 * destination core it can reach. The sender writes during the first half of the spiking phase and then announces the
 * boxes it filled to the {@link SpikeExchange}; after the barrier each destination core reads its own boxes, so no
 * two threads ever write the same memory. Boxes exist only for destinations the routing can reach and are addressed
 * by their local index (routes are translated once, at build time), so a mailbox costs memory per route, never per
 * core of the board; capacities are exact (a sender fires each output axon at most once per step), so posting never
 * allocates.
 */
final class Mailbox {
    /** The sender's id: its core slot, or core count + generator index. */
    final int sender;
    /** The destination core slot of each box, ascending. */
    final int[] destination;
    final int[][] box;
    final int[] count;
    /** Boxes posted to since the last clear, in first-post order. */
    private final int[] touched;
    private int touchedCount;

    /**
     * @param sender      the sender's id
     * @param destination the distinct destination core slots, ascending
     * @param capacity    messages per destination (index as {@code destination}), each at least 1
     */
    Mailbox(int sender, int[] destination, int[] capacity) {
        this.sender = sender;
        this.destination = destination;
        box = new int[destination.length][];
        for (int k = 0; k < destination.length; k++) {
            box[k] = new int[capacity[k]];
        }
        count = new int[destination.length];
        touched = new int[destination.length];
    }

    /**
     * The boxes for a sender's routes: {@code routeDestination[o]} is the destination core slot of route o. Returns the
     * mailbox, and writes into {@code routeBox[o]} the box index that route o posts to.
     */
    static Mailbox forRoutes(int sender, int[] routeDestination, int[] routeBox) {
        int[] distinct = routeDestination.clone();
        Arrays.sort(distinct);
        int n = 0;
        for (int k = 0; k < distinct.length; k++) {
            if (k == 0 || distinct[k] != distinct[k - 1]) {
                distinct[n++] = distinct[k];
            }
        }
        int[] destination = Arrays.copyOf(distinct, n);
        int[] capacity = new int[n];
        for (int o = 0; o < routeDestination.length; o++) {
            int k = Arrays.binarySearch(destination, routeDestination[o]);
            routeBox[o] = k;
            capacity[k]++;
        }
        return new Mailbox(sender, destination, capacity);
    }

    /** A second mailbox with the same boxes (the other step parity). */
    Mailbox twin() {
        int[] capacity = new int[box.length];
        for (int k = 0; k < box.length; k++) {
            capacity[k] = box[k].length;
        }
        return new Mailbox(sender, destination, capacity);
    }

    void post(int boxIndex, int axon) {
        int c = count[boxIndex];
        if (c == 0) {
            touched[touchedCount++] = boxIndex;
        }
        box[boxIndex][c] = axon;
        count[boxIndex] = c + 1;
    }

    /** Announces this step's filled boxes to their destinations (before the barrier that ends routing). */
    void publish(SpikeExchange.Outbox out) {
        for (int k = 0; k < touchedCount; k++) {
            int b = touched[k];
            out.announce(destination[b], sender, b);
        }
    }

    void clear() {
        for (int k = 0; k < touchedCount; k++) {
            count[touched[k]] = 0;
        }
        touchedCount = 0;
    }
}
