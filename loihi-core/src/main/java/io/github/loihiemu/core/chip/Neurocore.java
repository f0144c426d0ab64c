package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.accounting.OperationCounters;
import io.github.loihiemu.core.synapse.WeightFormat;
import io.github.loihiemu.core.util.SplitMix64;

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
    final int[] bias;
    final int[] refractoryDelay;
    final boolean[] backprop;
    final boolean[] noise;
    final boolean anyNoise;
    /** Every compartment has full current and voltage decay (u and v keep nothing from the last step). */
    final boolean memoryless;
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

    // synaptic memory: input axon a owns synapses axonStart[a] .. axonStart[a+1]-1
    final int[] axonStart;
    /** The format of each axon's first synapse: every format of an axon belongs to its one connection. */
    final int[] axonFormat;
    /**
     * The format of every synapse of an axon, or -1 when they have formats of their own (their weights then follow
     * {@link #synapseFormat}): the learning engine reads it once per axon, not per synapse.
     */
    final int[] axonWeightFormat;
    /** First target of a dense axon (targets consecutive), or -1. */
    final int[] axonDenseBase;
    /** Common delay of an axon's synapses, or -1 when they differ (plastic delays). */
    final int[] axonDelay;
    /**
     * What delivery reads of axon a, packed in one cache line: [4a] first synapse, [4a+1] end, [4a+2] common delay
     * (-1: per synapse), [4a+3] dense base (-1: sparse). A message then costs one miss here and one in the row.
     */
    final int[] axonInfo;
    final int[] synapseTarget;
    final int[] synapseWeight;
    final int[] synapseIncrement;
    /**
     * For dense rows of at least {@link #ROW_MIN} synapses: the row's increments, held here instead of in
     * {@link #synapseIncrement} (whose entries for such rows are not kept current). Synapse k of axon a sits at index
     * {@code k + rowIndex[a]}. Normally that index is the target compartment itself, so delivery adds
     * {@code acc[slot][i] += row[i]}: both arrays share one index, the only shape C2 (Java 17) vectorises (the entries
     * below the first target are never read). The unread entries are bounded: a row is aligned so when its first
     * target is at most twice its length, or while the core's unread entries stay within its synapse count; other
     * rows keep index 0 and are added through {@link #rowBuffer}.
     */
    final int[][] rowIncrement;
    final int[] rowIndex;
    /** The axon of every synapse (a learning update knows the synapse, and needs its row). */
    final int[] synapseAxon;
    final int[] rowBuffer;
    static final int ROW_MIN = 16;
    final int[] synapseDelay;
    final int[] synapseTag;

    /** Each synapse's format: an index into the core's formats, one per (connection, weight format) here. */
    final int[] synapseFormat;
    final int[] formatExponent;

    // output routing of the local compartments: CSR
    final int[] outStart;
    /** The mailbox box (one per destination core reached) each output axon posts to. */
    final int[] outBox;
    final int[] outAxon;
    final int[] outHopsEastWest;
    final int[] outHopsNorthSouth;
    /** Per compartment, over its output axons: hop sums, messages within the tile, largest hop counts. */
    final int[] sumHopsEastWest;
    final int[] sumHopsNorthSouth;
    final int[] localOutputs;
    final int[] maxHopsEastWest;
    final int[] maxHopsNorthSouth;

    /** The learning engine, or null when no plastic synapse lives here. */
    LearningEngine learning;

    final OperationCounters counters = new OperationCounters();

    /** Where this core's outgoing spikes wait for delivery: the box of the current step's parity. */
    Mailbox mailbox;
    /** The two boxes, used on even and odd steps: a box is reused only two steps later, after its readers. */
    Mailbox[] mailboxes;

    /**
     * The synaptic memory a core is built with (what {@link io.github.loihiemu.core.mapping.CoreLayout} decided):
     * input axon a owns synapses {@code axonStart[a] .. axonStart[a+1]-1}, all of one connection; synapse k has
     * target, weight mantissa, delay and format index; {@code formatExponent[f]} is format f's weight exponent. The
     * arrays become the core's own.
     */
    record SynapticMemory(int[] axonStart, int[] synapseTarget, int[] synapseWeight, int[] synapseDelay,
                          int[] synapseFormat, int[] formatExponent) {
        static SynapticMemory empty() {
            return new SynapticMemory(new int[] {0}, new int[0], new int[0], new int[0], new int[0], new int[0]);
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
        bias[i] = value;
    }

    record OutputAxons(int[] start, int[] core, int[] axon, int[] hopsEastWest, int[] hopsNorthSouth) {
        static OutputAxons none(int compartments) {
            return new OutputAxons(new int[compartments + 1], new int[0], new int[0], new int[0], new int[0]);
        }
    }

    Neurocore(int slot, int id, CompartmentPrototype[] prototypes, int dendriticAccumulators, SynapticMemory memory,
              OutputAxons outputs, long seed) {
        this.slot = slot;
        this.id = id;
        this.n = prototypes.length;
        if (n >= SPIKE_UNIT / 2) {
            throw new IllegalArgumentException(n + " compartments on one core; the kernels count at most 32,767");
        }
        this.slotMask = dendriticAccumulators - 1;
        decayFactorU = new int[n];
        decayFactorV = new int[n];
        threshold = new int[n];
        bias = new int[n];
        refractoryDelay = new int[n];
        backprop = new boolean[n];
        noise = new boolean[n];
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
        boolean forget = true;
        for (int i = 0; i < n; i++) {
            forget &= decayFactorU[i] == 0 && decayFactorV[i] == 0;
        }
        memoryless = forget;
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

        this.axonStart = memory.axonStart();
        this.synapseTarget = memory.synapseTarget();
        this.synapseWeight = memory.synapseWeight();
        this.synapseDelay = memory.synapseDelay();
        this.synapseFormat = memory.synapseFormat();
        this.synapseTag = new int[synapseTarget.length];
        this.formatExponent = memory.formatExponent();
        int axons = axonStart.length - 1;
        axonFormat = new int[axons];
        axonWeightFormat = new int[axons];
        axonDelay = new int[axons];
        for (int a = 0; a < axons; a++) {
            int from = axonStart[a];
            int to = axonStart[a + 1];
            axonFormat[a] = to > from ? synapseFormat[from] : 0;
            axonDelay[a] = to > from ? synapseDelay[from] : 0;
            axonWeightFormat[a] = axonFormat[a];
            for (int k = from + 1; k < to; k++) {
                if (synapseFormat[k] != axonFormat[a]) {
                    axonWeightFormat[a] = -1;
                }
                if (synapseDelay[k] != axonDelay[a]) {
                    axonDelay[a] = -1;
                }
            }
        }
        axonDenseBase = new int[axons];
        for (int a = 0; a < axons; a++) {
            int from = axonStart[a];
            int to = axonStart[a + 1];
            boolean dense = true;
            for (int k = from + 1; k < to && dense; k++) {
                dense = synapseTarget[k] == synapseTarget[k - 1] + 1;
            }
            axonDenseBase[a] = dense && to > from ? synapseTarget[from] : -1;
        }
        axonInfo = new int[4 * axons];
        for (int a = 0; a < axons; a++) {
            axonInfo[4 * a] = axonStart[a];
            axonInfo[4 * a + 1] = axonStart[a + 1];
            axonInfo[4 * a + 2] = axonDelay[a];
            axonInfo[4 * a + 3] = axonDenseBase[a];
        }
        synapseIncrement = new int[synapseTarget.length];
        synapseAxon = new int[synapseTarget.length];
        rowIncrement = new int[axons][];
        rowIndex = new int[axons];
        int longest = 0;
        long unread = 0;
        for (int a = 0; a < axons; a++) {
            int len = axonStart[a + 1] - axonStart[a];
            int first = axonDenseBase[a];
            if (first >= 0 && len >= ROW_MIN) {
                if (first <= 2 * len || unread + first <= synapseTarget.length) {
                    unread += first;
                    rowIncrement[a] = new int[first + len];
                    rowIndex[a] = first - axonStart[a];
                } else {
                    rowIncrement[a] = new int[len];
                    rowIndex[a] = -axonStart[a];
                    longest = Math.max(longest, len);
                }
            }
            for (int k = axonStart[a]; k < axonStart[a + 1]; k++) {
                synapseAxon[k] = a;
                synapseIncrement[k] = WeightFormat.scale(synapseWeight[k], formatExponent[synapseFormat[k]]);
                if (rowIncrement[a] != null) {
                    rowIncrement[a][k + rowIndex[a]] = synapseIncrement[k];
                }
            }
        }
        rowBuffer = new int[longest];
        this.outStart = outputs.start();
        this.outBox = new int[outputs.core().length];
        this.outAxon = outputs.axon();
        this.outHopsEastWest = outputs.hopsEastWest();
        this.outHopsNorthSouth = outputs.hopsNorthSouth();
        sumHopsEastWest = new int[n];
        sumHopsNorthSouth = new int[n];
        localOutputs = new int[n];
        maxHopsEastWest = new int[n];
        maxHopsNorthSouth = new int[n];
        for (int i = 0; i < n; i++) {
            for (int o = outStart[i]; o < outStart[i + 1]; o++) {
                sumHopsEastWest[i] += outHopsEastWest[o];
                sumHopsNorthSouth[i] += outHopsNorthSouth[o];
                localOutputs[i] += (outHopsEastWest[o] | outHopsNorthSouth[o]) == 0 ? 1 : 0;
                maxHopsEastWest[i] = Math.max(maxHopsEastWest[i], outHopsEastWest[o]);
                maxHopsNorthSouth[i] = Math.max(maxHopsNorthSouth[i], outHopsNorthSouth[o]);
            }
        }
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
        int active = 0;       // an int sum: a long reduction would stop C2 from vectorising
        // pass 1: the arithmetic, with no data-dependent stores, so that C2 vectorises it; the slot is cleared as
        // it is read, for the step t + D
        for (int i = 0; i < n; i++) {
            int q = (input[i] << 10) >> 10;
            input[i] = 0;
            int x = u[i];
            int s = x >> 31;
            int m = (x ^ s) - s;
            int f = fu[i];
            int d = (m >>> 12) * f + (((m & 0xFFF) * f) >>> 12);
            int ui = ((((d ^ s) - s) + q) << 8) >> 8;
            int ub = (ui + bias[i]) << 8 >> 8;
            x = v[i];
            s = x >> 31;
            m = (x ^ s) - s;
            f = fv[i];
            d = (m >>> 12) * f + (((m & 0xFFF) * f) >>> 12);
            int vi = ((d ^ s) - s) + ub;
            int lo = vi - vMin;                        // clamp to [vMin, vMax] with masks: Math.min/max stop C2
            vi -= lo & (lo >> 31);                     // from vectorising this loop (6 ns instead of 1 ns)
            int hi = vi - vMax;
            vi -= hi & ~(hi >> 31);
            int r = ref[i];
            vi &= (r - 1) >> 31;                       // held at 0 while refractory
            int spike = (vth[i] - vi) >> 31;           // -1 iff v > vth (strict)
            int any = q | ui | vi;
            active += ((any | -any) >>> 31) | (spike & SPIKE_UNIT);
            vi &= ~spike;
            r = (r & ~spike) | (rd[i] & spike);
            r -= 1;
            r &= ~(r >> 31);
            u[i] = ui;
            v[i] = vi;
            ref[i] = r;
            flag[i] = spike;
        }
        collectSpikes(t, active & (SPIKE_UNIT - 1), active >>> 16);
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

    /**
     * Pass 2 of the update: the indices of the compartments whose flag is set, and the step's counters. A core
     * that the kernel saw fire nothing ({@code spikes == 0}, most cores in most steps) skips the scan.
     */
    private void collectSpikes(long t, int active, int spikes) {
        if (spikes == 0) {
            firedCount = 0;
            counters.activeUpdates += active;
            counters.inactiveUpdates += n - active;
            return;
        }
        collectSpikes(t, active);
    }

    /** Pass 2 of the update, scanning every flag. */
    private void collectSpikes(long t, int active) {
        final int n = this.n;
        final int[] flag = this.spikeFlag;
        // collect the spikes, skipping silent blocks of 8 (a spike flag in pass 1 would stop its
        // vectorisation: an extra sum slows it 4x, an OR reduction crashes C2 17 in TypeVect::xmeet)
        final int[] fired = this.fired;
        int count = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if ((flag[i] | flag[i + 1] | flag[i + 2] | flag[i + 3] | flag[i + 4] | flag[i + 5] | flag[i + 6]
                    | flag[i + 7]) != 0) {
                for (int k = i; k < i + 8; k++) {
                    fired[count] = k;
                    count -= flag[k];
                }
            }
        }
        for (; i < n; i++) {
            fired[count] = i;
            count -= flag[i];
        }
        firedCount = count;
        for (int k = 0; k < count; k++) {
            lastSpike[fired[k]] = t;
        }
        counters.activeUpdates += active;
        counters.inactiveUpdates += n - active;
        counters.spikesOut += count;
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
            int x = u[i];
            int s = x >> 31;
            int m = (x ^ s) - s;
            int f = fu[i];
            int d = (m >>> 12) * f + (((m & 0xFFF) * f) >>> 12);
            int ui = ((((d ^ s) - s) + q) << 8) >> 8;
            int ub = (ui + bias[i]) << 8 >> 8;
            if (anyNoise && noise[i] && noiseAtVoltage) {
                ub = ((ui + bias[i] + noise()) << 8) >> 8;
            }
            x = v[i];
            s = x >> 31;
            m = (x ^ s) - s;
            f = fv[i];
            d = (m >>> 12) * f + (((m & 0xFFF) * f) >>> 12);
            int vi = Math.min(vMax, Math.max(vMin, ((d ^ s) - s) + ub));
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
        final int[] fired = this.fired;
        final Mailbox box = this.mailbox;
        final int[] outStart = this.outStart;
        final int[] outBox = this.outBox;
        final int[] outAxon = this.outAxon;
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
            // the hop statistics of a compartment's messages are fixed by the layout: precomputed per compartment
            messages += end - outStart[i];
            hopsEw += sumHopsEastWest[i];
            hopsNs += sumHopsNorthSouth[i];
            local += localOutputs[i];
            maxEw = Math.max(maxEw, maxHopsEastWest[i]);
            maxNs = Math.max(maxNs, maxHopsNorthSouth[i]);
        }
        counters.messagesOut += messages;
        counters.localMessages += local;
        counters.hopsEastWest += hopsEw;
        counters.hopsNorthSouth += hopsNs;
        counters.maxHopsEastWest = maxEw;
        counters.maxHopsNorthSouth = maxNs;
    }

    /**
     * Spiking phase, second half: adds the synapses of input axon {@code a} into the accumulator slots of step
     * {@code t + 1 + delay}. Dense rows are contiguous adds.
     */
    int deliver(int a, long t) {
        final int[] info = axonInfo;
        final int from = info[4 * a];
        final int to = info[4 * a + 1];
        final int[] inc = this.synapseIncrement;
        final int d = info[4 * a + 2];
        if (d >= 0) {
            final int[] s = acc[(int) ((t + 1 + d) & slotMask)];
            final int dense = info[4 * a + 3];
            final int[] row = rowIncrement[a];
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
            } else if (dense >= 0) {
                int o = dense - from;
                for (int k = from; k < to; k++) {
                    s[o + k] += inc[k];
                }
            } else {
                final int[] tgt = synapseTarget;
                for (int k = from; k < to; k++) {
                    s[tgt[k]] += inc[k];
                }
            }
        } else {
            final int[][] acc = this.acc;
            final int[] tgt = synapseTarget;
            final int[] dl = synapseDelay;
            for (int k = from; k < to; k++) {
                acc[(int) ((t + 1 + dl[k]) & slotMask)][tgt[k]] += inc[k];
            }
        }
        if (learning != null) {
            learning.preSpike(a, t);
        }
        return to - from;
    }

    /** Axon {@code a}'s synapses now have delays of their own (the learning engine changed one). */
    void markVariableDelay(int a) {
        axonDelay[a] = -1;
        axonInfo[4 * a + 2] = -1;
        int[] row = rowIncrement[a];
        if (row != null) {
            // per-synapse delivery reads synapseIncrement: make it current, and let it be the only copy from now on
            for (int k = axonStart[a]; k < axonStart[a + 1]; k++) {
                synapseIncrement[k] = row[k + rowIndex[a]];
            }
            rowIncrement[a] = null;
        }
    }

    /** Recomputes the accumulator increment of synapse {@code k} after its weight changed. */
    void refreshIncrement(int k) {
        refreshIncrement(synapseAxon[k], k, synapseFormat[k]);
    }

    /** As above when the caller knows the synapse's axon {@code a} (saves two dependent loads per update). */
    void refreshIncrement(int a, int k, int format) {
        int v = WeightFormat.scale(synapseWeight[k], formatExponent[format]);
        int[] row = rowIncrement[a];
        if (row != null) {
            row[k + rowIndex[a]] = v;
        } else {
            synapseIncrement[k] = v;
        }
    }
}
