package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.accounting.OperationCounters;
import io.github.loihiemu.core.energy.MeshGeometry;
import io.github.loihiemu.core.mapping.CoreLayout;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.Network;

/**
 * How a compute core ({@link MappingPlan#compute()}) charges its work to the chip cores it runs, so that every counter
 * reads what the chip layout would have counted. Each of its compartments belongs to one of its chip
 * cores ({@link #rangeOf}); what the chip layout decided per chip core is precomputed here:
 *
 * <ul>
 *   <li>per compartment, the messages its spike sends on the chip, and their mesh hops (the compute core's own
 *       routing sends one message per compute core instead);</li>
 *   <li>per input axon, the synapses it holds on each chip core: on the chip each of those chip cores has an axon of
 *       its own for the same source, which receives the same message and counts those synaptic events, and which
 *       would drop a second learning spike in an epoch;</li>
 *   <li>per reward axon, the chip cores with a reward axon for the same rule; per chip core, its plastic synapses.</li>
 * </ul>
 */
final class ChipCharges {
    /** The chip cores' live counters, one per range (chip core of this compute core, in slot order). */
    final OperationCounters[] counters;
    /**
     * Whether the compute core runs several chip cores. A compute core that runs one (in a plan where others are
     * merged) counts everything itself but its messages: its spikes reach merged cores with fewer messages than
     * on the chip, so it too charges the chip layout's messages and hops per spike.
     */
    final boolean merged;
    /** Per range: its chip core's compartments. */
    final int[] rangeSize;
    /** Per local compartment: its chip core's range. */
    final int[] rangeOf;
    /** Per local compartment: 1 if it was active in this step's update (written by the kernel). */
    final int[] activity;
    /** Runs of local compartments of one chip core: run q is {@code runStart[q] .. runStart[q+1]-1} of range runRange[q]. */
    private final int[] runStart;
    private final int[] runRange;
    /** Active and inactive compartments per range (scratch, zero between steps). */
    private final int[] activePerRange;
    private final int[] idlePerRange;
    /**
     * Per local compartment, 6 ints: messages, east-west hops, north-south hops, messages within the tile, largest
     * east-west and north-south hop of a spike on the chip.
     */
    final int[] spikeCharge;
    /** Per input axon: its charge class, for dropped learning spikes (rare) whatever its row. */
    final int[] axonClassForDrops;
    /**
     * Per input axon: its charge class, or -1 for a row of at most {@link #DIRECT_ROW} synapses, whose events are
     * charged synapse by synapse ({@link Neurocore#deliverCounted}): the random networks' rows of 2-3 synapses per
     * compute core each have a class of their own, whose counter costs two cache misses per message.
     */
    final int[] axonClass;
    static final int DIRECT_ROW = 32;
    /**
     * Per charge class c: ranges {@code chargeRange[k]} with {@code chargeCount[k]} synapses each, k in
     * {@code chargeStart[c] .. chargeStart[c+1]-1}: where one message to one of its axons lands on the chip.
     */
    final int[] chargeStart;
    final int[] chargeRange;
    final int[] chargeCount;
    /** Per reward axon: the ranges whose chip core has a reward axon for its rule. */
    final int[][] rewardRanges;
    /** Per range: the plastic synapses of its chip core (what its learning engine reports at each epoch). */
    final long[] plasticSynapses;
    /** Learning updates of this learning phase per range (scratch, folded into the counters). */
    final long[] updates;

    private ChipCharges(OperationCounters[] counters, int[] rangeSize, int[] rangeOf, int[] spikeCharge,
                        int[] axonClass, int[] classForDrops, int[] chargeStart, int[] chargeRange, int[] chargeCount,
                        int[][] rewardRanges, long[] plasticSynapses) {
        this.axonClass = axonClass;
        this.axonClassForDrops = classForDrops;
        this.messages = new int[chargeStart.length - 1];
        this.touched = new int[chargeStart.length - 1];
        this.counters = counters;
        this.merged = counters.length > 1;
        this.rangeSize = rangeSize;
        this.rangeOf = rangeOf;
        this.activity = new int[rangeOf.length];
        Ints starts = new Ints();
        Ints ranges = new Ints();
        for (int i = 0; i < rangeOf.length; i++) {
            if (i == 0 || rangeOf[i] != rangeOf[i - 1]) {
                starts.add(i);
                ranges.add(rangeOf[i]);
            }
        }
        starts.add(rangeOf.length);
        this.runStart = starts.toArray();
        this.runRange = ranges.toArray();
        this.activePerRange = new int[counters.length];
        this.idlePerRange = new int[counters.length];
        this.spikeCharge = spikeCharge;
        this.chargeStart = chargeStart;
        this.chargeRange = chargeRange;
        this.chargeCount = chargeCount;
        this.rewardRanges = rewardRanges;
        this.plasticSynapses = plasticSynapses;
        this.updates = new long[counters.length];
    }

    /** The charges of compute core {@code slot} of {@code compute} to the chip cores of {@code chip}. */
    static ChipCharges of(MappingPlan chip, MappingPlan compute, int slot, CoreLayout layout,
                          MappingPlan.Synapses synapses, OperationCounters own) {
        Network net = chip.network();
        int[] members = compute.chipSlots(slot);
        int ranges = members.length;
        OperationCounters[] counters = new OperationCounters[ranges];
        for (int r = 0; r < ranges; r++) {
            counters[r] = ranges == 1 ? own : new OperationCounters();
        }
        int[] group = layout.compartmentGroup();
        int[] index = layout.compartmentIndex();
        int n = group.length;
        int[] rangeSize = new int[ranges];
        int[] rangeOf = new int[n];
        int[] spikeCharge = new int[6 * n];
        for (int i = 0; i < n; i++) {
            int chipSlot = chip.coreSlotOf(group[i], index[i]);
            int r = java.util.Arrays.binarySearch(members, chipSlot);
            if (r < 0) {
                throw new IllegalStateException("compartment " + index[i] + " of group " + group[i]
                        + " is on chip core slot " + chipSlot + ", not run by compute core " + slot);
            }
            rangeOf[i] = r;
            rangeSize[r]++;
            int from = chip.core(chipSlot).id();
            MappingPlan.Routing route = chip.groupRouting(group[i]);
            int[] start = route.start();
            int[] dest = route.destCoreSlot();
            int[] c = new int[6];
            for (int o = start[index[i]]; o < start[index[i] + 1]; o++) {
                int to = chip.core(dest[o]).id();
                int ew = MeshGeometry.hopsEastWest(from, to);
                int ns = MeshGeometry.hopsNorthSouth(from, to);
                c[0]++;
                c[1] += ew;
                c[2] += ns;
                c[3] += (ew | ns) == 0 ? 1 : 0;
                c[4] = Math.max(c[4], ew);
                c[5] = Math.max(c[5], ns);
            }
            System.arraycopy(c, 0, spikeCharge, 6 * i, 6);
        }
        for (int r = 0; r < ranges; r++) {
            if (rangeSize[r] != chip.core(members[r]).compartments()) {
                throw new IllegalStateException("compute core " + slot + " holds " + rangeSize[r]
                        + " compartments of chip core slot " + members[r] + ", which has "
                        + chip.core(members[r]).compartments());
            }
        }
        int[] axonStart = synapses.axonStart();
        char[] target = synapses.target();
        int axons = axonStart.length - 1;
        // axons with the same synapse counts per chip core share a charge class (all of an all-to-all row's axons
        // do), so that a message costs one increment and the step one pass over the classes that received any
        int[] axonClass = new int[axons];
        int[] classForDrops = new int[axons];
        Ints chargeStart = new Ints();
        chargeStart.add(0);
        int[] perRange = new int[ranges];
        Ints rangesOut = new Ints();
        Ints countsOut = new Ints();
        java.util.Map<Row, Integer> classOf = new java.util.HashMap<>();
        Ints row = new Ints();
        for (int a = 0; a < axons; a++) {
            int lo = Integer.MAX_VALUE;
            int hi = -1;
            for (int k = axonStart[a]; k < axonStart[a + 1]; k++) {
                int r = rangeOf[target[k]];
                perRange[r]++;
                lo = Math.min(lo, r);
                hi = Math.max(hi, r);
            }
            row.clear();
            for (int r = lo; r <= hi; r++) {
                if (perRange[r] != 0) {
                    row.add(r);
                    row.add(perRange[r]);
                    perRange[r] = 0;
                }
            }
            int[] pairs = row.toArray();
            Integer found = classOf.get(new Row(pairs));
            if (found == null) {
                found = classOf.size();
                classOf.put(new Row(pairs), found);
                for (int k = 0; k < pairs.length; k += 2) {
                    rangesOut.add(pairs[k]);
                    countsOut.add(pairs[k + 1]);
                }
                chargeStart.add(rangesOut.size());
            }
            // a short row is charged synapse by synapse as it is delivered: cheaper than a class of its own
            axonClass[a] = axonStart[a + 1] - axonStart[a] <= DIRECT_ROW ? -1 : found;
            classForDrops[a] = found;
        }

        int[] rewardRule = layout.rewardRule();
        int[][] rewardRanges = new int[rewardRule.length][];
        for (int q = 0; q < rewardRule.length; q++) {
            Ints with = new Ints();
            for (int r = 0; r < ranges; r++) {
                for (int rule : chip.core(members[r]).rewardRule()) {
                    if (rule == rewardRule[q]) {
                        with.add(r);
                    }
                }
            }
            rewardRanges[q] = with.toArray();
        }
        long[] plastic = new long[ranges];
        for (int r = 0; r < ranges; r++) {
            plastic[r] = chip.plasticSynapses(members[r]);
        }
        return new ChipCharges(counters, rangeSize, rangeOf, spikeCharge, axonClass, classForDrops, chargeStart.toArray(),
                rangesOut.toArray(), countsOut.toArray(), rewardRanges, plastic);
    }


    /** Charges the step's compartment updates: {@code total} active ones, which {@link #activity} marks. */
    void countActive(int total) {
        if (total == 0) {
            allInactive();
            return;
        }
        final int[] per = activePerRange;
        final int[] act = activity;
        final int[] of = rangeOf;
        final int n = act.length;
        if (total == n) {
            // every compartment active (CUBA's, driven by their bias): each chip core's all, without a pass
            final OperationCounters[] c = counters;
            for (int r = 0; r < c.length; r++) {
                c[r].activeUpdates += rangeSize[r];
            }
            return;
        }
        if (total < n / 8) {
            // few active compartments: skip silent blocks of 8
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                if ((act[i] | act[i + 1] | act[i + 2] | act[i + 3] | act[i + 4] | act[i + 5] | act[i + 6]
                        | act[i + 7]) != 0) {
                    for (int k = i; k < i + 8; k++) {
                        per[of[k]] += act[k];
                    }
                }
            }
            for (; i < n; i++) {
                per[of[i]] += act[i];
            }
        } else if (total > n - n / 8) {
            // few inactive compartments (nBP: 80-100 % active in every step): count those, skipping full blocks
            final int[] idle = idlePerRange;
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                if ((act[i] & act[i + 1] & act[i + 2] & act[i + 3] & act[i + 4] & act[i + 5] & act[i + 6]
                        & act[i + 7]) == 0) {
                    for (int k = i; k < i + 8; k++) {
                        idle[of[k]] += 1 - act[k];
                    }
                }
            }
            for (; i < n; i++) {
                idle[of[i]] += 1 - act[i];
            }
            final OperationCounters[] c = counters;
            for (int r = 0; r < c.length; r++) {
                c[r].activeUpdates += rangeSize[r] - idle[r];
                c[r].inactiveUpdates += idle[r];
                idle[r] = 0;
            }
            return;
        } else {
            final int[] start = runStart;
            final int[] range = runRange;
            for (int q = 0; q < range.length; q++) {
                int sum = 0;
                for (int i = start[q], end = start[q + 1]; i < end; i++) {
                    sum += act[i];
                }
                per[range[q]] += sum;
            }
        }
        fold();
    }

    /**
     * Charges the step's compartment updates of a memoryless compute core: {@code total} active ones, those whose
     * {@code u | v | flag} is non-zero after the update.
     */
    void countActive(int total, int[] u, int[] v, int[] flag) {
        if (total == 0) {
            allInactive();
            return;
        }
        final int[] act = activity;
        final int n = act.length;
        if (total < n / 8) {
            final int[] per = activePerRange;
            final int[] of = rangeOf;
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                int any = 0;
                for (int k = i; k < i + 8; k++) {
                    any |= u[k] | v[k] | flag[k];
                }
                if (any != 0) {
                    for (int k = i; k < i + 8; k++) {
                        int x = u[k] | v[k] | flag[k];
                        per[of[k]] += (x | -x) >>> 31;
                    }
                }
            }
            for (; i < n; i++) {
                int x = u[i] | v[i] | flag[i];
                per[of[i]] += (x | -x) >>> 31;
            }
            fold();
            return;
        }
        // most compartments active (nBP's: 80-100 % in every step): one vectorised pass marks them, then the runs
        for (int i = 0; i < n; i++) {
            int x = u[i] | v[i] | flag[i];
            act[i] = (x | -x) >>> 31;
        }
        countActive(total);
    }

    private void allInactive() {
        final OperationCounters[] c = counters;
        for (int r = 0; r < c.length; r++) {
            c[r].inactiveUpdates += rangeSize[r];
        }
    }

    private void fold() {
        final OperationCounters[] c = counters;
        final int[] per = activePerRange;
        for (int r = 0; r < c.length; r++) {
            c[r].activeUpdates += per[r];
            c[r].inactiveUpdates += rangeSize[r] - per[r];
            per[r] = 0;
        }
    }

    /** Messages per charge class this step, and the classes that received any (in first-message order). */
    private final int[] messages;
    private final int[] touched;
    private int touchedCount;

    /** Axon a received a message: its synaptic events are charged at the end of the delivery ({@link #flush}). */
    void events(int a) {
        int c = axonClass[a];
        if (messages[c]++ == 0) {
            touched[touchedCount++] = c;
        }
    }

    /** Charges the step's messages so far as synaptic events to the chip cores that hold their synapses. */
    void flush() {
        final int[] range = chargeRange;
        final int[] count = chargeCount;
        final int[] start = chargeStart;
        final OperationCounters[] k = counters;
        for (int q = 0; q < touchedCount; q++) {
            int c = touched[q];
            long m = messages[c];
            messages[c] = 0;
            for (int j = start[c], end = start[c + 1]; j < end; j++) {
                k[range[j]].synapticEvents += m * count[j];
            }
        }
        touchedCount = 0;
    }

    /** A second learning spike of axon a in one epoch: dropped on every chip core that has a copy of the axon. */
    void droppedPre(int a) {
        int c = axonClassForDrops[a];
        for (int k = chargeStart[c], end = chargeStart[c + 1]; k < end; k++) {
            counters[chargeRange[k]].droppedLearningSpikes++;
        }
    }

    /** A second reward spike of reward axon q in one epoch. */
    void droppedReward(int q) {
        for (int r : rewardRanges[q]) {
            counters[r].droppedLearningSpikes++;
        }
    }

    /** A learning epoch ran: each chip core's engine reports its plastic synapses. */
    void epoch() {
        for (int r = 0; r < counters.length; r++) {
            counters[r].plasticSynapsesAtEpoch = plasticSynapses[r];
        }
    }

    /** Folds the learning phase's updates per range into the counters. */
    void foldUpdates() {
        for (int r = 0; r < counters.length; r++) {
            counters[r].learningUpdates += updates[r];
            updates[r] = 0;
        }
    }

    /** A charge class's (range, synapses) pairs, as a map key. */
    private record Row(int[] pairs) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && java.util.Arrays.equals(pairs, r.pairs);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(pairs);
        }
    }

    /** A growable int array for the build. */
    private static final class Ints {
        private int[] a = new int[16];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * size);
            }
            a[size++] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }

        void clear() {
            size = 0;
        }
    }
}
