package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.accounting.OperationCounters;
import io.github.loihiemu.core.synapse.WeightFormat;
import io.github.loihiemu.core.util.SplitMix64;
import io.github.loihiemu.core.util.VectorSupport;

/**
 * One emulated neurocore: it owns the state of its compartments, its dendritic accumulators, its synaptic memory and
 * input axons, its learning state and its operation counters. Everything is a primitive array in struct-of-arrays
 * layout so that the update and delivery loops are branch-free and allocation-free.
 *
 * <p>The dendritic accumulators are one array per delay slot, {@code acc[slot][compartment]}, indexed like the
 * compartments' own arrays, so that the update loop and the add of a dense synapse row each run over arrays that share
 * one index (the loop shape C2 vectorises). Accumulators are plain int sums: modular addition commutes with the 22-bit
 * wrap, so the wrap is applied once, when the slot is read.
 */
final class Neurocore {
    final int slot;
    final int id;
    final int n;
    final int slotMask;

    // compartment parameters
    final int[] decayFactorU;
    final int[] decayFactorV;
    final int[] threshold;
    /** Per compartment; may be shared with other cores after the build ({@link #shareBias}), copied on a write. */
    int[] bias;
    private boolean biasShared;
    final int[] refractoryDelay;
    final boolean[] backprop;
    final boolean[] noise;
    final boolean anyNoise;
    /** Every compartment has full current and voltage decay (u and v keep nothing from the last step). */
    final boolean memoryless;
    /**
     * Every compartment has the same decays, threshold and refractory delay (a core of one prototype, as CUBA's):
     * the kernel then reads them as four constants instead of four arrays.
     */
    final boolean uniform;
    final int vMin;
    final int vMax;
    final int noiseShift;
    final int noiseOffset;
    final boolean noiseAtVoltage;
    final SplitMix64 noiseRandom;

    // compartment state
    final int[] u;
    final int[] v;
    final int[] refractory;
    /** Dendritic accumulators: {@code acc[t mod D][compartment]}. */
    final int[][] acc;

    // spikes of this step, and the last step each compartment fired (for probes; Long.MIN_VALUE: never)
    final int[] fired;
    int firedCount;
    /** Per compartment, -1 if it fired this step (scratch of the update kernel). */
    final int[] spikeFlag;
    final long[] lastSpike;

    // synaptic memory: input axon a owns synapses axonInfo[2a] .. axonInfo[2a+2]-1
    /**
     * The format of each axon's first synapse: every format of an axon belongs to its one connection. Null on a core
     * without plastic synapses whose synapses all have one format (read {@link #axonFormat(int)}).
     */
    final int[] axonFormat;
    /**
     * The format of every synapse of an axon, or -1 when they have formats of their own (their weights then follow
     * {@link #synapseFormat}): the learning engine reads it once per axon, not per synapse. Null on a core without
     * plastic synapses.
     */
    final int[] axonWeightFormat;
    /**
     * What delivery reads of axon a, two ints per axon and the next axon's first: [2a] first synapse, [2a+1] the
     * common delay (bits 0-7), the shifts that turn a mantissa into its increment (bits 8-11 right, 12-15 left, see
     * {@link WeightFormat#scale}) unless flag {@link #VARIABLE_DELAY} or {@link #MIXED_FORMATS} sends the axon down
     * the per-synapse path, and above bit {@link #DENSE_SHIFT} the first target of a dense axon plus 1 (targets
     * consecutive; 0: sparse, see {@link #denseTarget}), [2a+2] the end (the next axon's first; the last entry is the
     * synapse count). A message then costs one miss here (two when the 12 bytes straddle a cache line, one in 8) and
     * one in the row or the synapse list; under scattered connectivity, where every synapse is an axon of its own,
     * the table is 8 bytes per synapse instead of the 16 of four ints.
     */
    final int[] axonInfo;
    /** Flags of {@code axonInfo[2a+1]}: the axon's synapses have delays, or formats, of their own. */
    static final int VARIABLE_DELAY = 1 << 16;
    static final int MIXED_FORMATS = 1 << 17;
    static final int DENSE_SHIFT = 18;
    /**
     * Dense axons whose first target is at or above this are kept as sparse ones (same sums, read through the target
     * list): 14 bits hold the first target plus 1, and the mapper never puts more than 1,024 compartments on a core.
     */
    static final int DENSE_LIMIT = (1 << (32 - DENSE_SHIFT)) - 1;

    /** The first target of a dense axon from its {@code axonInfo[2a+1]}, or -1 when sparse. */
    static int denseTarget(int packed) {
        return (packed >>> DENSE_SHIFT) - 1;
    }
    /** Local target of every synapse: a core has at most 1,024 compartments, so a char holds it in half an int. */
    final char[] synapseTarget;
    /**
     * Weight mantissas (-256..255 whatever the format): a short each. The only copy for synapses outside rows, whose
     * increments delivery computes from it with the axon's two shifts (cheaper than a second array's cache miss).
     */
    final short[] synapseWeight;
    /**
     * For dense rows of at least {@link #ROW_MIN} synapses: the row's increments (null on a core without such rows),
     * kept current with {@link #synapseWeight}. Synapse k of axon a sits at index
     * {@code k + rowIndex[a]}. Normally that index is the target compartment itself, so delivery adds
     * {@code acc[slot][i] += row[i]}: both arrays share one index, the only shape C2 (Java 17) vectorises (the entries
     * below the first target are never read). The unread entries are bounded: a row is aligned so when its first
     * target is at most twice its length, or while the core's unread entries stay within its synapse count; other
     * rows keep index 0 and are added through {@link #rowBuffer}.
     */
    final int[][] rowIncrement;
    final int[] rowIndex;
    /** The axon of every synapse (a learning update knows the synapse, and needs its row); null when not plastic. */
    final int[] synapseAxon;
    final int[] rowBuffer;
    static final int ROW_MIN = 16;
    /** Per-synapse delays, kept only where learning may change them or some axon's synapses differ; else null. */
    final int[] synapseDelay;
    /** Tags, kept only on a core with plastic synapses (only the learning engine reads them); else null. */
    final int[] synapseTag;
    /** Whether the core holds plastic synapses: only then are the learning engine's per-synapse arrays kept. */
    final boolean plastic;

    /**
     * Each synapse's format: an index into the core's formats, one per (connection, weight format) here. Null when
     * every axon's synapses share one format and nothing learns ({@link #axonFormat} then says it).
     */
    final int[] synapseFormat;
    final int[] formatExponent;

    // output routing of the local compartments: CSR
    final int[] outStart;
    /**
     * The mailbox box (one per destination core reached) each output axon posts to, and the input axon it reaches
     * there ({@code -(r + 1)}: reward axon r). 16 bits each: the mapper allows at most 4,096 output and 4,096 input
     * axons per core, and a route is as many bytes as a synapse under scattered connectivity.
     */
    final char[] outBox;
    final short[] outAxon;
    /**
     * Per compartment, its hop class: the hop statistics of its output axons (hop sums, messages within the tile,
     * largest hop counts) are {@code hopStats[5 * hopClass[i] .. + 4]}. Few compartments differ in them, so the
     * distinct ones are stored once instead of five ints per compartment.
     */
    final int[] hopClass;
    final int[] hopStats;

    /** The learning engine, or null when no plastic synapse lives here. */
    LearningEngine learning;

    final OperationCounters counters = new OperationCounters();
    /**
     * Set on every core of a plan that merged chip cores ({@link io.github.loihiemu.core.mapping.MappingPlan#compute}):
     * how it charges its work to its chip cores (one, or several when {@link ChipCharges#merged}).
     */
    ChipCharges charges;
    /** The counters this core writes: its own, or its chip cores' ({@link #charges}). */
    OperationCounters[] chipCounters = {counters};
    /**
     * Per compartment, 1 if the general kernel found it active this step (null where that kernel never runs); a
     * merged compute core shares its charges' array, so that the kernel marks what they count per chip core.
     */
    int[] activity;

    /** Where this core's outgoing spikes go: bound each step to its worker's outbox of the step's parity. */
    final Mailbox mailbox;

    /**
     * The synaptic memory a core is built with (what {@link io.github.loihiemu.core.mapping.CoreLayout} decided):
     * input axon a owns synapses {@code axonStart[a] .. axonStart[a+1]-1}, all of one connection; synapse k has
     * target, weight mantissa, delay and format index, or, where {@code synapseDelay} ({@code synapseFormat}) is
     * null, {@code uniformDelay} ({@code axonFormat[a]} for axon a's synapses, or where that is null too,
     * {@code uniformFormat}); {@code formatExponent[f]} is format f's weight exponent. The
     * core reads the axon starts, adopts the target and weight arrays as its own, and keeps the delay and format
     * arrays.
     */
    record SynapticMemory(int[] axonStart, char[] synapseTarget, short[] synapseWeight, int[] synapseDelay,
                          int uniformDelay, int[] synapseFormat, int[] axonFormat, int uniformFormat,
                          int[] formatExponent) {
        static SynapticMemory empty() {
            return new SynapticMemory(new int[] {0}, new char[0], new short[0], null, 0, null, null, 0, new int[0]);
        }

        static SynapticMemory of(io.github.loihiemu.core.mapping.MappingPlan.Synapses s, int[] formatExponent) {
            return new SynapticMemory(s.axonStart(), s.target(), s.weight(), s.delay(), s.uniformDelay(), s.format(),
                    s.axonFormat(), s.uniformFormat(), formatExponent);
        }

        /** The format index of axon a's first synapse (0 for an axon without synapses). */
        int formatOfAxon(int a) {
            if (axonStart[a + 1] <= axonStart[a]) {
                return 0;
            }
            return synapseFormat != null ? synapseFormat[axonStart[a]] : axonFormat != null ? axonFormat[a]
                    : uniformFormat;
        }

        /** The format index of every synapse, as an array (expanded where they are kept per axon or uniform). */
        int[] formatPerSynapse() {
            if (synapseFormat != null) {
                return synapseFormat;
            }
            int[] all = new int[synapseTarget.length];
            for (int a = 0; a + 1 < axonStart.length; a++) {
                java.util.Arrays.fill(all, axonStart[a], axonStart[a + 1],
                        axonFormat != null ? axonFormat[a] : uniformFormat);
            }
            return all;
        }

        /** The largest delay of any synapse (0 without synapses). */
        int maxDelay() {
            if (synapseDelay == null) {
                return synapseTarget.length == 0 ? 0 : uniformDelay;
            }
            int max = 0;
            for (int d : synapseDelay) {
                max = Math.max(max, d);
            }
            return max;
        }
    }

    /**
     * The output axons of a core's compartments, CSR over the local compartments: compartment i sends to
     * {@code (core[o], axon[o])} for {@code o in start[i] .. start[i+1]-1}, with the mesh hops of each route.
     */
    /**
     * Sets compartment i's bias (units of u) after construction, for groups with per-compartment biases; any flag
     * derived from the biases must be updated here too.
     */
    void setBias(int i, int value) {
        if (biasShared) {
            bias = java.util.Arrays.copyOf(bias, n);
            biasShared = false;
        }
        bias[i] = value;
    }

    /**
     * Once the builder has written the per-compartment biases: shares the bias array with cores of equal biases, so
     * that the update kernel of a network of many equal cores (CUBA's ten) reads it from the same cache lines.
     */
    void shareBias(ArrayInterner shared) {
        int[] b = shared.intern(bias);
        biasShared = true;             // even when b is this core's own array: others may share it now
        bias = b;
    }

    record OutputAxons(int[] start, int[] core, int[] axon, int[] hopsEastWest, int[] hopsNorthSouth) {
        static OutputAxons none(int compartments) {
            return new OutputAxons(new int[compartments + 1], new int[0], new int[0], new int[0], new int[0]);
        }
    }

    Neurocore(int slot, int id, CompartmentPrototype[] prototypes, int dendriticAccumulators, SynapticMemory memory,
              OutputAxons outputs, long seed) {
        this(slot, id, prototypes, dendriticAccumulators, memory, outputs, seed, true);
    }

    /**
     * @param dendriticAccumulators the length of the accumulator ring: at least the largest delay plus 2, a power of 2
     * @param plastic               whether a learning engine will run here (else its per-synapse arrays are dropped)
     */
    Neurocore(int slot, int id, CompartmentPrototype[] prototypes, int dendriticAccumulators, SynapticMemory memory,
              OutputAxons outputs, long seed, boolean plastic) {
        this(slot, id, prototypes, dendriticAccumulators, memory, outputs, seed, plastic, false);
    }

    /**
     * @param lean align rows only while their unread entries stay within a quarter of the core's synapses (instead
     *             of all of them, and of twice a row's length): for boards built to be as small as they can be, where
     *             a row that is not aligned costs two short copies per message against a cache miss that dominates
     */
    Neurocore(int slot, int id, CompartmentPrototype[] prototypes, int dendriticAccumulators, SynapticMemory memory,
              OutputAxons outputs, long seed, boolean plastic, boolean lean) {
        this(slot, id, prototypes, dendriticAccumulators, memory, outputs, seed, plastic, lean, null);
    }

    /**
     * @param shared where the arrays that no one writes after construction are interned, so that cores of equal
     *               content share them (null: the core keeps its own)
     */
    Neurocore(int slot, int id, CompartmentPrototype[] prototypes, int dendriticAccumulators, SynapticMemory memory,
              OutputAxons outputs, long seed, boolean plastic, boolean lean, ArrayInterner shared) {
        this.slot = slot;
        this.plastic = plastic;
        this.id = id;
        this.n = prototypes.length;
        if (n >= SPIKE_UNIT / 2) {
            throw new IllegalArgumentException(n + " compartments on one core; the kernels count at most 32,767");
        }
        this.slotMask = dendriticAccumulators - 1;
        final int[] decayFactorU = new int[n];
        final int[] decayFactorV = new int[n];
        final int[] threshold = new int[n];
        bias = new int[n];
        final int[] refractoryDelay = new int[n];
        final boolean[] backprop = new boolean[n];
        final boolean[] noise = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            CompartmentPrototype p = prototypes[i];
            decayFactorU[i] = 4096 - p.currentDecay();
            decayFactorV[i] = 4096 - p.voltageDecay();
            threshold[i] = p.threshold();
            bias[i] = p.bias();
            refractoryDelay[i] = p.refractoryDelay();
            backprop[i] = p.enableSpikeBackprop();
            noise[i] = p.enableNoise();
            any |= p.enableNoise();
        }
        anyNoise = any;
        // bias is shared only after the builder has written the per-compartment biases (shareBias)
        this.decayFactorU = shared == null ? decayFactorU : shared.intern(decayFactorU);
        this.decayFactorV = shared == null ? decayFactorV : shared.intern(decayFactorV);
        this.threshold = shared == null ? threshold : shared.intern(threshold);
        this.refractoryDelay = shared == null ? refractoryDelay : shared.intern(refractoryDelay);
        this.backprop = shared == null ? backprop : shared.intern(backprop);
        this.noise = shared == null ? noise : shared.intern(noise);
        boolean forget = true;
        for (int i = 0; i < n; i++) {
            forget &= decayFactorU[i] == 0 && decayFactorV[i] == 0;
        }
        memoryless = forget;
        boolean same = true;
        for (int i = 1; i < n; i++) {
            same &= decayFactorU[i] == decayFactorU[0] && decayFactorV[i] == decayFactorV[0]
                    && threshold[i] == threshold[0] && refractoryDelay[i] == refractoryDelay[0];
        }
        uniform = same;
        activity = uniform || memoryless || anyNoise ? null : new int[n];
        CompartmentPrototype p0 = prototypes[0];
        vMin = p0.vMin();
        vMax = p0.vMax();
        noiseShift = p0.noiseExp() >= 7 ? p0.noiseExp() - 7 : p0.noiseExp() - 6;
        noiseOffset = 64 * p0.noiseMantOffset();
        noiseAtVoltage = p0.noiseAtVoltage();
        noiseRandom = new SplitMix64(SplitMix64.derive(seed, 1));

        u = new int[n];
        v = new int[n];
        refractory = new int[n];
        acc = new int[dendriticAccumulators][n];
        fired = new int[n];
        spikeFlag = new int[n];
        lastSpike = new long[n];
        java.util.Arrays.fill(lastSpike, Long.MIN_VALUE);

        final int[] axonStart = memory.axonStart();
        final char[] target = memory.synapseTarget();
        final short[] weight = memory.synapseWeight();
        final int synapses = target.length;
        // uniform delays and formats come as one value (a large board's build then allocates no array for them);
        // a core that keeps them (plastic) gets the array
        final int[] delay = memory.synapseDelay() != null || !plastic ? memory.synapseDelay()
                : filled(synapses, memory.uniformDelay());
        final int[] format = memory.synapseFormat() != null || !plastic ? memory.synapseFormat()
                : memory.formatPerSynapse();
        final int uniformDelay = memory.uniformDelay();
        this.formatExponent = memory.formatExponent();
        int axons = axonStart.length - 1;
        final int[] axonFormat = new int[axons];
        int[] weightFormat = new int[axons];
        axonInfo = new int[2 * axons + 1];
        boolean mixedFormats = false;
        boolean mixedDelays = false;
        for (int a = 0; a < axons; a++) {
            int from = axonStart[a];
            int to = axonStart[a + 1];
            axonFormat[a] = to <= from ? 0 : format == null ? memory.formatOfAxon(a) : format[from];
            int d = to <= from ? 0 : delay == null ? uniformDelay : delay[from];
            weightFormat[a] = axonFormat[a];
            boolean dense = true;
            if (format != null || delay != null) {
                for (int k = from + 1; k < to; k++) {
                    if (format != null && format[k] != axonFormat[a]) {
                        weightFormat[a] = -1;
                    }
                    if (delay != null && delay[k] != d) {
                        d = -1;
                    }
                }
            }
            // stops at the first gap, so that a sparse row costs a few reads
            for (int k = from + 1; k < to && dense; k++) {
                dense = target[k] == target[k - 1] + 1;
            }
            mixedFormats |= weightFormat[a] < 0;
            mixedDelays |= d < 0;
            axonInfo[2 * a] = from;
            int e = formatExponent[axonFormat[a]];
            int first = dense && to > from && target[from] < DENSE_LIMIT ? target[from] : -1;
            axonInfo[2 * a + 1] = (d < 0 ? VARIABLE_DELAY : d) | (weightFormat[a] < 0 ? MIXED_FORMATS : 0)
                    | (e >= 0 ? 0 : -e) << 8 | (e >= 0 ? e + 6 : 6) << 12 | (first + 1) << DENSE_SHIFT;
        }
        axonInfo[2 * axons] = axonStart[axons];
        this.axonFormat = plastic || formatExponent.length > 1 ? axonFormat : null;
        axonWeightFormat = plastic ? weightFormat : null;
        synapseFormat = plastic || mixedFormats ? format : null;
        synapseDelay = plastic || mixedDelays ? delay : null;
        synapseTag = plastic ? new int[synapses] : null;
        synapseAxon = plastic ? new int[synapses] : null;
        // adopted, not copied: the builder hands over arrays no one else holds
        synapseTarget = target;
        synapseWeight = weight;
        int[][] rows = null;
        int[] rowAt = null;
        int longest = 0;
        long unread = 0;
        for (int a = 0; a < axons; a++) {
            int len = axonStart[a + 1] - axonStart[a];
            int first = denseTarget(axonInfo[2 * a + 1]);
            // with the vector kernels a row of one format is added straight from its weights (VectorKernel.addRow):
            // half the bytes of an int row, and nothing for the learning engine to keep current
            boolean fromWeights = VectorSupport.available() && (axonInfo[2 * a + 1] & MIXED_FORMATS) == 0;
            if (first >= 0 && len >= ROW_MIN && !fromWeights) {
                if (rows == null) {
                    rows = new int[axons][];
                    rowAt = new int[axons];
                }
                if (lean ? unread + first <= synapses / 4 : first <= 2 * len || unread + first <= synapses) {
                    unread += first;
                    rows[a] = new int[first + len];
                    rowAt[a] = first - axonStart[a];
                } else {
                    rows[a] = new int[len];
                    rowAt[a] = -axonStart[a];
                    longest = Math.max(longest, len);
                }
            }
            int[] row = rows == null ? null : rows[a];
            if (synapseAxon != null) {
                java.util.Arrays.fill(synapseAxon, axonStart[a], axonStart[a + 1], a);
            }
            if (row != null) {
                int at = rowAt[a];
                if (format == null) {
                    int e = formatExponent[axonFormat[a]];
                    for (int k = axonStart[a]; k < axonStart[a + 1]; k++) {
                        row[k + at] = WeightFormat.scale(weight[k], e);
                    }
                } else {
                    for (int k = axonStart[a]; k < axonStart[a + 1]; k++) {
                        row[k + at] = WeightFormat.scale(weight[k], formatExponent[format[k]]);
                    }
                }
            }
        }
        rowIncrement = rows;
        rowIndex = rowAt;
        rowBuffer = new int[longest];
        this.outStart = shared == null ? outputs.start() : shared.intern(outputs.start());
        int routes = outputs.core().length;
        int[] routeBox = new int[routes];
        // one box per destination core reached; routes post to their box by index
        mailbox = Mailbox.forRoutes(slot, outputs.core(), routeBox);
        outBox = new char[routes];
        outAxon = new short[routes];
        for (int o = 0; o < routes; o++) {
            int axon = outputs.axon()[o];
            if (routeBox[o] != (char) routeBox[o] || !Mailbox.fits(axon)) {
                throw new IllegalStateException("core " + id + ": route " + o + " to box " + routeBox[o] + ", axon "
                        + axon + " is beyond the 16 bits that the mapper's axon limits leave room for");
            }
            outBox[o] = (char) routeBox[o];
            outAxon[o] = (short) axon;
        }
        int[] hopClass = new int[n];
        int[] hopStats = hopClasses(n, outStart, outputs.hopsEastWest(), outputs.hopsNorthSouth(), hopClass);
        this.hopClass = shared == null ? hopClass : shared.intern(hopClass);
        this.hopStats = shared == null ? hopStats : shared.intern(hopStats);
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /**
     * The distinct hop statistics of the compartments' output axons (EW sum, NS sum, messages within the tile, EW
     * max, NS max; 5 ints each) in first-seen order; writes each compartment's class into {@code hopClass}.
     */
    private static int[] hopClasses(int n, int[] start, int[] hopsEw, int[] hopsNs, int[] hopClass) {
        int[] stats = new int[5 * 8];
        int classes = 0;
        int[] table = new int[64];             // open addressing: class + 1, 0 = empty
        int[] s = new int[5];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(s, 0);
            for (int o = start[i]; o < start[i + 1]; o++) {
                s[0] += hopsEw[o];
                s[1] += hopsNs[o];
                s[2] += (hopsEw[o] | hopsNs[o]) == 0 ? 1 : 0;
                s[3] = Math.max(s[3], hopsEw[o]);
                s[4] = Math.max(s[4], hopsNs[o]);
            }
            int h = 0;
            for (int q = 0; q < 5; q++) {
                h = h * 0x9E3779B1 + s[q];
            }
            int mask = table.length - 1;
            int p = (h ^ (h >>> 16)) & mask;
            int found = -1;
            while (table[p] != 0) {
                int c = table[p] - 1;
                if (stats[5 * c] == s[0] && stats[5 * c + 1] == s[1] && stats[5 * c + 2] == s[2]
                        && stats[5 * c + 3] == s[3] && stats[5 * c + 4] == s[4]) {
                    found = c;
                    break;
                }
                p = (p + 1) & mask;
            }
            if (found < 0) {
                found = classes++;
                if (5 * classes > stats.length) {
                    stats = java.util.Arrays.copyOf(stats, 2 * stats.length);
                }
                System.arraycopy(s, 0, stats, 5 * found, 5);
                table[p] = found + 1;
                if (2 * classes > table.length) {
                    table = rehash(table, stats, classes);
                }
            }
            hopClass[i] = found;
        }
        return java.util.Arrays.copyOf(stats, 5 * classes);
    }

    private static int[] rehash(int[] table, int[] stats, int classes) {
        int[] bigger = new int[2 * table.length];
        int mask = bigger.length - 1;
        for (int c = 0; c < classes; c++) {
            int h = 0;
            for (int q = 0; q < 5; q++) {
                h = h * 0x9E3779B1 + stats[5 * c + q];
            }
            int p = (h ^ (h >>> 16)) & mask;
            while (bigger[p] != 0) {
                p = (p + 1) & mask;
            }
            bigger[p] = c + 1;
        }
        return bigger;
    }

    /**
     * Spiking phase, first half: every compartment consumes accumulator slot {@code t mod D} and updates u, v and its
     * refractory counter (docs/loihi-semantics.md, "Compartment"); the indices of fired compartments are collected.
     * Branch-free so that C2 can vectorise the arithmetic.
     */
    void updateCompartments(long t) {
        if (anyNoise) {
            updateCompartmentsWithNoise(t);
            return;
        }
        if (memoryless) {
            updateMemorylessCompartments(t);
            return;
        }
        if (uniform && (charges == null || !charges.merged)) {
            updateUniformCompartments(t);   // a merged core needs the activity flags that only the general kernel writes
            return;
        }
        if (uniform && VectorSupport.available() && !scalarKernels && activity != null) {
            // the vector kernel writes them too
            int active = VectorKernel.updateUniform(n, acc[(int) (t & slotMask)], u, v, refractory, bias, spikeFlag,
                    activity, fired, decayFactorU[0], decayFactorV[0], threshold[0], refractoryDelay[0], vMin, vMax,
                    SPIKE_UNIT);
            spikesFound(t, active & (SPIKE_UNIT - 1), active >>> 16);
            return;
        }
        final int n = this.n;
        final int[] input = acc[(int) (t & slotMask)];
        final int[] u = this.u;
        final int[] v = this.v;
        final int[] ref = this.refractory;
        final int[] fu = this.decayFactorU;
        final int[] fv = this.decayFactorV;
        final int[] vth = this.threshold;
        final int[] bias = this.bias;
        final int[] rd = this.refractoryDelay;
        final int[] flag = this.spikeFlag;
        final int[] act = this.activity;
        final int vMin = this.vMin;
        final int vMax = this.vMax;
        int active = 0;       // an int sum: a long reduction would stop C2 from vectorising
        // pass 1: the arithmetic, with no data-dependent stores, so that C2 vectorises it; the slot is cleared as
        // it is read, for the step t + D
        for (int i = 0; i < n; i++) {
            int q = (input[i] << 10) >> 10;
            input[i] = 0;
            int ui = ((decay(u[i], fu[i]) + q) << 8) >> 8;
            int ub = (ui + bias[i]) << 8 >> 8;
            int vi = decay(v[i], fv[i]) + ub;
            int lo = vi - vMin;                        // clamp to [vMin, vMax] with masks: Math.min/max stop C2
            vi -= lo & (lo >> 31);                     // from vectorising this loop (6 ns instead of 1 ns)
            int hi = vi - vMax;
            vi -= hi & ~(hi >> 31);
            int r = ref[i];
            vi &= (r - 1) >> 31;                       // held at 0 while refractory
            int spike = (vth[i] - vi) >> 31;           // -1 iff v > vth (strict)
            int any = q | ui | vi;
            int a = (any | -any) >>> 31;
            active += a | (spike & SPIKE_UNIT);
            vi &= ~spike;
            r = (r & ~spike) | (rd[i] & spike);
            r -= 1;
            r &= ~(r >> 31);
            u[i] = ui;
            v[i] = vi;
            ref[i] = r;
            flag[i] = spike;
            act[i] = a;                                // what a compute core charges per chip core (ChipCharges)
        }
        collectSpikes(t, active & (SPIKE_UNIT - 1), active >>> 16);
    }

    /**
     * {@link #updateCompartments} for a {@link #uniform} core: the same arithmetic with the decays, threshold and
     * refractory delay as constants, in three loops: u (flag keeps the step's input for the last loop), v, then the
     * spike test, the refractory counter and the counts. Small loops are what C2 17 vectorises best: ten cores of 400
     * silent compartments take 4.14-4.50 us per step, against 4.31-4.48 in two loops, 5.07 in one, and 5.24-5.47 with
     * the general kernel (which C2 does not vectorise when split: 13 us). The refractory counter is reloaded as
     * {@code r + ((delay - r) & spike)}: the select {@code (r & ~spike) | (delay & spike)} with a constant delay stops
     * C2 17 from vectorising the loop (9 ns per compartment instead of 1.2).
     */
    private void updateUniformCompartments(long t) {
        final int n = this.n;
        final int[] input = acc[(int) (t & slotMask)];
        final int[] u = this.u;
        final int[] v = this.v;
        final int[] ref = this.refractory;
        final int[] bias = this.bias;
        final int[] flag = this.spikeFlag;
        final int fu = decayFactorU[0];
        final int fv = decayFactorV[0];
        final int vth = threshold[0];
        final int rd = refractoryDelay[0];
        final int vMin = this.vMin;
        final int vMax = this.vMax;
        if (VectorSupport.available() && !scalarKernels) {
            int active = VectorKernel.updateUniform(n, input, u, v, ref, bias, flag, null, fired, fu, fv, vth, rd,
                    vMin, vMax, SPIKE_UNIT);
            spikesFound(t, active & (SPIKE_UNIT - 1), active >>> 16);
            return;
        }
        // the slot is cleared as it is read, for the step t + D
        for (int i = 0; i < n; i++) {
            int q = (input[i] << 10) >> 10;
            input[i] = 0;
            u[i] = ((decay(u[i], fu) + q) << 8) >> 8;
            flag[i] = q;
        }
        for (int i = 0; i < n; i++) {
            int ub = (u[i] + bias[i]) << 8 >> 8;
            int vi = decay(v[i], fv) + ub;
            int lo = vi - vMin;
            vi -= lo & (lo >> 31);
            int hi = vi - vMax;
            vi -= hi & ~(hi >> 31);
            v[i] = vi;
        }
        int active = 0;
        for (int i = 0; i < n; i++) {
            int vi = v[i];
            int r = ref[i];
            vi &= (r - 1) >> 31;
            int spike = (vth - vi) >> 31;
            int any = flag[i] | u[i] | vi;
            active += ((any | -any) >>> 31) | (spike & SPIKE_UNIT);
            vi &= ~spike;
            r += (rd - r) & spike;
            r -= 1;
            r &= ~(r >> 31);
            v[i] = vi;
            ref[i] = r;
            flag[i] = spike;
        }
        collectSpikes(t, active & (SPIKE_UNIT - 1), active >>> 16);
    }

    /**
     * {@code x} decayed by {@code f}/4096 in sign-magnitude: the magnitude's product truncated (two multiplies, as
     * |x| * f can exceed 32 bits). Small enough for C2 to inline into the kernels' loops before vectorising them.
     */
    static int decay(int x, int f) {
        int s = x >> 31;
        int m = (x ^ s) - s;
        int d = (m >>> 12) * f + (((m & 0xFFF) * f) >>> 12);
        return (d ^ s) - s;
    }

    /**
     * {@link #updateCompartments} for a core whose compartments all have current and voltage decay 4096: the decayed
     * u and v are exactly 0, so u is the step's input and v its sum with the bias. Same results, under half the time.
     */
    private void updateMemorylessCompartments(long t) {
        final int n = this.n;
        final int[] input = acc[(int) (t & slotMask)];
        final int[] u = this.u;
        final int[] v = this.v;
        final int[] ref = this.refractory;
        final int[] vth = this.threshold;
        final int[] bias = this.bias;
        final int[] rd = this.refractoryDelay;
        final int[] flag = this.spikeFlag;
        final int vMin = this.vMin;
        final int vMax = this.vMax;
        int active = 0;
        // two loops: as one, C2 17 neither unrolls nor vectorises this body (2-3 ns per compartment), nor the first
        // loop when it holds the reduction; so the first leaves u and v before the spike test, the second counts the
        // active compartments, tests, resets and counts down (both vectorised: 0.57 ns per compartment).
        for (int i = 0; i < n; i++) {
            int q = (input[i] << 10) >> 10;
            input[i] = 0;
            int vi = ((q + bias[i]) << 8) >> 8;
            int lo = vi - vMin;
            vi -= lo & (lo >> 31);
            int hi = vi - vMax;
            vi -= hi & ~(hi >> 31);
            vi &= (ref[i] - 1) >> 31;
            u[i] = q;
            v[i] = vi;
        }
        for (int i = 0; i < n; i++) {
            int vi = v[i];
            int r = ref[i];
            int any = u[i] | vi;
            int spike = (vth[i] - vi) >> 31;
            active += ((any | -any) >>> 31) | (spike & SPIKE_UNIT);
            vi &= ~spike;
            r = (r & ~spike) | (rd[i] & spike);
            r -= 1;
            r &= ~(r >> 31);
            v[i] = vi;
            ref[i] = r;
            flag[i] = spike;
        }
        collectSpikes(t, active & (SPIKE_UNIT - 1), active >>> 16);
    }

    /**
     * The kernels count active compartments and spikes in one int sum, actives in the low 16 bits and spikes above
     * (a second sum would stop C2 from vectorising the loop; n &lt; 2^15 keeps both fields apart).
     */
    static final int SPIKE_UNIT = 1 << 16;

    /** Tests only: run the scalar kernels even where {@link VectorSupport#available()} holds, to compare the two. */
    boolean scalarKernels;

    /**
     * Pass 2 of the update: the indices of the compartments whose flag is set, and the step's counters. A core
     * that the kernel saw fire nothing ({@code spikes == 0}, most cores in most steps) skips the scan.
     */
    private void collectSpikes(long t, int active, int spikes) {
        if (spikes == 0) {
            firedCount = 0;
            countUpdates(active);
            return;
        }
        scanSpikes(t, active, spikes);
    }

    /**
     * The step's compartment updates: {@code active} of them active. A merged compute core charges each chip core
     * its own: after the memoryless kernel a compartment was active iff its u (the step's input), v or spike flag is
     * non-zero (a spike needs v above a threshold of at least 0); the general kernel marks each one in
     * {@link #activity}.
     */
    private void countUpdates(int active) {
        if (charges == null || !charges.merged) {
            counters.activeUpdates += active;
            counters.inactiveUpdates += n - active;
        } else if (memoryless) {
            charges.countActive(active, u, v, spikeFlag);
        } else {
            charges.countActive(active);        // the general kernel marked them in charges.activity
        }
    }

    /** Pass 2 of the update where the kernel did not count the spikes (the noisy one): every flag is scanned. */
    private void collectSpikes(long t, int active) {
        scanSpikes(t, active, n);
    }

    /**
     * Pass 2 of the update: scans the flags until {@code spikes} spikes are found (the kernel counted them, so the
     * scan stops at the last one: in CUBA a core that fired once scans half its flags on average instead of all).
     */
    private void scanSpikes(long t, int active, int spikes) {
        final int n = this.n;
        final int[] flag = this.spikeFlag;
        // collect the spikes, skipping silent blocks of 8 (a spike flag in pass 1 would stop its
        // vectorisation: an extra sum slows it 4x, an OR reduction crashes C2 17 in TypeVect::xmeet)
        final int[] fired = this.fired;
        int count = 0;
        int i = 0;
        for (; count < spikes && i + 8 <= n; i += 8) {
            if ((flag[i] | flag[i + 1] | flag[i + 2] | flag[i + 3] | flag[i + 4] | flag[i + 5] | flag[i + 6]
                    | flag[i + 7]) != 0) {
                for (int k = i; k < i + 8; k++) {
                    fired[count] = k;
                    count -= flag[k];
                }
            }
        }
        for (; count < spikes && i < n; i++) {
            fired[count] = i;
            count -= flag[i];
        }
        spikesFound(t, active, count);
    }

    /** The step's {@code count} spikes are in {@link #fired}, in ascending order: their times and the counts. */
    private void spikesFound(long t, int active, int count) {
        firedCount = count;
        for (int k = 0; k < count; k++) {
            lastSpike[fired[k]] = t;
        }
        countUpdates(active);
        if (charges == null) {
            counters.spikesOut += count;            // a compute core charges each spike as it routes it
        }
    }

    /** {@link #updateCompartments} for cores with noisy compartments (draws in compartment order). */
    private void updateCompartmentsWithNoise(long t) {
        final int n = this.n;
        final int[] input = acc[(int) (t & slotMask)];
        final int[] u = this.u;
        final int[] v = this.v;
        final int[] ref = this.refractory;
        final int[] fu = this.decayFactorU;
        final int[] fv = this.decayFactorV;
        final int[] vth = this.threshold;
        final int[] bias = this.bias;
        final int[] rd = this.refractoryDelay;
        final int[] flag = this.spikeFlag;
        final int vMin = this.vMin;
        final int vMax = this.vMax;
        int active = 0;
        for (int i = 0; i < n; i++) {
            int q = (input[i] << 10) >> 10;
            input[i] = 0;
            if (anyNoise && noise[i] && !noiseAtVoltage) {
                q = ((q + noise()) << 10) >> 10;
            }
            // u = wrap24(decay(u) + q); decay truncates the magnitude (sign-magnitude arithmetic)
            int ui = ((decay(u[i], fu[i]) + q) << 8) >> 8;
            int ub = (ui + bias[i]) << 8 >> 8;
            if (anyNoise && noise[i] && noiseAtVoltage) {
                ub = ((ui + bias[i] + noise()) << 8) >> 8;
            }
            int vi = Math.min(vMax, Math.max(vMin, decay(v[i], fv[i]) + ub));
            int r = ref[i];
            vi &= (r - 1) >> 31;                       // held at 0 while refractory
            int spike = (vth[i] - vi) >> 31;           // -1 iff v > vth (strict)
            active += ((q | ui | vi) | -(q | ui | vi)) >>> 31;
            vi &= ~spike;
            r = (r & ~spike) | (rd[i] & spike);
            r -= 1;
            r &= ~(r >> 31);
            u[i] = ui;
            v[i] = vi;
            ref[i] = r;
            flag[i] = spike;
        }
        collectSpikes(t, active);
    }

    /** One draw of the core's noise: an 8-bit r plus the mantissa offset, scaled by 2^(E-7) (E &lt; 7: 2^(E-6)). */
    private int noise() {
        int r = noiseRandom.nextBits(8) - 128;
        int x = r + noiseOffset;
        return noiseShift >= 0 ? x << noiseShift : x / (1 << -noiseShift);
    }

    /** Spiking phase: posts one message per output axon of every compartment that fired. */
    void routeSpikes() {
        if (firedCount == 0) {
            return;                    // most cores in most steps: nothing to add to six counters
        }
        if (charges != null) {
            routeSpikesCharged();
            return;
        }
        final int[] fired = this.fired;
        final Mailbox box = this.mailbox;
        final int[] outStart = this.outStart;
        final char[] outBox = this.outBox;
        final short[] outAxon = this.outAxon;
        final int[] stats = this.hopStats;
        long local = 0;
        long hopsEw = 0;
        long hopsNs = 0;
        int maxEw = counters.maxHopsEastWest;
        int maxNs = counters.maxHopsNorthSouth;
        int messages = 0;
        for (int k = 0; k < firedCount; k++) {
            int i = fired[k];
            int end = outStart[i + 1];
            for (int o = outStart[i]; o < end; o++) {
                box.post(outBox[o], outAxon[o]);
            }
            // the hop statistics of a compartment's messages are fixed by the layout: precomputed per hop class
            messages += end - outStart[i];
            int h = 5 * hopClass[i];
            hopsEw += stats[h];
            hopsNs += stats[h + 1];
            local += stats[h + 2];
            maxEw = Math.max(maxEw, stats[h + 3]);
            maxNs = Math.max(maxNs, stats[h + 4]);
        }
        counters.messagesOut += messages;
        counters.localMessages += local;
        counters.hopsEastWest += hopsEw;
        counters.hopsNorthSouth += hopsNs;
        counters.maxHopsEastWest = maxEw;
        counters.maxHopsNorthSouth = maxNs;
    }

    /** {@link #routeSpikes} for a compute core: the chip layout's messages and hops go to each spike's chip core. */
    private void routeSpikesCharged() {
        final int[] fired = this.fired;
        final Mailbox box = this.mailbox;
        final int[] outStart = this.outStart;
        final char[] outBox = this.outBox;
        final short[] outAxon = this.outAxon;
        final int[] charge = charges.spikeCharge;
        final int[] rangeOf = charges.rangeOf;
        final OperationCounters[] chip = charges.counters;
        for (int k = 0; k < firedCount; k++) {
            int i = fired[k];
            int end = outStart[i + 1];
            for (int o = outStart[i]; o < end; o++) {
                box.post(outBox[o], outAxon[o]);
            }
            OperationCounters c = chip[rangeOf[i]];
            int h = 6 * i;
            c.spikesOut++;
            c.messagesOut += charge[h];
            c.hopsEastWest += charge[h + 1];
            c.hopsNorthSouth += charge[h + 2];
            c.localMessages += charge[h + 3];
            c.maxHopsEastWest = Math.max(c.maxHopsEastWest, charge[h + 4]);
            c.maxHopsNorthSouth = Math.max(c.maxHopsNorthSouth, charge[h + 5]);
        }
    }

    /** Delivers axon a's message (see {@link #deliver}) and counts its synaptic events on the chip cores they hit. */
    void deliverCounted(int a, long t) {
        int events = deliver(a, t);
        if (charges == null || !charges.merged) {
            counters.synapticEvents += events;
        } else if (charges.axonClass[a] >= 0) {
            charges.events(a);
        } else {
            final char[] tgt = synapseTarget;
            final int[] rangeOf = charges.rangeOf;
            final OperationCounters[] chip = charges.counters;
            for (int k = axonInfo[2 * a], end = axonInfo[2 * a + 2]; k < end; k++) {
                chip[rangeOf[tgt[k]]].synapticEvents++;
            }
        }
    }

    /** Start of a step: this core's counters (its chip cores') clear their step fields. */
    void beginCounters() {
        for (OperationCounters c : chipCounters) {
            c.beginStep();
        }
    }

    /** End of a step: this core's counters fold the step into their totals. */
    void endCounters() {
        for (OperationCounters c : chipCounters) {
            c.endStep();
        }
    }

    /** Makes this core charge its work to the chip cores of {@code ch}. */
    void chargeTo(ChipCharges ch) {
        charges = ch;
        chipCounters = ch.counters;
        if (ch.merged) {
            activity = ch.activity;
        }
    }

    /**
     * Spiking phase, second half: adds the synapses of input axon {@code a} into the accumulator slots of step
     * {@code t + 1 + delay}. Dense rows are contiguous adds.
     */
    int deliver(int a, long t) {
        final int[] info = axonInfo;
        final int from = info[2 * a];
        final int p = info[2 * a + 1];
        final int to = info[2 * a + 2];
        final short[] w = synapseWeight;
        final int[][] rows = rowIncrement;
        final int[] row = rows == null ? null : rows[a];
        if ((p & VARIABLE_DELAY) == 0 && (row != null || (p & MIXED_FORMATS) == 0)) {
            final int[] s = acc[(int) ((t + 1 + (p & 0xFF)) & slotMask)];
            final int dense = denseTarget(p);
            if (row != null) {
                final int len = to - from;
                if (rowIndex[a] + from == dense) {
                    final int end = dense + len;
                    for (int i = dense; i < end; i++) {
                        s[i] += row[i];
                    }
                } else {
                    final int[] buf = rowBuffer;
                    System.arraycopy(s, dense, buf, 0, len);
                    for (int k = 0; k < len; k++) {
                        buf[k] += row[k];
                    }
                    System.arraycopy(buf, 0, s, dense, len);
                }
            } else {
                final int r = (p >>> 8) & 0xF;
                final int l = (p >>> 12) & 0xF;
                if (dense >= 0) {
                    int o = dense - from;
                    if (to - from >= ROW_MIN && VectorSupport.available()) {
                        VectorKernel.addRow(s, o, w, from, to, r, l);
                    } else {
                        for (int k = from; k < to; k++) {
                            s[o + k] += (w[k] >> r) << l;
                        }
                    }
                } else {
                    final char[] tgt = synapseTarget;
                    for (int k = from; k < to; k++) {
                        s[tgt[k]] += (w[k] >> r) << l;
                    }
                }
            }
        } else {
            // delays or formats of their own (a topology gave them, or learning changed a delay)
            final int[][] acc = this.acc;
            final char[] tgt = synapseTarget;
            final int[] dl = synapseDelay;
            final int[] fm = synapseFormat;
            final int[] exponent = formatExponent;
            final int e = exponent[axonFormat(a)];
            final boolean variable = (p & VARIABLE_DELAY) != 0;
            final int d = p & 0xFF;
            for (int k = from; k < to; k++) {
                int inc = WeightFormat.scale(w[k], fm == null ? e : exponent[fm[k]]);
                acc[(int) ((t + 1 + (variable ? dl[k] : d)) & slotMask)][tgt[k]] += inc;
            }
        }
        if (learning != null) {
            learning.preSpike(a, t);
        }
        return to - from;
    }

    /** Axon {@code a}'s synapses now have delays of their own (the learning engine changed one). */
    void markVariableDelay(int a) {
        axonInfo[2 * a + 1] |= VARIABLE_DELAY;
        if (rowIncrement != null) {
            rowIncrement[a] = null;        // per-synapse delivery reads the weights, which are always current
        }
    }

    /** Whether axon {@code a}'s synapses have delays of their own. */
    boolean variableDelay(int a) {
        return (axonInfo[2 * a + 1] & VARIABLE_DELAY) != 0;
    }

    /** Recomputes the accumulator increment of synapse {@code k} after its weight changed. */
    void refreshIncrement(int k) {
        int a = synapseAxon != null ? synapseAxon[k] : axonOf(k);
        refreshIncrement(a, k, synapseFormat != null ? synapseFormat[k] : axonFormat(a));
    }

    /** The format index of axon a's first synapse. */
    int axonFormat(int a) {
        return axonFormat == null ? 0 : axonFormat[a];
    }

    /** The number of input axons. */
    int axonCount() {
        return axonInfo.length / 2;
    }

    /** The axon that owns synapse k (the last axon starting at or before k: empty axons share a start). */
    private int axonOf(int k) {
        final int[] info = axonInfo;
        int lo = 0;
        int hi = info.length / 2 - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (info[2 * mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** As above when the caller knows the synapse's axon {@code a} (saves two dependent loads per update). */
    void refreshIncrement(int a, int k, int format) {
        int[] row = rowIncrement == null ? null : rowIncrement[a];
        if (row != null) {
            row[k + rowIndex[a]] = WeightFormat.scale(synapseWeight[k], formatExponent[format]);
        }
    }
}
