package io.github.loihiemu.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal reader of ustar archives: 512-byte headers, octal sizes, content padded to 512 bytes. */
final class TarReader {
    record Entry(String name, long size) {
    }

    private final InputStream in;
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    Entry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        byte[] h = in.readNBytes(512);
        if (h.length < 512) {
            return null;
        }
        boolean zero = true;
        for (byte b : h) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return null;
        }
        String name = field(h, 0, 100);
        String prefix = field(h, 345, 155);
        if (!prefix.isEmpty()) {
            name = prefix + "/" + name;
        }
        String sizeText = field(h, 124, 12).trim();
        long size = sizeText.isEmpty() ? 0 : Long.parseLong(sizeText, 8);
        remaining = size;
        padding = (512 - size % 512) % 512;
        return new Entry(name, size);
    }

    void copyContent(OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (remaining > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                throw new IOException("tar archive truncated");
            }
            out.write(buf, 0, n);
            remaining -= n;
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) {
                    throw new IOException("tar archive truncated");
                }
                k = 1;
            }
            n -= k;
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
