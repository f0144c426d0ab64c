package io.github.loihiemu.core.chip;

import java.util.Arrays;

/**
 * Who sent spikes to whom in a step, at a cost per message rather than per pair of cores. Each worker thread owns an
 * {@link Outbox} per step parity: its senders announce each box they filled there, as (sender, box) under the box's
 * destination core. A destination then reads the announcements of every worker, merged in ascending sender order, so
 * spikes are delivered in the same order (cores by slot, then generators) whatever the number of threads and however
 * the cores are split among them; the learning engine's random draws depend on that order.
 *
 * <p>An outbox of parity p is written in the first half of the spiking phase of steps of parity p and read after the
 * barrier that follows; its owner clears it at the start of its next step of that parity, after the readers of the
 * previous one have passed a barrier (as with the mailboxes).
 */
final class SpikeExchange {
    private final int cores;
    /** [parity][worker]. */
    private Outbox[][] outboxes;
    /** Per destination, per worker: the read position in the merge (scratch of the destination's owner). */
    private final int[][] cursor;

    /** The announcements of one worker in one step parity, per destination core. */
    static final class Outbox {
        final int[] count;
        final int[][] sender;
        final int[][] box;
        private final int[] touched;
        private int touchedCount;

        Outbox(int[] capacity) {
            int cores = capacity.length;
            count = new int[cores];
            sender = new int[cores][];
            box = new int[cores][];
            int reached = 0;
            for (int d = 0; d < cores; d++) {
                sender[d] = new int[capacity[d]];
                box[d] = new int[capacity[d]];
                reached += capacity[d] > 0 ? 1 : 0;
            }
            touched = new int[reached];
        }

        void announce(int destination, int from, int boxIndex) {
            int c = count[destination];
            if (c == 0) {
                touched[touchedCount++] = destination;
            }
            sender[destination][c] = from;
            box[destination][c] = boxIndex;
            count[destination] = c + 1;
        }

        void clear() {
            for (int k = 0; k < touchedCount; k++) {
                count[touched[k]] = 0;
            }
            touchedCount = 0;
        }
    }

    SpikeExchange(int cores, int workers) {
        this.cores = cores;
        cursor = new int[cores][workers];
    }

    /**
     * Sizes the outboxes for a split of the senders among workers: {@code workerOf[q]} owns sender q, and
     * {@code mailboxes[q]} is one of its mailboxes. Called at build and when the scheduler re-splits the cores.
     */
    void assign(int[] workerOf, Mailbox[] mailboxes, int workers) {
        int[][] capacity = new int[workers][cores];
        for (int q = 0; q < mailboxes.length; q++) {
            for (int d : mailboxes[q].destination) {
                capacity[workerOf[q]][d]++;
            }
        }
        Outbox[][] o = new Outbox[2][workers];
        for (int p = 0; p < 2; p++) {
            for (int w = 0; w < workers; w++) {
                o[p][w] = new Outbox(capacity[w]);
            }
        }
        outboxes = o;
    }

    Outbox outbox(int parity, int worker) {
        return outboxes[parity][worker];
    }

    /**
     * Delivers to core {@code c} everything announced for it in a step of parity {@code parity}, in ascending sender
     * order; {@code mailboxes[q]} is sender q's mailbox of that parity. Returns the synaptic events.
     */
    long deliver(Neurocore c, int parity, Mailbox[] mailboxes, long t) {
        Outbox[] out = outboxes[parity];
        int d = c.slot;
        if (out.length == 1) {
            Outbox o = out[0];
            int n = o.count[d];
            int[] from = o.sender[d];
            int[] boxes = o.box[d];
            long events = 0;
            for (int k = 0; k < n; k++) {
                events += deliverBox(c, mailboxes[from[k]], boxes[k], t);
            }
            return events;
        }
        // merge the workers' announcements, each already in ascending sender order
        int[] at = cursor[d];
        Arrays.fill(at, 0);
        long events = 0;
        while (true) {
            int best = -1;
            int bestSender = Integer.MAX_VALUE;
            for (int w = 0; w < out.length; w++) {
                if (at[w] < out[w].count[d] && out[w].sender[d][at[w]] < bestSender) {
                    best = w;
                    bestSender = out[w].sender[d][at[w]];
                }
            }
            if (best < 0) {
                return events;
            }
            events += deliverBox(c, mailboxes[bestSender], out[best].box[d][at[best]], t);
            at[best]++;
        }
    }

    private static long deliverBox(Neurocore c, Mailbox m, int b, long t) {
        final short[] data = m.data;
        final int from = m.start[b];
        final int to = from + m.count[b];
        long events = 0;
        for (int k = from; k < to; k++) {
            int a = data[k];
            if (a >= 0) {
                events += c.deliver(a, t);
            } else {
                c.learning.reward(-a - 1, t);
            }
        }
        return events;
    }
}
