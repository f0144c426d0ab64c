package io.github.loihiemu.core.util;

/**
 * Whether the emulator's vector kernels run in this JVM: they need the JDK's incubating vector module in the boot
 * layer (the JVM started with {@code --add-modules jdk.incubator.vector}, as the project's scripts, benchmarks, tests
 * and Python bridge do) and are not turned off with {@code -Dloihiemu.vector=false}. Results are the same integers
 * either way; only the speed differs (docs/performance.md). This class references no vector type, so that it loads
 * whether or not the module is there.
 */
public final class VectorSupport {
    private static final boolean AVAILABLE = !"false".equals(System.getProperty("loihiemu.vector"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }

    /** Whether the vector kernels run. */
    public static boolean available() {
        return AVAILABLE;
    }
}
