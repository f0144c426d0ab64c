package io.github.loihiemu.core.mapping;

import java.util.Arrays;

/**
 * A growable list of primitive ints for build-time assembly (never used inside the timestep loop). A list made with
 * {@link #constantUntilChanged} holds no array while all its elements are equal: per-synapse delays and format
 * indices usually are, and a large network's build then does not hold 8 bytes per synapse for them.
 */
final class IntList {
    private int[] data;
    private int size;
    /** While {@code data} is null: the value of every element, and the capacity to allocate on the first change. */
    private int constant;
    private int capacity;

    IntList() {
        this(16);
    }

    IntList(int capacity) {
        data = new int[Math.max(1, capacity)];
    }

    private IntList(int capacity, boolean lazy) {
        this.capacity = Math.max(1, capacity);
    }

    /** A list that stores no array while all its elements are equal; {@code capacity} is allocated on a change. */
    static IntList constantUntilChanged(int capacity) {
        return new IntList(capacity, true);
    }

    private void materialise() {
        data = new int[Math.max(capacity, size + 1)];
        Arrays.fill(data, 0, size, constant);
    }

    /** Appends {@code v}. */
    void add(int v) {
        if (data == null) {
            if (size == 0 || v == constant) {
                constant = v;
                size++;
                return;
            }
            materialise();
        }
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    /** Appends {@code count} copies of {@code v}: no array while a constant list stays constant. */
    void addRepeated(int v, int count) {
        if (count <= 0) {
            return;
        }
        if (data == null) {
            if (size == 0 || v == constant) {
                constant = v;
                size += count;
                return;
            }
            materialise();
        }
        if (size + count > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + count));
        }
        Arrays.fill(data, size, size + count, v);
        size += count;
    }

    /** The element at {@code i}. */
    int get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        return data == null ? constant : data[i];
    }

    /** Replaces the element at {@code i}. */
    void set(int i, int v) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        if (data == null) {
            if (v == constant) {
                return;
            }
            materialise();
        }
        data[i] = v;
    }

    /** Whether the list holds no array because all its elements are equal ({@link #constantUntilChanged}). */
    boolean isConstant() {
        return data == null;
    }

    /** The value of every element of a constant list (0 when it is empty). */
    int constantValue() {
        return constant;
    }

    /** Number of elements. */
    int size() {
        return size;
    }

    /** The elements: the list's own array when it is exactly full (the list must not be used afterwards). */
    int[] trimmed() {
        if (data == null) {
            int[] all = new int[size];
            Arrays.fill(all, constant);
            return all;
        }
        return size == data.length ? data : Arrays.copyOf(data, size);
    }

    /** A copy of the elements. */
    int[] toArray() {
        if (data == null) {
            return trimmed();
        }
        return Arrays.copyOf(data, size);
    }
}
