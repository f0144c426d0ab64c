package io.github.loihiemu.core.chip;

/**
 * One worker's spike messages of a step, delivered in batches so that their cache misses overlap. A message's synapses
 * sit behind two dependent loads that are usually misses under scattered connectivity (the axon's entry in the
 * axon table, then its first synapse); delivered one by one, the processor waits for each pair in turn, a few hundred
 * nanoseconds per message. A batch first reads the axon entries of all its messages, then touches the first synapse
 * of each, loops with no dependence between iterations, so that the misses of many messages are in flight at once; the
 * adds that follow then find their lines in the cache.
 *
 * <p>Messages keep their order per destination core and each core's counters receive its own events, so the result
 * is the same as delivering message by message. Only cores without a learning engine are batched: on nBP's learning
 * cores, whose synaptic memory stays in the cache, the extra passes cost more than they saved (paper placement 0.76x
 * batched). Measured on the random 32k network ({@code ScaleChips.random}, one message per synapse to a cold core):
 * 18.5-20.8 ms per step against 24.8-31.1 unbatched; CUBA 0.87x the time; capacity 256 was slower than 64, and
 * touching the target's accumulator too (a third pass) was slower than two.
 */
final class DeliveryBatch {
    /**
     * Batching pays only where the synaptic memory that messages read misses the cache: below this many bytes of it
     * (outside learning cores, over the board) messages are delivered one by one. {@code KernelBenchmark.
     * synapticEventSparse} (64 KB) took 9.3-10.0 ns per event batched against 6.2-6.4 unbatched; CUBA (1.3 MB) and
     * the random 32k network (13 MB) gain.
     */
    static final long CACHED_SYNAPSE_BYTES = 512 * 1024;

    /** Whether a board of these cores delivers through batches (see {@link #CACHED_SYNAPSE_BYTES}). */
    static boolean worthBatching(Neurocore[] cores) {
        long bytes = 0;
        for (Neurocore c : cores) {
            if (c.learning == null) {
                // a target (char) and a weight (short) per synapse, two ints per axon
                bytes += 4L * c.synapseTarget.length + 4L * c.axonInfo.length;
            }
        }
        return bytes >= CACHED_SYNAPSE_BYTES;
    }

    /** Large enough for the misses to overlap, small enough that the batch's lines stay in the L1 cache. */
    static final int CAPACITY = 64;

    private final Neurocore[] core = new Neurocore[CAPACITY];
    private final int[] axon = new int[CAPACITY];
    /** Per message, its first synapse. */
    private final int[] first = new int[CAPACITY];
    private int size;
    /** Where the touches go, so that the compiler keeps them. */
    private int sink;

    /** Queues input axon {@code a} of core {@code c} (a synapse, not a reward axon) for step t's delivery. */
    void add(Neurocore c, int a, long t) {
        core[size] = c;
        axon[size] = a;
        if (++size == CAPACITY) {
            flush(t);
        }
    }

    /** Delivers everything queued (at the end of a worker's delivery, before its learning phase). */
    void flush(long t) {
        final int n = size;
        if (n == 0) {
            return;
        }
        final Neurocore[] core = this.core;
        final int[] axon = this.axon;
        final int[] first = this.first;
        for (int k = 0; k < n; k++) {
            first[k] = core[k].axonInfo[2 * axon[k]];
        }
        int touch = 0;
        for (int k = 0; k < n; k++) {
            Neurocore c = core[k];
            int f = first[k];
            if (f < c.synapseWeight.length) {
                touch += c.synapseTarget[f] + c.synapseWeight[f];
                int[][] rows = c.rowIncrement;
                if (rows != null) {
                    int[] row = rows[axon[k]];
                    if (row != null) {
                        touch += row[f + c.rowIndex[axon[k]]];
                    }
                }
            }
        }
        sink += touch;
        for (int k = 0; k < n; k++) {
            Neurocore c = core[k];
            if (c.charges == null || !c.charges.merged) {
                c.counters.synapticEvents += c.deliver(axon[k], t);
            } else {
                c.deliverCounted(axon[k], t);
            }
        }
        size = 0;
    }
}
