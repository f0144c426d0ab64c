package io.github.loihiemu.core.mapping;

import java.util.Arrays;

/**
 * The packer's input axons of the current core, keyed by (connection, source): an open-addressing table of primitive
 * longs with the axon's state in parallel int arrays, cleared per core in time proportional to its entries. The
 * packer looks an axon up for every synapse it places, so a boxed map would dominate the build (two hash lookups and
 * an allocation per synapse).
 */
final class AxonTable {
    private long[] keys = new long[1024];
    /** Entry index + 1 per slot; 0: empty. */
    private int[] slot = new int[1024];
    private int size;
    /** Per entry: synapses, first local target, last local target, 1 while the targets are consecutive. */
    int[] synapses = new int[512];
    int[] first = new int[512];
    int[] last = new int[512];
    int[] consecutive = new int[512];
    /** Per entry: its slot, to clear only what was used. */
    private int[] used = new int[512];

    /** The entry of {@code key}, or -1. */
    int find(long key) {
        int mask = keys.length - 1;
        int p = hash(key) & mask;
        while (true) {
            int e = slot[p];
            if (e == 0) {
                return -1;
            }
            if (keys[p] == key) {
                return e - 1;
            }
            p = (p + 1) & mask;
        }
    }

    /** Adds {@code key} (not present) with one synapse at {@code local}; returns its entry. */
    int add(long key, int local) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int p = hash(key) & mask;
        while (slot[p] != 0) {
            p = (p + 1) & mask;
        }
        int e = size++;
        if (e == synapses.length) {
            int n = 2 * e;
            synapses = Arrays.copyOf(synapses, n);
            first = Arrays.copyOf(first, n);
            last = Arrays.copyOf(last, n);
            consecutive = Arrays.copyOf(consecutive, n);
            used = Arrays.copyOf(used, n);
        }
        keys[p] = key;
        slot[p] = e + 1;
        used[e] = p;
        synapses[e] = 1;
        first[e] = local;
        last[e] = local;
        consecutive[e] = 1;
        return e;
    }

    void clear() {
        for (int e = 0; e < size; e++) {
            slot[used[e]] = 0;
        }
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldSlot = slot;
        keys = new long[2 * oldKeys.length];
        slot = new int[2 * oldSlot.length];
        int mask = keys.length - 1;
        for (int q = 0; q < oldKeys.length; q++) {
            if (oldSlot[q] != 0) {
                int p = hash(oldKeys[q]) & mask;
                while (slot[p] != 0) {
                    p = (p + 1) & mask;
                }
                keys[p] = oldKeys[q];
                slot[p] = oldSlot[q];
                used[oldSlot[q] - 1] = p;
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) ^ (int) h;
    }
}
