package io.github.loihiemu.nir;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable n-dimensional array as a NIR file stores it: a shape (empty for a scalar), an element type and the
 * elements in row-major (C) order. Floating-point arrays keep their width (a float32 parameter stays float32 when the
 * graph is written back); integer arrays are held as {@code long}s; strings (a node's type, a padding mode such as
 * {@code "same"}, metadata) as {@code String}s.
 */
public final class NirArray {

    /** Element type, named as NumPy names it. */
    public enum DType {
        /** 32-bit IEEE float. */
        FLOAT32,
        /** 64-bit IEEE float. */
        FLOAT64,
        /** 8-bit signed integer. */
        INT8,
        /** 16-bit signed integer. */
        INT16,
        /** 32-bit signed integer. */
        INT32,
        /** 64-bit signed integer. */
        INT64,
        /** Boolean (HDF5 bitfield). */
        BOOL,
        /** UTF-8 string. */
        STRING;

        /** Whether elements are read with {@link #getDouble(int)} as floating-point values. */
        public boolean isFloat() {
            return this == FLOAT32 || this == FLOAT64;
        }

        /** Whether elements are integers (booleans count as 0 and 1). */
        public boolean isInteger() {
            return this == INT8 || this == INT16 || this == INT32 || this == INT64 || this == BOOL;
        }
    }

    private final DType dtype;
    private final int[] shape;
    private final double[] doubles; // FLOAT32, FLOAT64
    private final long[] longs;     // integer types and BOOL
    private final String[] strings; // STRING

    private NirArray(DType dtype, int[] shape, double[] doubles, long[] longs, String[] strings) {
        this.dtype = dtype;
        this.shape = shape;
        this.doubles = doubles;
        this.longs = longs;
        this.strings = strings;
        int n = size(shape);
        int len = doubles != null ? doubles.length : longs != null ? longs.length : strings.length;
        if (len != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " elements, got " + len);
        }
    }

    private static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return (int) n;
    }

    /** A float32 array of the given shape; the values are rounded to float. */
    public static NirArray float32(int[] shape, double... values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values[i];
        }
        return new NirArray(DType.FLOAT32, shape.clone(), v, null, null);
    }

    /** A float64 array of the given shape. */
    public static NirArray float64(int[] shape, double... values) {
        return new NirArray(DType.FLOAT64, shape.clone(), values.clone(), null, null);
    }

    /** A one-dimensional float32 array. */
    public static NirArray float32(double... values) {
        return float32(new int[] {values.length}, values);
    }

    /** A one-dimensional float64 array. */
    public static NirArray float64(double... values) {
        return float64(new int[] {values.length}, values);
    }

    /** An integer array of the given shape and integer type (INT8 .. INT64 or BOOL); values must fit the type. */
    public static NirArray ints(DType dtype, int[] shape, long... values) {
        if (!dtype.isInteger()) {
            throw new IllegalArgumentException(dtype + " is not an integer type");
        }
        long[] v = values.clone();
        for (long x : v) {
            if (!fits(dtype, x)) {
                throw new IllegalArgumentException("value " + x + " does not fit " + dtype);
            }
        }
        return new NirArray(dtype, shape.clone(), null, v, null);
    }

    /** A one-dimensional int64 array (NumPy's default integer type, as NIR writes shapes). */
    public static NirArray int64(long... values) {
        return ints(DType.INT64, new int[] {values.length}, values);
    }

    /** A 0-dimensional int64 array (a scalar such as {@code groups} or {@code start_dim}). */
    public static NirArray scalarInt64(long value) {
        return ints(DType.INT64, new int[0], value);
    }

    /** A 0-dimensional float64 array. */
    public static NirArray scalarFloat64(double value) {
        return float64(new int[0], value);
    }

    /** A 0-dimensional string. */
    public static NirArray string(String value) {
        return strings(new int[0], Objects.requireNonNull(value));
    }

    /** A string array of the given shape. */
    public static NirArray strings(int[] shape, String... values) {
        for (String s : values) {
            Objects.requireNonNull(s, "string element");
        }
        return new NirArray(DType.STRING, shape.clone(), null, null, values.clone());
    }

    private static boolean fits(DType dtype, long x) {
        switch (dtype) {
            case INT8: return x >= Byte.MIN_VALUE && x <= Byte.MAX_VALUE;
            case INT16: return x >= Short.MIN_VALUE && x <= Short.MAX_VALUE;
            case INT32: return x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE;
            case BOOL: return x == 0 || x == 1;
            default: return true;
        }
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy); empty for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code d}. */
    public int dim(int d) {
        return shape[d];
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        return doubles != null ? doubles.length : longs != null ? longs.length : strings.length;
    }

    /** Whether this array holds numbers (floats, integers or booleans). */
    public boolean isNumeric() {
        return dtype != DType.STRING;
    }

    /** Element {@code i} (row-major) as a double; integers are converted. */
    public double getDouble(int i) {
        if (doubles != null) {
            return doubles[i];
        }
        if (longs != null) {
            return longs[i];
        }
        throw new IllegalStateException("a string array has no numeric elements");
    }

    /** Element {@code i} (row-major) as a long; floating-point elements must be whole numbers. */
    public long getLong(int i) {
        if (longs != null) {
            return longs[i];
        }
        if (doubles != null) {
            double d = doubles[i];
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalStateException("element " + i + " = " + d + " is not a whole number");
            }
            return (long) d;
        }
        throw new IllegalStateException("a string array has no numeric elements");
    }

    /** Element {@code i} of a string array. */
    public String getString(int i) {
        if (strings == null) {
            throw new IllegalStateException("not a string array");
        }
        return strings[i];
    }

    /** All elements as doubles, row-major (a copy). */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** All elements as longs, row-major (a copy); floating-point elements must be whole numbers. */
    public long[] toLongArray() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** All elements as ints, row-major; every element must be a whole number in int range. */
    public int[] toIntArray() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            long v = getLong(i);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalStateException("element " + i + " = " + v + " is out of int range");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** All elements of a string array, row-major (a copy). */
    public String[] toStringArray() {
        if (strings == null) {
            throw new IllegalStateException("not a string array");
        }
        return strings.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NirArray)) {
            return false;
        }
        NirArray a = (NirArray) o;
        return dtype == a.dtype && Arrays.equals(shape, a.shape) && Arrays.equals(doubles, a.doubles)
                && Arrays.equals(longs, a.longs) && Arrays.equals(strings, a.strings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(doubles), Arrays.hashCode(longs),
                Arrays.hashCode(strings));
    }

    /** Type, shape and, for up to 8 elements, the values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype.name().toLowerCase()).append(Arrays.toString(shape));
        int n = size();
        if (n <= 8) {
            sb.append(" {");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(strings != null ? "\"" + strings[i] + "\"" : doubles != null ? Double.toString(doubles[i])
                        : Long.toString(longs[i]));
            }
            sb.append('}');
        }
        return sb.toString();
    }
}
