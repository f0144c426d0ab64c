package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.chip.SpikeProbe;

import java.util.Locale;

/**
 * Runs the CUBA network for a given biological time and prints firing rates and speed:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.loihiemu.bench.CubaExample [seconds] [threads]}.
 */
public final class CubaExample {
    private CubaExample() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? parse(args[0], "seconds") : 1.0;
        int threads = args.length > 1 ? (int) parse(args[1], "threads") : 1;
        if (seconds <= 0 || threads < 1 || threads != Math.rint(threads)) {
            System.err.println("usage: CubaExample [seconds > 0] [threads >= 1]");
            System.exit(2);
        }
        CubaNetwork cuba = new CubaNetwork(1);
        int steps = (int) Math.round(seconds * CubaNetwork.STEPS_PER_SECOND);
        try (Board board = cuba.compile(BoardConfig.defaults().withThreads(threads))) {
            SpikeProbe spikes = board.probeSpikes(cuba.neurons());
            board.run(1000);                  // 100 ms transient, also JIT warm-up
            spikes.clear();
            long t0 = System.nanoTime();
            board.run(steps);
            double wall = (System.nanoTime() - t0) / 1e9;
            long exc = 0;
            long inh = 0;
            for (int k = 0; k < spikes.size(); k++) {
                if (spikes.index(k) < CubaNetwork.EXCITATORY) {
                    exc++;
                } else {
                    inh++;
                }
            }
            System.out.printf(Locale.ROOT, "CUBA: %d neurons, %d synapses on %d cores; %.2f s of biological time"
                            + " (%d timesteps) in %.3f s wall: %.0f timesteps/s, %.2f biological s per wall s%n",
                    CubaNetwork.NEURONS, cuba.synapses(), board.plan().coreCount(), seconds, steps, wall,
                    steps / wall, seconds / wall);
            System.out.printf(Locale.ROOT, "mean rate %.2f Hz (excitatory %.2f Hz, inhibitory %.2f Hz)%n",
                    (exc + inh) / (seconds * CubaNetwork.NEURONS), exc / (seconds * CubaNetwork.EXCITATORY),
                    inh / (seconds * (CubaNetwork.NEURONS - CubaNetwork.EXCITATORY)));
        }
    }

    private static double parse(String s, String what) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            System.err.println("CubaExample: " + what + " '" + s + "' is not a number");
            System.exit(2);
            return 0;
        }
    }
}
