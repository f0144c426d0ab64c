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
 * A small codec for numpy's {@code .npy} and {@code .npz} files, limited to what weight files need: every integer
 * and bool dtype numpy writes (int8..int64, uint8..uint64, bool; either byte order) in C order, format versions 1.0
 * to 3.0, read into int32. Anything else (floats, Fortran order, a value beyond int32, named by its index) is
 * rejected with a message naming the file, the array and the problem.
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

    /**
     * Writes through a temp file next to {@code file}, then moves it into place, so a reader never sees half a file.
     * The temp file is created like any other file (so the result has the umask's mode, not 0600), named
     * {@code .NAME.PID-N.nbp-part}, removed on failure and by a shutdown hook on SIGTERM or Ctrl-C; ones left by a
     * killed process (its pid no longer running) are removed by the next write into the same folder.
     */
    private static void atomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        removeStaleTemps(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + TEMP_COUNTER.incrementAndGet() + TEMP_SUFFIX);
        PENDING.add(tmp);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }

    private static final String TEMP_SUFFIX = ".nbp-part";
    private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER = new java.util.concurrent.atomic.AtomicLong();
    /** Temp files being written now: the shutdown hook removes them if the JVM is stopped mid-write. */
    private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the process is ending; nothing else can be done about it
                }
            }
        }, "npy-temp-cleanup"));
    }

    /** Removes temp files in {@code dir} whose writer process is no longer running (a kill -9 leaves them). */
    static void removeStaleTemps(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") || !n.endsWith(TEMP_SUFFIX)) {
                    continue;
                }
                String id = n.substring(0, n.length() - TEMP_SUFFIX.length());
                int dot = id.lastIndexOf('.');
                int dash = id.lastIndexOf('-');
                if (dot < 0 || dash < dot) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(id.substring(dot + 1, dash));
                    if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) {
                        Files.deleteIfExists(p);
                    }
                } catch (NumberFormatException | IOException ignored) {
                    // not one of ours, or gone already
                }
            }
        } catch (IOException ignored) {
            // an unreadable folder: the write itself will report the problem
        }
    }

    /**
     * Checks, before any work starts, that {@code file} can be written: a non-empty path, not a directory, in an
     * existing folder where a file can be created (tried with a temp file, then removed). The message names
     * {@code option} and the reason.
     */
    public static void checkWritable(Path file, String option) {
        if (file == null || file.toString().isBlank()) {
            throw new IllegalArgumentException(option + ": the path is empty");
        }
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + ": " + file + " is a directory, not a file");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + ": the folder " + dir + " does not exist");
        }
        Path probe = dir.resolve("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "-check"
                + TEMP_SUFFIX);
        try {
            Files.deleteIfExists(Files.createFile(probe));
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            throw new IllegalArgumentException(option + ": cannot write in " + dir + " (" + why + ")");
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

    /** Flat index i of an array of {@code shape} as numpy prints it, e.g. {@code [2, 7]}. */
    static String index(long i, int[] shape) {
        if (shape.length == 0) {
            return "[]";
        }
        long[] idx = new long[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = i % Math.max(1, shape[k]);
            i /= Math.max(1, shape[k]);
        }
        return java.util.Arrays.toString(idx);
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
        // every integer and bool dtype numpy writes: byte order < > | =, kind b (bool), i (signed), u (unsigned)
        if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0 || "biu".indexOf(descr.charAt(1)) < 0
                || !descr.substring(2).matches("[1248]")) {
            throw new IOException(where + ": dtype '" + descr + "' is not supported (need an integer or bool array:"
                    + " int8..int64, uint8..uint64 or bool)");
        }
        int width = descr.charAt(2) - '0';
        char kind = descr.charAt(1);
        if (kind == 'b' && width != 1) {
            throw new IOException(where + ": dtype '" + descr + "' is not a numpy bool");
        }
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
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
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException(where + ": shape " + java.util.Arrays.toString(shape) + " holds " + n
                    + " values, more than one Java array can");
        }
        int[] data = new int[(int) n];
        ByteBuffer buf = ByteBuffer.wrap(b, start, (int) expected).order(order);
        for (int i = 0; i < n; i++) {
            long v;
            switch (width) {
                case 1 -> v = kind == 'u' || kind == 'b' ? buf.get() & 0xFFL : buf.get();
                case 2 -> v = kind == 'u' ? buf.getShort() & 0xFFFFL : buf.getShort();
                case 4 -> v = kind == 'u' ? buf.getInt() & 0xFFFFFFFFL : buf.getInt();
                default -> v = buf.getLong();
            }
            boolean unsignedHuge = kind == 'u' && width == 8 && v < 0;
            if (unsignedHuge || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IOException(where + ": value " + (unsignedHuge ? Long.toUnsignedString(v) : v)
                        + " at index " + index(i, shape) + " does not fit in int32");
            }
            data[i] = (int) v;
        }
        return new NpyArray(shape, data);
    }
}
