package io.github.loihiemu.core.chip;

import java.util.Arrays;

/**
 * Who sent spikes to whom in a step, at a cost per message rather than per pair of cores. Each worker thread owns an
 * {@link Outbox} per step parity: its senders announce each box they filled there, as (sender, box) under the box's
 * destination core. A destination with a learning engine then reads the announcements of every worker, merged in
 * ascending sender order, so spikes are delivered in the same order (cores by slot, then generators) whatever the
 * number of threads and however the cores are split among them; the learning engine's random draws depend on that
 * order. Other destinations take them worker by worker: their sums do not depend on the order.
 *
 * <p>An outbox of parity p is written in the first half of the spiking phase of steps of parity p and read after the
 * barrier that follows; its owner clears it at the start of its next step of that parity, after the readers of the
 * previous one have passed a barrier (as with the mailboxes).
 */
final class SpikeExchange {
    private final int cores;
    /** [parity][worker]. */
    private Outbox[][] outboxes;
    /**
     * Per destination: the heap of the workers that announced something, and per worker its read position, for the
     * merge (scratch of the destination's owner).
     */
    private final int[][] cursor;
    private final int[][] liveScratch;

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

        /** @param boxIndex the box's index in the sender's mailbox, or its one message ({@link #inline}) */
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

    /**
     * An announcement that carries its box's one message, axon {@code a} (16 bits, reward axons negative), instead of
     * the box's index: negative, where box indices are not.
     */
    static int inline(int a) {
        return Integer.MIN_VALUE | (a & 0xFFFF);
    }

    SpikeExchange(int cores, int workers) {
        this.cores = cores;
        cursor = new int[cores][workers];
        liveScratch = new int[cores][workers];
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
     * Delivers to core {@code c} everything announced for it in a step of parity {@code parity}; {@code mailboxes[q]}
     * is sender q's mailbox of that parity, through the worker's batch (the caller flushes it; the core's counters
     * receive the synaptic events).
     *
     * <p>Only a core with a learning engine needs the messages in ascending sender order (its pre-spike list, and so
     * its random draws, follow arrival order); it merges the workers' announcements, each already in that order,
     * through a heap of the workers that announced something. Every other core adds into plain int accumulators,
     * whose modular sums do not depend on the order, so it takes each worker's announcements in turn: a merge that
     * scans every worker per message costs more with every thread added.
     */
    void deliver(Neurocore c, int parity, Mailbox[] mailboxes, long t, DeliveryBatch batch) {
        Outbox[] out = outboxes[parity];
        int d = c.slot;
        if (c.learning != null) {
            batch = null;              // delivered message by message: see DeliveryBatch
        }
        if (out.length == 1 || c.learning == null) {
            for (Outbox o : out) {
                deliverAll(c, o, mailboxes, t, batch);
            }
            return;
        }
        int[] live = liveScratch[d];
        int m = 0;
        for (int w = 0; w < out.length; w++) {
            if (out[w].count[d] > 0) {
                live[m++] = w;
            }
        }
        if (m == 1) {
            deliverAll(c, out[live[0]], mailboxes, t, batch);
            return;
        }
        // a binary min-heap of the live workers keyed by their next sender: log2(m) comparisons per box instead of a
        // scan of every worker (each sender occurs once per destination, so keys never tie)
        int[] at = cursor[d];
        int[] heap = live;
        for (int j = 0; j < m; j++) {
            at[heap[j]] = 0;
        }
        for (int j = m / 2 - 1; j >= 0; j--) {
            siftDown(heap, j, m, out, at, d);
        }
        while (m > 0) {
            int w = heap[0];
            Outbox o = out[w];
            int k = at[w]++;
            int e = o.box[d][k];
            if (e < 0) {
                deliverMessage(c, (short) e, t, batch);
            } else {
                deliverBox(c, mailboxes[o.sender[d][k]], e, t, batch);
            }
            if (k + 1 == o.count[d]) {
                heap[0] = heap[--m];
            }
            if (m > 1) {
                siftDown(heap, 0, m, out, at, d);
            }
        }
    }

    /** Delivers to core c everything one worker's outbox announced for it, in that worker's order. */
    private static void deliverAll(Neurocore c, Outbox o, Mailbox[] mailboxes, long t, DeliveryBatch batch) {
        int d = c.slot;
        int n = o.count[d];
        int[] from = o.sender[d];
        int[] boxes = o.box[d];
        if (batch != null && n >= 8) {
            // on a large board the boxes' counts and first messages are misses: touch them all first, so that they
            // overlap, as the batch does for the synapses
            int touch = 0;
            for (int k = 0; k < n; k++) {
                int e = boxes[k];
                if (e >= 0) {
                    Mailbox m = mailboxes[from[k]];
                    touch += m.start[e] + m.count[e];
                }
            }
            for (int k = 0; k < n; k++) {
                int e = boxes[k];
                if (e >= 0) {
                    Mailbox m = mailboxes[from[k]];
                    touch += m.data[m.start[e]];
                }
            }
            batch.sink(touch);
        }
        for (int k = 0; k < n; k++) {
            int e = boxes[k];
            if (e < 0) {
                deliverMessage(c, (short) e, t, batch);
            } else {
                deliverBox(c, mailboxes[from[k]], e, t, batch);
            }
        }
    }

    private static void siftDown(int[] heap, int j, int m, Outbox[] out, int[] at, int d) {
        int w = heap[j];
        int key = out[w].sender[d][at[w]];
        while (true) {
            int child = 2 * j + 1;
            if (child >= m) {
                break;
            }
            int cw = heap[child];
            int ck = out[cw].sender[d][at[cw]];
            if (child + 1 < m) {
                int rw = heap[child + 1];
                int rk = out[rw].sender[d][at[rw]];
                if (rk < ck) {
                    child++;
                    cw = rw;
                    ck = rk;
                }
            }
            if (ck >= key) {
                break;
            }
            heap[j] = cw;
            j = child;
        }
        heap[j] = w;
    }

    private static void deliverBox(Neurocore c, Mailbox m, int b, long t, DeliveryBatch batch) {
        final short[] data = m.data;
        final int from = m.start[b];
        final int to = from + m.count[b];
        for (int k = from; k < to; k++) {
            deliverMessage(c, data[k], t, batch);
        }
    }

    /** One message: input axon {@code a}, or reward axon {@code -a - 1}. */
    private static void deliverMessage(Neurocore c, int a, long t, DeliveryBatch batch) {
        if (a < 0) {
            c.learning.reward(-a - 1, t);
        } else if (batch != null) {
            batch.add(c, a, t);
        } else {
            c.counters.synapticEvents += c.deliver(a, t);
        }
    }
}
