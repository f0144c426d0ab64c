package io.github.loihiemu.nbp.io;

import java.util.Arrays;

/**
 * An integer array as numpy stores it: a shape and the values in C (row-major) order. Values are held as int32; an
 * int64 file is accepted when every value fits.
 *
 * @param shape dimensions (empty for a scalar)
 * @param data  values, row-major, length = product of the shape
 */
public record NpyArray(int[] shape, int[] data) {
    public NpyArray {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + data.length);
        }
        shape = shape.clone();
    }

    /** A 1-d array. */
    public static NpyArray of(int[] data) {
        return new NpyArray(new int[] {data.length}, data);
    }

    /** A 2-d array of {@code rows x cols} row-major values. */
    public static NpyArray of(int rows, int cols, int[] data) {
        return new NpyArray(new int[] {rows, cols}, data);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Checks that the shape is exactly {@code expected}, naming {@code what} otherwise. */
    public NpyArray requireShape(String what, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected));
        }
        return this;
    }
}
