package io.github.loihiemu.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of ustar archives (512-byte headers, octal sizes, content padded to 512 bytes), enough for npm
 * tarballs, so that fetching MNIST needs no external {@code tar}. Each header's checksum is verified, so a damaged
 * archive fails with a message instead of yielding garbage entries.
 */
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
        if (h.length == 0) {
            return null;
        }
        if (h.length < 512) {
            throw new IOException("tar archive truncated inside a header (" + h.length + " of 512 bytes)");
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
        long stored = octal(h, 148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xFF;
        }
        if (sum != stored) {
            throw new IOException("tar header checksum is " + sum + ", the header says " + stored);
        }
        String name = field(h, 0, 100);
        String prefix = field(h, 345, 155);
        if (!prefix.isEmpty()) {
            name = prefix + "/" + name;
        }
        long size = octal(h, 124, 12, "size of " + name);
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

    private static long octal(byte[] h, int off, int len, String what) throws IOException {
        String text = field(h, off, len).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar header field " + what + " is not octal: '" + text + "'");
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
