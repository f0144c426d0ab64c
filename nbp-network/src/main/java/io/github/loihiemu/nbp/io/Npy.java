package io.github.loihiemu.nbp.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A small codec for numpy's {@code .npy} and {@code .npz} files, limited to what weight and spike files need:
 * little-endian int32 ({@code <i4}) and int64 ({@code <i8}) arrays, and (reading only) bool ({@code |b1}), int8,
 * uint8 and int16 arrays, all in C order, format versions 1.0 to 3.0. Anything else (floats,
 * big-endian, Fortran order, values beyond int32) is rejected with a message naming the file and the problem.
 * Writes version 1.0 {@code <i4} files that {@code np.load} reads; {@code .npz} archives are zips of {@code NAME.npy}
 * entries, stored (as {@code np.savez} writes them) or deflated ({@code np.savez_compressed}).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads a {@code .npy} file. */
    public static NpyArray read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.getFileName().toString());
    }

    /** Reads every array of a {@code .npz} archive, by name (without {@code .npy}). */
    public static Map<String, NpyArray> readNpz(Path file) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        String where = file.getFileName().toString();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new IOException(where + ": entry '" + name + "' is not a .npy array");
                }
                String key = name.substring(0, name.length() - 4);
                arrays.put(key, parse(zip.readAllBytes(), where + ":" + name));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(where + ": not a valid .npz (zip) archive: " + e.getMessage(), e);
        }
        if (arrays.isEmpty()) {
            throw new IOException(where + ": not a .npz archive (no arrays found)");
        }
        return arrays;
    }

    /** Writes {@code array} as a version 1.0 {@code <i4} {@code .npy} file, atomically (temp file, then move). */
    public static void write(Path file, NpyArray array) throws IOException {
        atomically(file, out -> out.write(encode(array)));
    }

    /** Writes {@code arrays} as a {@code .npz} archive (stored entries, like {@code np.savez}), atomically. */
    public static void writeNpz(Path file, Map<String, NpyArray> arrays) throws IOException {
        atomically(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
                    byte[] bytes = encode(a.getValue());
                    ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(bytes.length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(bytes);
                    e.setCrc(crc.getValue());
                    zip.putNextEntry(e);
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
        });
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void atomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static byte[] encode(NpyArray a) {
        StringBuilder shape = new StringBuilder("(");
        int[] s = a.shape();
        for (int i = 0; i < s.length; i++) {
            shape.append(s[i]).append(s.length == 1 ? "," : i + 1 < s.length ? ", " : "");
        }
        shape.append(')');
        String header = "{'descr': '<i4', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        int len = header.length();
        out.write(len & 0xFF);
        out.write(len >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(a.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(a.data());
        out.writeBytes(b.array());
        return out.toByteArray();
    }

    static NpyArray parse(byte[] b, String where) throws IOException {
        if (b.length < 10) {
            throw new IOException(where + ": too short for a .npy file (" + b.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new IOException(where + ": not a .npy file (bad magic)");
            }
        }
        int major = b[6] & 0xFF;
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            offset = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new IOException(where + ": truncated header");
            }
            headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            offset = 12;
        } else {
            throw new IOException(where + ": unsupported .npy format version " + major + "." + (b[7] & 0xFF));
        }
        if (headerLen < 0 || offset + headerLen > b.length) {
            throw new IOException(where + ": truncated header");
        }
        String header = new String(b, offset, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(where + ": malformed header " + header.strip());
        }
        String descr = d.group(1);
        int width;
        boolean signed = true;
        if (descr.equals("<i4")) {
            width = 4;
        } else if (descr.equals("<i8")) {
            width = 8;
        } else if (descr.equals("|b1") || descr.equals("|u1") || descr.equals("|i1")) {
            width = 1;
            signed = descr.equals("|i1");
        } else if (descr.equals("<i2")) {
            width = 2;
        } else {
            throw new IOException(where + ": dtype '" + descr + "' is not supported (need little-endian int32 '<i4'"
                    + " or int64 '<i8', or bool '|b1', int8, uint8 or int16 '<i2')");
        }
        if (f.group(1).equals("True")) {
            throw new IOException(where + ": Fortran-order arrays are not supported (save with C order)");
        }
        String[] dims = s.group(1).split(",");
        int count = 0;
        int[] shape = new int[dims.length];
        long n = 1;
        for (String dim : dims) {
            String t = dim.strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                shape[count] = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IOException(where + ": bad shape (" + s.group(1) + ")");
            }
            n *= shape[count++];
        }
        shape = java.util.Arrays.copyOf(shape, count);
        int start = offset + headerLen;
        long expected = n * width;
        if (b.length - start != expected) {
            throw new IOException(where + ": shape " + java.util.Arrays.toString(shape) + " needs " + expected
                    + " data bytes, the file has " + (b.length - start));
        }
        int[] data = new int[(int) n];
        ByteBuffer buf = ByteBuffer.wrap(b, start, (int) expected).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            if (width == 1) {
                data[i] = signed ? buf.get() : buf.get() & 0xFF;
            } else if (width == 2) {
                data[i] = buf.getShort();
            } else if (width == 4) {
                data[i] = buf.getInt();
            } else {
                long v = buf.getLong();
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IOException(where + ": value " + v + " at index " + i + " does not fit in int32");
                }
                data[i] = (int) v;
            }
        }
        return new NpyArray(shape, data);
    }
}
