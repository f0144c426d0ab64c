package io.github.loihiemu.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (raw, or gzip-compressed: detected by the magic bytes 1f 8b) with full validation: the magic,
 * the unsigned-byte type, the number of dimensions, and that the dimension sizes account for exactly the bytes that
 * follow. The whole file is read with bulk reads into one array.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** Images of an IDX3 file: {@code count} images of {@code rows x cols} unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Pixel (0..255) of image {@code i} at {@code row, col}. */
        public int pixel(int i, int row, int col) {
            return pixels[(i * rows + row) * cols + col] & 0xFF;
        }
    }

    /** Reads an IDX3 image file. */
    public static Images readImages(Path file) throws IOException {
        byte[] b = readAll(file);
        int[] dims = header(file, b, 3);
        long expected = 16L + (long) dims[0] * dims[1] * dims[2];
        checkLength(file, b, expected, dims);
        byte[] pixels = new byte[b.length - 16];
        System.arraycopy(b, 16, pixels, 0, pixels.length);
        return new Images(dims[0], dims[1], dims[2], pixels);
    }

    /** Reads an IDX1 label file and checks every label is 0..9. */
    public static byte[] readLabels(Path file) throws IOException {
        byte[] b = readAll(file);
        int[] dims = header(file, b, 1);
        checkLength(file, b, 8L + dims[0], dims);
        byte[] labels = new byte[dims[0]];
        System.arraycopy(b, 8, labels, 0, labels.length);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new IdxFormatException(name(file), "label " + (labels[i] & 0xFF) + " at index " + i
                        + " is outside 0..9");
            }
        }
        return labels;
    }

    /** Reads an image file and its label file and checks that their counts agree. */
    public static Images readPair(Path images, Path labels, byte[][] labelsOut) throws IOException {
        Images im = readImages(images);
        byte[] lb = readLabels(labels);
        if (im.count() != lb.length) {
            throw new IdxFormatException(name(images), im.count() + " images but " + name(labels) + " has "
                    + lb.length + " labels");
        }
        labelsOut[0] = lb;
        return im;
    }

    private static byte[] readAll(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IdxFormatException(file.toString(), "no such file");
        }
        byte[] raw = Files.readAllBytes(file);
        if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IdxFormatException(name(file), "corrupt gzip data (" + e.getMessage() + ")");
            }
        }
        return raw;
    }

    private static int[] header(Path file, byte[] b, int dimensions) throws IOException {
        String f = name(file);
        if (b.length < 4) {
            throw new IdxFormatException(f, "only " + b.length + " bytes, too short for an IDX header");
        }
        if (b[0] != 0 || b[1] != 0) {
            throw new IdxFormatException(f, String.format("bad magic %02x %02x (expected 00 00)", b[0] & 0xFF,
                    b[1] & 0xFF));
        }
        if ((b[2] & 0xFF) != 0x08) {
            throw new IdxFormatException(f, String.format("data type 0x%02x is not unsigned byte (0x08)", b[2] & 0xFF));
        }
        if (b[3] != dimensions) {
            throw new IdxFormatException(f, (b[3] & 0xFF) + " dimensions, expected " + dimensions);
        }
        if (b.length < 4 + 4 * dimensions) {
            throw new IdxFormatException(f, "header truncated: " + b.length + " bytes");
        }
        int[] dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            int o = 4 + 4 * d;
            dims[d] = ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
            if (dims[d] < 0) {
                throw new IdxFormatException(f, "dimension " + d + " has negative size " + dims[d]);
            }
        }
        return dims;
    }

    private static void checkLength(Path file, byte[] b, long expected, int[] dims) throws IOException {
        if (b.length != expected) {
            throw new IdxFormatException(name(file), "dimensions " + java.util.Arrays.toString(dims) + " need "
                    + expected + " bytes but the file has " + b.length
                    + (b.length < expected ? " (truncated)" : " (trailing bytes)"));
        }
    }

    private static String name(Path file) {
        Path n = file.getFileName();
        return n == null ? file.toString() : n.toString();
    }
}
