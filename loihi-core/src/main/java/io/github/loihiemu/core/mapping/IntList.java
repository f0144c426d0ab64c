package io.github.loihiemu.core.mapping;

import java.util.Arrays;

/** A growable list of primitive ints for build-time assembly (never used inside the timestep loop). */
final class IntList {
    private int[] data;
    private int size;

    IntList() {
        this(16);
    }

    IntList(int capacity) {
        data = new int[Math.max(1, capacity)];
    }

    /** Appends {@code v}. */
    void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    /** The element at {@code i}. */
    int get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        return data[i];
    }

    /** Replaces the element at {@code i}. */
    void set(int i, int v) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        data[i] = v;
    }

    /** Number of elements. */
    int size() {
        return size;
    }

    /** The elements: the list's own array when it is exactly full (the list must not be used afterwards). */
    int[] trimmed() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }

    /** A copy of the elements. */
    int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
