package io.github.loihiemu.nbp.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden files written by numpy 2.4 (np.save, np.savez, np.savez_compressed) pin the format. */
class NpyTest {
    @TempDir
    Path dir;

    private static Path golden(String name) throws Exception {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    @Test
    void readsWhatNumpyWrites() throws Exception {
        for (String f : new String[] {"golden.npz", "golden_compressed.npz"}) {
            Map<String, NpyArray> a = Npy.readNpz(golden(f));
            assertArrayEquals(new int[] {3, 4}, a.get("W1").shape());
            assertArrayEquals(new int[] {-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5}, a.get("W1").data());
            assertArrayEquals(new int[] {1, -2, 3, Integer.MAX_VALUE}, a.get("W2").data(), "int64 accepted");
        }
        assertArrayEquals(new int[] {5, 3, 1, 0}, Npy.read(golden("order.npy")).data());
    }

    /** Every integer and bool dtype numpy writes, in either byte order (files written by numpy 1.24). */
    @Test
    void readsEveryIntegerAndBoolDtype() throws Exception {
        for (String dt : new String[] {"int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
            "be_i4", "be_u2"}) {
            NpyArray a = Npy.read(golden("dtype_" + dt + ".npy"));
            assertArrayEquals(new int[] {2, 3}, a.shape(), dt);
            assertArrayEquals(new int[] {0, 1, 2, 3, 5, 8}, a.data(), dt);
        }
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1}, Npy.read(golden("dtype_bool.npy")).data());
    }

    @Test
    void rejectsWhatItCannotRepresent() throws Exception {
        assertMessage(golden("fortran.npy"), "Fortran-order");
        assertMessage(golden("floats.npy"), "dtype '<f8' is not supported");
        assertMessage(golden("big.npy"), "value 1099511627776 at index [0] does not fit in int32");
        assertMessage(golden("huge_u8.npy"), "huge_u8.npy: value 9223372036854775813 at index [1, 1] does not fit in int32");
        Path junk = dir.resolve("junk.npy");
        Files.writeString(junk, "not numpy at all");
        assertMessage(junk, "junk.npy: not a .npy file");
        byte[] good = Files.readAllBytes(golden("order.npy"));
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 3));
        assertMessage(cut, "needs 16 data bytes, the file has 13");
    }

    /** A version 1.0 .npy file as numpy writes it: magic, header padded with spaces to 64 bytes, the data. */
    static byte[] npy(String descr, String shape, byte[] data) {
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder header = new StringBuilder(h);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] hb = header.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + hb.length + data.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) hb.length, 0};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(hb, 0, out, 10, hb.length);
        System.arraycopy(data, 0, out, 10 + hb.length, data.length);
        return out;
    }

    @Test
    void readsSpikeArraysOfBoolAndSmallIntegers() throws Exception {
        Path b = dir.resolve("b.npy");
        Files.write(b, npy("|b1", "(2, 3)", new byte[] {1, 0, 0, 0, 1, 1}));
        NpyArray a = Npy.read(b);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new int[] {1, 0, 0, 0, 1, 1}, a.data());
        Files.write(b, npy("|u1", "(2,)", new byte[] {(byte) 200, 3}));
        assertArrayEquals(new int[] {200, 3}, Npy.read(b).data());
        Files.write(b, npy("|i1", "(2,)", new byte[] {(byte) -2, 3}));
        assertArrayEquals(new int[] {-2, 3}, Npy.read(b).data());
        Files.write(b, npy("<i2", "(2,)", new byte[] {(byte) 0xff, (byte) 0xff, 5, 1}));
        assertArrayEquals(new int[] {-1, 261}, Npy.read(b).data());
    }

    private static void assertMessage(Path p, String fragment) {
        IOException e = assertThrows(IOException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void roundTripAndNumpyReadsWhatWeWrite() throws Exception {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("W1", NpyArray.of(2, 3, new int[] {1, -2, 3, -4, 5, -256}));
        m.put("W2", NpyArray.of(new int[] {254}));
        Path f = dir.resolve("w.npz");
        Npy.writeNpz(f, m);
        Map<String, NpyArray> back = Npy.readNpz(f);
        assertArrayEquals(m.get("W1").data(), back.get("W1").data());
        assertArrayEquals(new int[] {2, 3}, back.get("W1").shape());
        assertArrayEquals(new int[] {254}, back.get("W2").data());
        // the header is 64-byte aligned, as numpy writes it
        byte[] raw = Npy.encode(m.get("W1"));
        assertTrue((10 + (raw[8] & 0xFF)) % 64 == 0);
    }

    @Test
    void outputsAreCheckedBeforeAnyWork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        IllegalArgumentException empty = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Npy.checkWritable(java.nio.file.Path.of(""), "--save"));
        org.junit.jupiter.api.Assertions.assertEquals("--save: the path is empty", empty.getMessage());
        IllegalArgumentException dir = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Npy.checkWritable(tmp, "--save"));
        org.junit.jupiter.api.Assertions.assertEquals("--save: " + tmp + " is a directory, not a file",
                dir.getMessage());
        IllegalArgumentException missing = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Npy.checkWritable(tmp.resolve("no/such/out.npz"), "--checkpoint"));
        org.junit.jupiter.api.Assertions.assertEquals("--checkpoint: the folder " + tmp.resolve("no/such")
                + " does not exist", missing.getMessage());
        Npy.checkWritable(tmp.resolve("fine.npz"), "--save");
        // the check leaves nothing behind
        org.junit.jupiter.api.Assertions.assertEquals(0, tmp.toFile().list().length);
    }

    @Test
    void writtenFilesKeepTheUmasksModeAndStaleTempFilesAreRemoved(@org.junit.jupiter.api.io.TempDir
                                                                   java.nio.file.Path tmp) throws Exception {
        // a temp file of a process that no longer runs (as a kill -9 leaves it), and one of a live process
        long dead = deadPid();
        java.nio.file.Path stale = tmp.resolve(".w.npz." + dead + "-1.nbp-part");
        java.nio.file.Path live = tmp.resolve(".w.npz." + ProcessHandle.current().pid() + "-99.nbp-part");
        java.nio.file.Files.writeString(stale, "x");
        java.nio.file.Files.writeString(live, "x");
        java.nio.file.Path out = tmp.resolve("w.npz");
        Npy.writeNpz(out, java.util.Map.of("W1", NpyArray.of(2, 2, new int[] {0, 2, 4, 6})));
        org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(stale));
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.exists(live));
        // the same mode as any file created here (the umask's), not the 0600 of a temp file
        java.nio.file.Path plain = tmp.resolve("plain");
        java.nio.file.Files.newOutputStream(plain).close();
        org.junit.jupiter.api.Assertions.assertEquals(java.nio.file.Files.getPosixFilePermissions(plain),
                java.nio.file.Files.getPosixFilePermissions(out));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        org.junit.jupiter.api.Assertions.assertTrue(ProcessHandle.of(pid).isEmpty());
        return pid;
    }
}
