package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.accounting.OperationCounters;
import io.github.loihiemu.core.energy.MeshGeometry;
import io.github.loihiemu.core.mapping.CoreLayout;
import io.github.loihiemu.core.mapping.MappingPlan;
import io.github.loihiemu.core.network.Network;

/**
 * How a compute core that runs several chip cores ({@link MappingPlan#compute()}) charges its work to them, so that
 * every counter reads what the chip layout would have counted. Its compartments are the chip cores' one core after
 * the other ({@link #rangeStart}); what the chip layout decided per chip core is precomputed here:
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
    /** The chip cores' live counters, one per range. */
    final OperationCounters[] counters;
    /** Chip core r is local compartments {@code rangeStart[r] .. rangeStart[r+1]-1}. */
    final int[] rangeStart;
    /** Per local compartment: its chip core's range. */
    final int[] rangeOf;
    /**
     * Per local compartment, 6 ints: messages, east-west hops, north-south hops, messages within the tile, largest
     * east-west and north-south hop of a spike on the chip.
     */
    final int[] spikeCharge;
    /** Per input axon a: ranges {@code chargeRange[k]} with {@code chargeCount[k]} synapses, k in chargeStart[a..a+1). */
    final int[] chargeStart;
    final int[] chargeRange;
    final int[] chargeCount;
    /** Per reward axon: the ranges whose chip core has a reward axon for its rule. */
    final int[][] rewardRanges;
    /** Per range: the plastic synapses of its chip core (what its learning engine reports at each epoch). */
    final long[] plasticSynapses;
    /** Learning updates of this learning phase per range (scratch, folded into the counters). */
    final long[] updates;

    private ChipCharges(OperationCounters[] counters, int[] rangeStart, int[] rangeOf, int[] spikeCharge,
                        int[] chargeStart, int[] chargeRange, int[] chargeCount, int[][] rewardRanges,
                        long[] plasticSynapses) {
        this.counters = counters;
        this.rangeStart = rangeStart;
        this.rangeOf = rangeOf;
        this.spikeCharge = spikeCharge;
        this.chargeStart = chargeStart;
        this.chargeRange = chargeRange;
        this.chargeCount = chargeCount;
        this.rewardRanges = rewardRanges;
        this.plasticSynapses = plasticSynapses;
        this.updates = new long[counters.length];
    }

    /** The charges of compute core {@code slot} of {@code compute} to the chip cores of {@code chip}. */
    static ChipCharges of(MappingPlan chip, MappingPlan compute, int slot, CoreLayout layout) {
        Network net = chip.network();
        int[] members = compute.chipSlots(slot);
        int ranges = members.length;
        OperationCounters[] counters = new OperationCounters[ranges];
        int[] rangeStart = new int[ranges + 1];
        for (int r = 0; r < ranges; r++) {
            counters[r] = new OperationCounters();
            rangeStart[r + 1] = rangeStart[r] + chip.core(members[r]).compartments();
        }
        int n = rangeStart[ranges];
        int[] group = layout.compartmentGroup();
        int[] index = layout.compartmentIndex();
        if (group.length != n) {
            throw new IllegalStateException("compute core " + slot + " has " + group.length
                    + " compartments, its chip cores " + n);
        }
        int[] rangeOf = new int[n];
        int[] spikeCharge = new int[6 * n];
        for (int r = 0; r < ranges; r++) {
            int from = chip.core(members[r]).id();
            for (int i = rangeStart[r]; i < rangeStart[r + 1]; i++) {
                rangeOf[i] = r;
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
        }
        int[] axonStart = layout.axonStart();
        int[] target = layout.synapseTarget();
        int axons = axonStart.length - 1;
        int[] chargeStart = new int[axons + 1];
        int[] perRange = new int[ranges];
        Ints rangesOut = new Ints();
        Ints countsOut = new Ints();
        for (int a = 0; a < axons; a++) {
            chargeStart[a] = rangesOut.size();
            int lo = Integer.MAX_VALUE;
            int hi = -1;
            for (int k = axonStart[a]; k < axonStart[a + 1]; k++) {
                int r = rangeOf[target[k]];
                perRange[r]++;
                lo = Math.min(lo, r);
                hi = Math.max(hi, r);
            }
            for (int r = lo; r <= hi; r++) {
                if (perRange[r] != 0) {
                    rangesOut.add(r);
                    countsOut.add(perRange[r]);
                    perRange[r] = 0;
                }
            }
        }
        chargeStart[axons] = rangesOut.size();
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
            CoreLayout c = chip.core(members[r]);
            int[] cs = c.axonStart();
            int[] conn = c.axonConnection();
            for (int a = 0; a < conn.length; a++) {
                if (net.connections().get(conn[a]).prototype().learningRule() != null) {
                    plastic[r] += cs[a + 1] - cs[a];
                }
            }
        }
        return new ChipCharges(counters, rangeStart, rangeOf, spikeCharge, chargeStart, rangesOut.toArray(),
                countsOut.toArray(), rewardRanges, plastic);
    }

    /** Axon a received a message: its synaptic events, charged to the chip cores that hold its synapses. */
    void events(int a) {
        final int[] range = chargeRange;
        final int[] count = chargeCount;
        final OperationCounters[] c = counters;
        for (int k = chargeStart[a], end = chargeStart[a + 1]; k < end; k++) {
            c[range[k]].synapticEvents += count[k];
        }
    }

    /** A second learning spike of axon a in one epoch: dropped on every chip core that has a copy of the axon. */
    void droppedPre(int a) {
        for (int k = chargeStart[a], end = chargeStart[a + 1]; k < end; k++) {
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
    }
}
