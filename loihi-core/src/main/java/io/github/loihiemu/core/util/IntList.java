package io.github.loihiemu.core.util;

import java.util.Arrays;

/** A growable list of primitive ints for build-time assembly (never used inside the timestep loop). */
public final class IntList {
    private int[] data;
    private int size;

    public IntList() {
        this(16);
    }

    public IntList(int capacity) {
        data = new int[Math.max(1, capacity)];
    }

    /** Appends {@code v}. */
    public void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    /** The element at {@code i}. */
    public int get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        return data[i];
    }

    /** Replaces the element at {@code i}. */
    public void set(int i, int v) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        data[i] = v;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** A copy of the elements. */
    public int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
