package io.github.loihiemu.nir;

import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed rows: the products {@link NirMapper} multiplies out along a chain of
 * weight nodes. A CNN's layers are a few hundred thousand non-zero entries over matrices of tens of millions, so the
 * products are taken row by row over the non-zeros (Gustavson's method, a dense accumulator per output row), never
 * through dense matrices. Zeros are not stored; within a row the columns are in the order they were first reached.
 */
final class SparseRows {
    final int rows;
    final int cols;
    /** Row r's entries are {@code ptr[r] .. ptr[r + 1] - 1}. */
    final int[] ptr;
    final int[] col;
    final double[] val;

    private SparseRows(int rows, int cols, int[] ptr, int[] col, double[] val) {
        this.rows = rows;
        this.cols = cols;
        this.ptr = ptr;
        this.col = col;
        this.val = val;
    }

    static SparseRows identity(int n) {
        int[] ptr = new int[n + 1];
        int[] col = new int[n];
        double[] val = new double[n];
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = i + 1;
            col[i] = i;
            val[i] = 1;
        }
        return new SparseRows(n, n, ptr, col, val);
    }

    /** The non-zero entries of a dense matrix. */
    static SparseRows of(DMatrixRMaj m) {
        int nnz = 0;
        for (int k = 0; k < m.getNumElements(); k++) {
            nnz += m.data[k] != 0 ? 1 : 0;
        }
        int[] ptr = new int[m.numRows + 1];
        int[] col = new int[nnz];
        double[] val = new double[nnz];
        int at = 0;
        for (int i = 0; i < m.numRows; i++) {
            int row = i * m.numCols;
            for (int j = 0; j < m.numCols; j++) {
                double x = m.data[row + j];
                if (x != 0) {
                    col[at] = j;
                    val[at++] = x;
                }
            }
            ptr[i + 1] = at;
        }
        return new SparseRows(m.numRows, m.numCols, ptr, col, val);
    }

    /** A convolution's or pooling's entries, put in rows (a counting sort; entries of one pair add up). */
    static SparseRows of(SparseMap s) {
        int[] ptr = new int[s.rows + 1];
        for (int r : s.row) {
            ptr[r + 1]++;
        }
        for (int i = 0; i < s.rows; i++) {
            ptr[i + 1] += ptr[i];
        }
        int[] fill = Arrays.copyOf(ptr, s.rows);
        int[] col = new int[s.row.length];
        double[] val = new double[s.row.length];
        for (int k = 0; k < s.row.length; k++) {
            int at = fill[s.row[k]]++;
            col[at] = s.col[k];
            val[at] = s.value[k];
        }
        // a product with the identity merges any pair stored twice and drops zeros
        return new SparseRows(s.rows, s.cols, ptr, col, val).times(identity(s.cols));
    }

    int nonZeros() {
        return ptr[rows];
    }

    /** this [rows, k] times b [k, b.cols]. */
    SparseRows times(SparseRows b) {
        if (cols != b.rows) {
            throw new IllegalArgumentException("sparse product: " + rows + "x" + cols + " times " + b.rows + "x"
                    + b.cols);
        }
        double[] acc = new double[b.cols];
        int[] mark = new int[b.cols];
        Arrays.fill(mark, -1);
        int[] touched = new int[b.cols];
        int[] ptrOut = new int[rows + 1];
        int[] colOut = new int[Math.max(16, nonZeros())];
        double[] valOut = new double[colOut.length];
        int at = 0;
        for (int i = 0; i < rows; i++) {
            int nt = 0;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                double a = val[p];
                int k = col[p];
                for (int q = b.ptr[k]; q < b.ptr[k + 1]; q++) {
                    int j = b.col[q];
                    if (mark[j] != i) {
                        mark[j] = i;
                        acc[j] = 0;
                        touched[nt++] = j;
                    }
                    acc[j] += a * b.val[q];
                }
            }
            if (at + nt > colOut.length) {
                int size = Math.max(colOut.length * 2, at + nt);
                colOut = Arrays.copyOf(colOut, size);
                valOut = Arrays.copyOf(valOut, size);
            }
            for (int t = 0; t < nt; t++) {
                int j = touched[t];
                if (acc[j] != 0) {
                    colOut[at] = j;
                    valOut[at++] = acc[j];
                }
            }
            ptrOut[i + 1] = at;
        }
        return new SparseRows(rows, b.cols, ptrOut, Arrays.copyOf(colOut, at), Arrays.copyOf(valOut, at));
    }

    /** this + b, same shape. */
    SparseRows plus(SparseRows b) {
        if (rows != b.rows || cols != b.cols) {
            throw new IllegalArgumentException("sparse sum: " + rows + "x" + cols + " plus " + b.rows + "x" + b.cols);
        }
        int[] ptrS = new int[rows + 1];
        int[] colS = new int[2 * rows];
        double[] valS = new double[2 * rows];
        for (int i = 0; i < rows; i++) {
            ptrS[i + 1] = ptrS[i] + 2;
            colS[2 * i] = i;
            colS[2 * i + 1] = rows + i;
            valS[2 * i] = 1;
            valS[2 * i + 1] = 1;
        }
        // [I I] times [this; b] stacks the rows and adds them entry by entry
        return new SparseRows(rows, 2 * rows, ptrS, colS, valS).times(stack(this, b));
    }

    private static SparseRows stack(SparseRows a, SparseRows b) {
        int[] ptr = new int[a.rows + b.rows + 1];
        System.arraycopy(a.ptr, 0, ptr, 0, a.rows + 1);
        for (int i = 1; i <= b.rows; i++) {
            ptr[a.rows + i] = a.nonZeros() + b.ptr[i];
        }
        int[] col = Arrays.copyOf(a.col, a.nonZeros() + b.nonZeros());
        System.arraycopy(b.col, 0, col, a.nonZeros(), b.nonZeros());
        double[] val = Arrays.copyOf(a.val, col.length);
        System.arraycopy(b.val, 0, val, a.nonZeros(), b.nonZeros());
        return new SparseRows(a.rows + b.rows, a.cols, ptr, col, val);
    }

    /** this times the column vector x. */
    double[] times(double[] x) {
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                s += val[p] * x[col[p]];
            }
            y[i] = s;
        }
        return y;
    }

    /** The matrix with the columns where {@code keep} is false set to zero. */
    SparseRows keepColumns(boolean[] keep) {
        int[] ptrOut = new int[rows + 1];
        int[] colOut = new int[nonZeros()];
        double[] valOut = new double[nonZeros()];
        int at = 0;
        for (int i = 0; i < rows; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                if (keep[col[p]]) {
                    colOut[at] = col[p];
                    valOut[at++] = val[p];
                }
            }
            ptrOut[i + 1] = at;
        }
        return new SparseRows(rows, cols, ptrOut, Arrays.copyOf(colOut, at), Arrays.copyOf(valOut, at));
    }

    /** The dense matrix (for tests and small cases). */
    DMatrixRMaj dense() {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                m.data[i * cols + col[p]] += val[p];
            }
        }
        return m;
    }
}
