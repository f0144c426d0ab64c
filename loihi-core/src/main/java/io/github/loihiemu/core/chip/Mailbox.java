package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.mapping.Limits;

import java.util.Arrays;

/**
 * A sender's view of where its spike messages go (a neurocore, or the host for one generator): one box per destination
 * core its routing can reach, addressed by local index (routes are translated once, at build time). Posting writes
 * the message straight into the per-destination list of the outbox the mailbox is bound to for the step (its worker's,
 * of the step's parity), so that the destination later reads one contiguous list per worker instead of a box in
 * every sender's memory (a cache miss per box under scattered connectivity). The box sizes are exact (a sender fires
 * each output axon at most once per step) and size the outboxes, so posting never allocates.
 *
 * <p>Messages are input axon numbers, or {@code -(r + 1)} for reward axon r, held in a short: the mapper allows at most
 * {@link Limits#INPUT_AXONS_PER_CORE} input axons, rewards included.
 */
final class Mailbox {
    /** The sender's id: its core slot, or core count + generator index. */
    final int sender;
    /** The destination core slot of each box, ascending. */
    final int[] destination;
    /** Where each box would start in a flat array of all its messages, and the total as {@code start[boxes]}. */
    final int[] start;
    /** Where this step's posts go. */
    private SpikeExchange.Outbox out;

    /**
     * @param sender      the sender's id
     * @param destination the distinct destination core slots, ascending
     * @param start       where each box starts (index as {@code destination}), and the total as the last entry
     */
    private Mailbox(int sender, int[] destination, int[] start) {
        this.sender = sender;
        this.destination = destination;
        this.start = start;
    }

    /** Whether {@code axon} (an input axon, or {@code -(r + 1)} for reward axon r) fits a message. */
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

    /** Sends this step's posts to {@code o} (before the sender's first post of the step). */
    void bind(SpikeExchange.Outbox o) {
        out = o;
    }

    void post(int boxIndex, int axon) {
        out.post(destination[boxIndex], sender, axon);
    }
}
