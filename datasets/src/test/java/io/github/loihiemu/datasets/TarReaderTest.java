package io.github.loihiemu.datasets;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tar reader on archives built byte by byte here: names with a ustar prefix, padding, skipped entries. */
class TarReaderTest {
    /** One ustar header block for {@code name} (split into prefix and name when {@code prefix} is given). */
    private static byte[] header(String prefix, String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 124, String.format("%011o", size));
        put(h, 156, "0");
        put(h, 257, "ustar");
        put(h, 263, "00");
        if (prefix != null) {
            put(h, 345, prefix);
        }
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    private static void entry(ByteArrayOutputStream out, String prefix, String name, byte[] content) {
        out.writeBytes(header(prefix, name, content.length));
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void readsNamesWithPrefixAndContentAcrossPaddingAndSkippedEntries() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, null, "package/package.json", bytes(700, 1));
        entry(tar, "package/data", "train-labels-idx1-ubyte", bytes(1300, 2));
        entry(tar, null, "package/empty", new byte[0]);
        entry(tar, null, "package/data/t10k-labels-idx1-ubyte", bytes(512, 3));
        tar.writeBytes(new byte[1024]);

        TarReader r = new TarReader(new ByteArrayInputStream(tar.toByteArray()));
        assertEquals(new TarReader.Entry("package/package.json", 700), r.next());
        TarReader.Entry e = r.next();
        assertEquals(new TarReader.Entry("package/data/train-labels-idx1-ubyte", 1300), e);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        r.copyContent(content);
        assertArrayEquals(bytes(1300, 2), content.toByteArray());
        assertEquals(new TarReader.Entry("package/empty", 0), r.next());
        assertEquals("package/data/t10k-labels-idx1-ubyte", r.next().name());
        content.reset();
        r.copyContent(content);
        assertArrayEquals(bytes(512, 3), content.toByteArray());
        assertNull(r.next());
    }

    @Test
    void damagedArchivesFailWithAMessage() throws IOException {
        byte[] h = header(null, "a", 10);
        h[0] = 'b';
        IOException e = assertThrows(IOException.class, () -> new TarReader(new ByteArrayInputStream(h)).next());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, null, "a", bytes(2000, 4));
        byte[] cut = Arrays.copyOf(tar.toByteArray(), 1000);
        TarReader r = new TarReader(new ByteArrayInputStream(cut));
        r.next();
        e = assertThrows(IOException.class, () -> r.copyContent(new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        e = assertThrows(IOException.class,
                () -> new TarReader(new ByteArrayInputStream(Arrays.copyOf(h, 100))).next());
        assertTrue(e.getMessage().contains("truncated inside a header"), e.getMessage());
    }
}
