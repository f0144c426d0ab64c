package io.github.loihiemu.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error path of the IDX reader on crafted files: the message names the file and the problem. */
class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] idx(int type, int[] dims, int payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private void expect(Path file, String fragment, boolean images) {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> {
                    if (images) {
                        IdxReader.readImages(file);
                    } else {
                        IdxReader.readLabels(file);
                    }
                });
        assertTrue(e.getMessage().startsWith(file.getFileName().toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void readsAValidImageAndLabelPair() throws IOException {
        byte[] im = idx(8, new int[] {2, 28, 28}, 2 * 784);
        im[16 + 784 + 5] = (byte) 200;
        byte[] lb = idx(8, new int[] {2}, 2);
        lb[8] = 3;
        lb[9] = 9;
        byte[][] labels = new byte[1][];
        IdxReader.Images images = IdxReader.readPair(write("i", im), write("l", lb), labels);
        assertEquals(2, images.count());
        assertEquals(200, images.pixel(1, 0, 5));
        assertEquals(9, labels[0][1]);
    }

    @Test
    void truncatedData() throws IOException {
        byte[] im = idx(8, new int[] {2, 28, 28}, 2 * 784 - 1);
        expect(write("short-images", im), "need 1584 bytes but the file has 1583 (truncated)", true);
    }

    @Test
    void trailingBytes() throws IOException {
        expect(write("long-labels", idx(8, new int[] {3}, 4)), "(trailing bytes)", false);
    }

    @Test
    void wrongMagic() throws IOException {
        byte[] lb = idx(8, new int[] {1}, 1);
        lb[1] = 7;
        expect(write("bad-magic", lb), "bad magic 00 07", false);
    }

    @Test
    void wrongTypeByte() throws IOException {
        expect(write("floats", idx(0x0D, new int[] {1}, 1)), "data type 0x0d is not unsigned byte", false);
    }

    @Test
    void wrongDimensionCount() throws IOException {
        expect(write("labels-as-images", idx(8, new int[] {1}, 1)), "1 dimensions, expected 3", true);
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        Path im = write("three-images", idx(8, new int[] {3, 28, 28}, 3 * 784));
        Path lb = write("two-labels", idx(8, new int[] {2}, 2));
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readPair(im, lb, new byte[1][]));
        assertEquals("three-images: 3 images but two-labels has 2 labels", e.getMessage());
    }

    @Test
    void labelOutsideZeroToNine() throws IOException {
        byte[] lb = idx(8, new int[] {400}, 400);
        lb[8 + 345] = 12;
        expect(write("bad-labels", lb), "label 12 at index 345 is outside 0..9", false);
    }

    @Test
    void gzipVariantIsReadAndItsErrorsReported() throws IOException {
        byte[] lb = idx(8, new int[] {2}, 2);
        lb[9] = 7;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(lb);
        }
        assertEquals(7, IdxReader.readLabels(write("ok.gz", bos.toByteArray()))[1]);
        byte[] broken = bos.toByteArray();
        expect(write("broken.gz", java.util.Arrays.copyOf(broken, broken.length / 2)), "corrupt gzip data", false);
        lb[8] = 10;
        bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(lb);
        }
        expect(write("bad.gz", bos.toByteArray()), "label 10 at index 0", false);
    }

    @Test
    void missingFile() {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readLabels(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("no such file"));
    }
}
