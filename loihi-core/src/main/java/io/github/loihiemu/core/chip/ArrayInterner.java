package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.mapping.Limits;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One canonical instance per content of the arrays that cores never write after they are built (compartment
 * parameters, output starts, hop classes): cores whose compartments come from the same prototypes, in the same order,
 * then share one array instead of holding a copy each. Lives only while a board is built; the kernels read the shared
 * array exactly as they read a core's own, so sharing changes neither results nor speed.
 *
 * <p>An array of one value throughout (a core filled from one prototype, the usual case) is answered with a shared
 * array of that value at least as long, not only an equal one: cores are filled to different counts, and a core
 * reads only its first n entries. Callers must therefore never rely on the length of what they get. Cores are built
 * on several threads, which share one interner.
 */
final class ArrayInterner {
    private final Map<Key, Object> seen = new HashMap<>();
    private final Map<Integer, int[]> uniformInts = new HashMap<>();
    private final boolean[][] uniformBooleans = new boolean[2][0];

    synchronized int[] intern(int[] a) {
        if (a.length > 0 && uniform(a)) {
            int[] u = uniformInts.get(a[0]);
            if (u == null || u.length < a.length) {
                u = new int[Math.max(a.length, Limits.COMPARTMENTS_PER_CORE)];
                Arrays.fill(u, a[0]);
                uniformInts.put(a[0], u);
            }
            return u;
        }
        return (int[]) seen.computeIfAbsent(new Key(a, Arrays.hashCode(a)), k -> k.array);
    }

    synchronized boolean[] intern(boolean[] a) {
        if (a.length > 0 && uniform(a)) {
            int v = a[0] ? 1 : 0;
            if (uniformBooleans[v].length < a.length) {
                boolean[] u = new boolean[Math.max(a.length, Limits.COMPARTMENTS_PER_CORE)];
                Arrays.fill(u, a[0]);
                uniformBooleans[v] = u;
            }
            return uniformBooleans[v];
        }
        return (boolean[]) seen.computeIfAbsent(new Key(a, Arrays.hashCode(a)), k -> k.array);
    }

    private static boolean uniform(int[] a) {
        for (int x : a) {
            if (x != a[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean uniform(boolean[] a) {
        for (boolean x : a) {
            if (x != a[0]) {
                return false;
            }
        }
        return true;
    }

    /** An array compared by type and content. */
    private record Key(Object array, int hash) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.hash != hash) {
                return false;
            }
            if (array instanceof int[] x && k.array instanceof int[] y) {
                return Arrays.equals(x, y);
            }
            return array instanceof boolean[] x && k.array instanceof boolean[] y && Arrays.equals(x, y);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
