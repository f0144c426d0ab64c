package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.mapping.Limits;

import java.util.Arrays;

/**
 * The spike messages one sender (a neurocore, or the host for one generator) posts in one timestep, one box per
 * destination core it can reach. The sender writes during the first half of the spiking phase and then announces the
 * boxes it filled to the {@link SpikeExchange}; after the barrier each destination core reads its own boxes, so no
 * two threads ever write the same memory. Boxes exist only for destinations the routing can reach and are addressed
 * by their local index (routes are translated once, at build time), so a mailbox costs memory per route, never per
 * core of the board; capacities are exact (a sender fires each output axon at most once per step), so posting never
 * allocates.
 *
 * <p>All boxes of a mailbox share one flat array, box b owning {@code data[start[b] .. start[b + 1] - 1]}: an array per
 * box cost a 16-byte header and a reference per (sender, destination) pair, more than the few messages such a pair
 * carries under sparse, scattered connectivity. Messages are input axon numbers, or {@code -(r + 1)} for reward axon
 * r, held in a short: the mapper allows at most {@link Limits#INPUT_AXONS_PER_CORE} input axons, rewards included.
 */
final class Mailbox {
    /** The sender's id: its core slot, or core count + generator index. */
    final int sender;
    /** The destination core slot of each box, ascending. */
    final int[] destination;
    /** Where each box starts in {@link #data}, and its end as {@code start[boxes]}; shared with the twin. */
    final int[] start;
    final short[] data;
    final int[] count;
    /** Boxes posted to since the last clear, in first-post order. */
    private final int[] touched;
    private int touchedCount;

    /**
     * @param sender      the sender's id
     * @param destination the distinct destination core slots, ascending
     * @param start       where each box starts (index as {@code destination}), and the total as the last entry
     */
    private Mailbox(int sender, int[] destination, int[] start) {
        this.sender = sender;
        this.destination = destination;
        this.start = start;
        data = new short[start[destination.length]];
        count = new int[destination.length];
        touched = new int[destination.length];
    }

    /** Whether {@code axon} (an input axon, or {@code -(r + 1)} for reward axon r) fits a box entry. */
    static boolean fits(int axon) {
        return axon == (short) axon;
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
        int[] start = new int[n + 1];
        for (int o = 0; o < routeDestination.length; o++) {
            int k = Arrays.binarySearch(destination, routeDestination[o]);
            routeBox[o] = k;
            start[k + 1]++;
        }
        for (int k = 0; k < n; k++) {
            start[k + 1] += start[k];
        }
        return new Mailbox(sender, destination, start);
    }

    /** A second mailbox with the same boxes (the other step parity). */
    Mailbox twin() {
        return new Mailbox(sender, destination, start);
    }

    void post(int boxIndex, int axon) {
        int c = count[boxIndex];
        if (c == 0) {
            touched[touchedCount++] = boxIndex;
        }
        data[start[boxIndex] + c] = (short) axon;
        count[boxIndex] = c + 1;
    }

    /**
     * Announces this step's filled boxes to their destinations (before the barrier that ends routing). A box of one
     * message travels inside its announcement ({@link SpikeExchange#inline}): under scattered connectivity most
     * boxes hold one, and the destination then reads none of this mailbox's arrays, each a cache miss there.
     */
    void publish(SpikeExchange.Outbox out) {
        for (int k = 0; k < touchedCount; k++) {
            int b = touched[k];
            out.announce(destination[b], sender, count[b] == 1 ? SpikeExchange.inline(data[start[b]]) : b);
        }
    }

    void clear() {
        for (int k = 0; k < touchedCount; k++) {
            count[touched[k]] = 0;
        }
        touchedCount = 0;
    }
}
