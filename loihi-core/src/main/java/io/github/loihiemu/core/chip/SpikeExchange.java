package io.github.loihiemu.core.chip;

/**
 * Who sent spikes to whom in a step, at a cost per message rather than per pair of cores. Each worker thread owns an
 * {@link Outbox} per step parity: its senders post their messages there, into one list per destination core, in the
 * order the worker visits them (slots ascending, then the host's generators), with a segment per sender. A
 * destination with a learning engine then reads the segments of every worker, merged in ascending sender order, so
 * spikes are delivered in the same order (cores by slot, then generators) whatever the number of threads and however
 * the cores are split among them; the learning engine's random draws depend on that order. Other destinations read
 * each worker's list in turn: their sums do not depend on the order.
 *
 * <p>An outbox of parity p is written in the first half of the spiking phase of steps of parity p and read after the
 * barrier that follows; its owner clears it at the start of its next step of that parity, after the readers of the
 * previous one have passed a barrier.
 */
final class SpikeExchange {
    private final int cores;
    /** [parity][worker]. */
    private Outbox[][] outboxes;
    /**
     * Per destination: the heap of the workers that sent something, and per worker its segment position, for the
     * merge (scratch of the destination's owner).
     */
    private final int[][] cursor;
    private final int[][] liveScratch;

    /** The messages of one worker's senders in one step parity, per destination core. */
    static final class Outbox {
        /** Per destination: its messages (input axons, or {@code -(r + 1)} for reward axon r) in posting order. */
        final short[][] message;
        final int[] count;
        /** Per destination: each sender's first message there, and the sender, in posting order. */
        final int[][] segmentSender;
        final int[][] segmentStart;
        final int[] segments;
        private final int[] touched;
        private int touchedCount;

        /**
         * @param messages per destination, the most messages this worker's senders can post there in one step
         * @param senders  per destination, how many of this worker's senders reach it
         */
        Outbox(int[] messages, int[] senders) {
            int cores = messages.length;
            message = new short[cores][];
            count = new int[cores];
            segmentSender = new int[cores][];
            segmentStart = new int[cores][];
            segments = new int[cores];
            int reached = 0;
            for (int d = 0; d < cores; d++) {
                message[d] = new short[messages[d]];
                segmentSender[d] = new int[senders[d]];
                segmentStart[d] = new int[senders[d]];
                reached += senders[d] > 0 ? 1 : 0;
            }
            touched = new int[reached];
        }

        void post(int destination, int sender, int axon) {
            int c = count[destination];
            int s = segments[destination];
            if (c == 0) {
                touched[touchedCount++] = destination;
            }
            if (s == 0 || segmentSender[destination][s - 1] != sender) {
                segmentSender[destination][s] = sender;
                segmentStart[destination][s] = c;
                segments[destination] = s + 1;
            }
            message[destination][c] = (short) axon;
            count[destination] = c + 1;
        }

        void clear() {
            for (int k = 0; k < touchedCount; k++) {
                int d = touched[k];
                count[d] = 0;
                segments[d] = 0;
            }
            touchedCount = 0;
        }
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
        int[][] messages = new int[workers][cores];
        int[][] senders = new int[workers][cores];
        for (int q = 0; q < mailboxes.length; q++) {
            Mailbox m = mailboxes[q];
            for (int b = 0; b < m.destination.length; b++) {
                int d = m.destination[b];
                messages[workerOf[q]][d] += m.start[b + 1] - m.start[b];
                senders[workerOf[q]][d]++;
            }
        }
        Outbox[][] o = new Outbox[2][workers];
        for (int p = 0; p < 2; p++) {
            for (int w = 0; w < workers; w++) {
                o[p][w] = new Outbox(messages[w], senders[w]);
            }
        }
        outboxes = o;
    }

    Outbox outbox(int parity, int worker) {
        return outboxes[parity][worker];
    }

    /**
     * Delivers to core {@code c} everything posted to it in a step of parity {@code parity}, through the worker's
     * batch (null: message by message; the caller flushes it; the core's counters receive the synaptic events).
     *
     * <p>Only a core with a learning engine needs the messages in ascending sender order (its pre-spike list, and so
     * its random draws, follow arrival order); it merges the workers' segments, each list already in that order,
     * through a heap of the workers that sent something. Every other core adds into plain int accumulators, whose
     * modular sums do not depend on the order, so it takes each worker's list in turn.
     */
    void deliver(Neurocore c, int parity, long t, DeliveryBatch batch) {
        Outbox[] out = outboxes[parity];
        int d = c.slot;
        if (c.learning != null) {
            batch = null;              // delivered message by message: see DeliveryBatch
        }
        if (out.length == 1 || c.learning == null) {
            for (Outbox o : out) {
                deliverRange(c, o.message[d], 0, o.count[d], t, batch);
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
            Outbox o = out[live[0]];
            deliverRange(c, o.message[d], 0, o.count[d], t, null);
            return;
        }
        // a binary min-heap of the live workers keyed by their next segment's sender: log2(m) comparisons per
        // segment instead of a scan of every worker (each sender has one segment per destination, so keys never tie)
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
            int from = o.segmentStart[d][k];
            boolean last = k + 1 == o.segments[d];
            int to = last ? o.count[d] : o.segmentStart[d][k + 1];
            deliverRange(c, o.message[d], from, to, t, null);
            if (last) {
                heap[0] = heap[--m];
            }
            if (m > 1) {
                siftDown(heap, 0, m, out, at, d);
            }
        }
    }

    private static void siftDown(int[] heap, int j, int m, Outbox[] out, int[] at, int d) {
        int w = heap[j];
        int key = out[w].segmentSender[d][at[w]];
        while (true) {
            int child = 2 * j + 1;
            if (child >= m) {
                break;
            }
            int cw = heap[child];
            int ck = out[cw].segmentSender[d][at[cw]];
            if (child + 1 < m) {
                int rw = heap[child + 1];
                int rk = out[rw].segmentSender[d][at[rw]];
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

    private static void deliverRange(Neurocore c, short[] message, int from, int to, long t, DeliveryBatch batch) {
        // a core that charges nothing to other chip cores counts its own events, as before the compute layout
        final boolean own = c.charges == null || !c.charges.merged;
        for (int k = from; k < to; k++) {
            int a = message[k];
            if (a < 0) {
                c.learning.reward(-a - 1, t);
            } else if (batch != null) {
                batch.add(c, a, t);
            } else if (own) {
                c.counters.synapticEvents += c.deliver(a, t);
            } else {
                c.deliverCounted(a, t);
            }
        }
    }
}
