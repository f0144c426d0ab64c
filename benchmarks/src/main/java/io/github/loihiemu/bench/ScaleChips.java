package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.energy.EnergyReport;
import io.github.loihiemu.core.mapping.MappingConfig;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Scale measurements outside JMH (docs/scaling.md): memory per synapse and per compartment of a compiled board, build
 * and compile time, and time per step of networks of 1 to 32 full chips. Opt-in ({@code benchmarks/run.sh
 * scale-chips ...}), never part of {@code mvn verify}.
 *
 * <pre>
 *   ScaleChips memory [chips=2] [randomNeurons=32768]   bytes per compartment, per structured and per random synapse
 *   ScaleChips run CHIPS [steps=1000] [threads=1,2]     build, compile and run a structured network of CHIPS chips
 * </pre>
 *
 * The structured network: one group of 131,072 compartments (one chip's worth) per chip; every compartment feeds two
 * runs of 50 consecutive targets, one in its own chip's group and one in the next chip's, at pseudo-random offsets
 * (fan-out 100, fan-in 100 on average). The random network: every neuron feeds 100 distinct targets drawn uniformly.
 * Compartments are driven by their own biases ({@link #spreadBiases}) and excite each other a little (every synapse
 * adds 64 to its target's accumulator, in a 1-bit weight format).
 */
public final class ScaleChips {
    static final int PER_CHIP = 128 * 1024;
    static final int RUN = 50;

    private ScaleChips() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "memory";
        if (mode.equals("memory")) {
            int chips = args.length > 1 ? Integer.parseInt(args[1]) : 2;
            int random = args.length > 2 ? Integer.parseInt(args[2]) : 32768;
            memory(chips, random);
        } else if (mode.equals("run")) {
            if (args.length < 2) {
                throw new IllegalArgumentException("ScaleChips run: give the number of chips");
            }
            int chips = Integer.parseInt(args[1]);
            int steps = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
            String threads = args.length > 3 ? args[3] : "1,2";
            run(chips, steps, threads);
        } else {
            throw new IllegalArgumentException("ScaleChips: unknown mode '" + mode + "' (memory, run)");
        }
    }

    static CompartmentPrototype neuron() {
        return CompartmentPrototype.builder()
                .currentDecay(4096)     // u is the step's input: no gain that could run away
                .voltageDecay(256)
                .vThMant(200)           // 12,800
                .biasMant(900).biasExp(0)
                .refractoryDelay(2)
                .build();
    }

    /** A structured network of {@code chips} chip-sized groups (see the class comment). */
    static Network structured(int chips, int perGroup) {
        return structured(chips, perGroup, 850, 250);
    }

    /** As {@link #structured(int, int)}, with bias mantissas {@code biasLow} to {@code biasLow + biasSpan - 1}. */
    static Network structured(int chips, int perGroup, int biasLow, int biasSpan) {
        Network net = new Network();
        CompartmentGroup[] g = new CompartmentGroup[chips];
        for (int c = 0; c < chips; c++) {
            g[c] = net.createCompartmentGroup("chip" + c, perGroup, neuron());
            spreadBiases(net, g[c], c, biasLow, biasSpan);
        }
        // every weight is the same (an increment of 64), which a 1-bit format stores exactly as mantissa 128 with
        // exponent -7: 1 bit per synapse instead of 8, so that a chip's 131,072 compartments fit its 128 cores (with
        // 8-bit weights the packer needs 138), and 32 chips' worth runs on 32 emulated chips
        ConnectionPrototype proto = ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).numWeightBits(1)
                .weightExponent(-7).build();
        int n = perGroup * RUN;
        int[] weight = new int[n];
        Arrays.fill(weight, 128);
        // the synapse lists of connection r are the same for every chip (the topology copies them), so they are
        // generated once
        int[][] src = new int[2][n];
        int[][] tgt = new int[2][n];
        for (int r = 0; r < 2; r++) {
            int k = 0;
            for (int i = 0; i < perGroup; i++) {
                int start = (int) (mix(i * 2L + r) % (perGroup - RUN + 1));
                for (int j = 0; j < RUN; j++) {
                    src[r][k] = i;
                    tgt[r][k++] = start + j;
                }
            }
        }
        for (int c = 0; c < chips; c++) {
            for (int r = 0; r < 2; r++) {
                net.connect(g[c], g[(c + r) % chips], proto, Topology.sparse(src[r], tgt[r], weight));
            }
        }
        return net;
    }

    /** {@code neurons} neurons, each feeding 100 distinct uniformly drawn targets. */
    static Network random(int neurons, long seed) {
        Network net = new Network();
        CompartmentGroup g = net.createCompartmentGroup("random", neurons, neuron());
        spreadBiases(net, g, 0);
        int fanout = 100;
        int n = neurons * fanout;
        int[] src = new int[n];
        int[] tgt = new int[n];
        int[] w = new int[n];
        Arrays.fill(w, 1);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] pick = new int[fanout];
        int k = 0;
        for (int i = 0; i < neurons; i++) {
            int m = 0;
            while (m < fanout) {
                int t = rnd.nextInt(neurons);
                boolean dup = false;
                for (int q = 0; q < m; q++) {
                    dup |= pick[q] == t;
                }
                if (!dup) {
                    pick[m++] = t;
                }
            }
            for (int q = 0; q < fanout; q++) {
                src[k] = i;
                tgt[k++] = pick[q];
            }
        }
        net.connect(g, g, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build(),
                Topology.sparse(src, tgt, w));
        return net;
    }

    /**
     * Biases of 850..1,099 (bias alone: a spike every 30 to 60 steps), so that the compartments drift apart instead
     * of firing in lockstep; the input (weight 1, 64 per event) shortens the period.
     */
    static void spreadBiases(Network net, CompartmentGroup g, int salt) {
        spreadBiases(net, g, salt, 850, 250);
    }

    static void spreadBiases(Network net, CompartmentGroup g, int salt, int low, int span) {
        int[] mant = new int[g.size()];
        for (int i = 0; i < mant.length; i++) {
            mant[i] = low + (int) (mix(((long) salt << 32) + i) % span);
        }
        net.setBiases(g, mant, new int[g.size()]);
    }

    static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return (x ^ (x >>> 31)) & Long.MAX_VALUE;
    }

    static long synapses(Network net) {
        long s = 0;
        for (var c : net.connections()) {
            s += c.synapseCount();
        }
        return s;
    }

    static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static BoardConfig config(int chips, int threads) {
        return BoardConfig.defaults().withThreads(threads)
                .withMapping(new MappingConfig(8, Math.max(64, chips), true));
    }

    /** The bytes a compiled board keeps, with the description kept and released. */
    record Footprint(long kept, long released, long buildNs, long compileNs, long compileCpuNs) {
    }

    static Footprint footprint(java.util.function.Supplier<Network> make, int chips) throws InterruptedException {
        long base = usedAfterGc();
        long t0 = System.nanoTime();
        Network net = make.get();
        long t1 = System.nanoTime();
        long u1 = cpuNs();
        Board board = Board.compile(net, config(chips, 1));
        long t2 = System.nanoTime();
        long u2 = cpuNs();
        net = null;
        long kept = usedAfterGc() - base;
        board.releaseDescription();
        long released = usedAfterGc() - base;
        board.close();
        return new Footprint(kept, released, t1 - t0, t2 - t1, u2 - u1);
    }

    static void memory(int chips, int randomNeurons) throws InterruptedException {
        int compartments = chips * PER_CHIP;
        // one small board first, so that the one-time heap of loading the classes and the logging framework (about
        // 1 MB) is not counted against the first network's compartments
        Network warm = new Network();
        warm.createCompartmentGroup("warm-up", 10, neuron());
        Board.compile(warm, config(1, 1)).close();
        Footprint none = footprint(() -> {
            Network net = new Network();
            for (int c = 0; c < chips; c++) {
                net.createCompartmentGroup("chip" + c, PER_CHIP, neuron());
            }
            return net;
        }, chips);
        double perCompKept = none.kept / (double) compartments;
        double perComp = none.released / (double) compartments;
        System.out.printf(Locale.ROOT, "compartments only (%,d): %.1f B per compartment kept, %.1f released%n",
                compartments, perCompKept, perComp);
        Footprint s = footprint(() -> structured(chips, PER_CHIP), chips);
        long syn = 2L * compartments * RUN;
        report("structured", compartments, syn, s, perCompKept, perComp);
        Footprint r = footprint(() -> random(randomNeurons, 1), 64);
        report("random", randomNeurons, 100L * randomNeurons, r, perCompKept, perComp);
    }

    static void report(String what, int compartments, long syn, Footprint f, double perCompKept, double perComp) {
        System.out.printf(Locale.ROOT, "%s (%,d compartments, %,d synapses): %.1f MiB kept, %.1f MiB released;"
                        + " %.1f B per synapse kept, %.1f released (compartments at the figures above);"
                        + " build %.2f s (%.1f ns/synapse), compile %.2f s (%.1f ns/synapse wall, %.1f cpu)%n",
                what, compartments, syn, f.kept / 1048576.0, f.released / 1048576.0,
                (f.kept - perCompKept * compartments) / syn, (f.released - perComp * compartments) / syn,
                f.buildNs / 1e9, f.buildNs / (double) syn, f.compileNs / 1e9, f.compileNs / (double) syn,
                f.compileCpuNs / (double) syn);
    }

    static long cpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Per thread count: builds the network, compiles it with the description released as it goes, drops the network
     * and runs {@code steps} steps after 20 of warm-up. The network is built anew for each board, so that the heap
     * never holds two boards or a network beside a running board.
     */
    static void run(int chips, int steps, String threadList) throws InterruptedException {
        long base = usedAfterGc();
        for (String ts : threadList.split(",")) {
            int threads = Integer.parseInt(ts.trim());
            long t0 = System.nanoTime();
            long u0 = cpuNs();
            Network net = structured(chips, PER_CHIP);
            long syn = synapses(net);
            int compartments = net.compartmentCount();
            long t1 = System.nanoTime();
            long u1 = cpuNs();
            System.out.printf(Locale.ROOT, "%d chips: %,d compartments, %,d synapses; released estimate %,d MiB; built in %.2f s"
                            + " (%.1f ns/synapse wall, %.1f cpu)%n", chips, compartments, syn,
                    Board.estimateReleasedBytes(net) >> 20, (t1 - t0) / 1e9, (t1 - t0) / (double) syn,
                    (u1 - u0) / (double) syn);
            Board board = Board.compileReleasing(net, config(chips, threads));
            long t2 = System.nanoTime();
            long u2 = cpuNs();
            net = null;
            long bytes = usedAfterGc() - base;
            System.out.printf(Locale.ROOT, "threads %d: compiled in %.2f s (%.1f ns/synapse wall, %.1f cpu);"
                            + " build + compile %.2f s; board %.2f GiB live: %.1f B per synapse all told%n", threads,
                    (t2 - t1) / 1e9, (t2 - t1) / (double) syn, (u2 - u1) / (double) syn, (t2 - t0) / 1e9,
                    bytes / 1073741824.0, bytes / (double) syn);
            board.run(Math.min(20, steps));        // warm-up
            board.resetEnergy();
            long r0 = System.nanoTime();
            board.run(steps);
            long r1 = System.nanoTime();
            EnergyReport e = board.energyReport();
            double msPerStep = (r1 - r0) / 1e6 / steps;
            long events = e.synapticEvents();
            System.out.printf(Locale.ROOT, "threads %d: %d steps, %.3f ms/step, %,d synaptic events (%.0f per step),"
                            + " %.3g events/s, %.2f ns/event, %,d spikes (%.0f per step), %,d compartment updates;"
                            + " %,d cores on %d chips%n",
                    threads, steps, msPerStep, events, events / (double) steps, events / ((r1 - r0) / 1e9),
                    (r1 - r0) / (double) events, e.spikes(), e.spikes() / (double) steps,
                    e.activeUpdates() + e.inactiveUpdates(), e.cores(), e.chips());
            System.out.print(e);
            board.close();
            board = null;
        }
    }
}
