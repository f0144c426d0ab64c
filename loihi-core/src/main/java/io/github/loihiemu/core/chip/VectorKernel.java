package io.github.loihiemu.core.chip;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The uniform core's compartment update ({@link Neurocore}'s {@code updateUniformCompartments}) on explicit vectors
 * of the machine's widest int species: one pass instead of three, 16 compartments per step on AVX-512. The
 * arithmetic is the scalar kernel's, operation for operation, on 32-bit ints, so every u, v, refractory counter,
 * spike flag and count is the same; loaded only where {@code VectorSupport.available()}.
 */
final class VectorKernel {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    /**
     * Shorts with as many lanes as {@link #SPECIES}, for rows of 16-bit weights widened to ints; null where the int
     * species is the narrowest shape (64 bits), which has no half: {@link #addRow} then runs its scalar loop.
     */
    private static final VectorSpecies<Short> HALF = half();

    private static VectorSpecies<Short> half() {
        try {
            return VectorSpecies.of(short.class, VectorShape.forBitSize(SPECIES.vectorBitSize() / 2));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private VectorKernel() {
    }

    /** {@code x} decayed by {@code f}/4096 in sign-magnitude, lane by lane, as {@code Neurocore.decay}. */
    private static IntVector decay(IntVector x, int f) {
        IntVector s = x.lanewise(VectorOperators.ASHR, 31);
        IntVector m = x.lanewise(VectorOperators.XOR, s).sub(s);
        IntVector d = m.lanewise(VectorOperators.LSHR, 12).mul(f)
                .add(m.and(0xFFF).mul(f).lanewise(VectorOperators.LSHR, 12));
        return d.lanewise(VectorOperators.XOR, s).sub(s);
    }

    /**
     * Updates compartments {@code 0 .. n-1} and returns the active count plus {@code SPIKE_UNIT} times the spike
     * count, as the scalar kernel sums them; clears the input slot and leaves -1 (spike) or 0 in {@code flag}, and
     * where {@code act} is not null, 1 or 0 there for each compartment that was active or not (a merged core's
     * charges need them). The indices of the compartments that fired go to {@code fired} in ascending order (as
     * many as the spike count returned), so that no pass over the flags has to find them.
     */
    static int updateUniform(int n, int[] input, int[] u, int[] v, int[] ref, int[] bias, int[] flag, int[] act,
                             int[] fired, int fu, int fv, int vth, int rd, int vMin, int vMax, int spikeUnit) {
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        IntVector zero = IntVector.zero(SPECIES);
        IntVector sum = zero;
        int count = 0;
        int i = 0;
        for (; i < bound; i += step) {
            IntVector q = IntVector.fromArray(SPECIES, input, i).lanewise(VectorOperators.LSHL, 10)
                    .lanewise(VectorOperators.ASHR, 10);
            zero.intoArray(input, i);
            IntVector ui = decay(IntVector.fromArray(SPECIES, u, i), fu).add(q)
                    .lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8);
            IntVector ub = ui.add(IntVector.fromArray(SPECIES, bias, i))
                    .lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8);
            IntVector vi = decay(IntVector.fromArray(SPECIES, v, i), fv).add(ub).max(vMin).min(vMax);
            IntVector r = IntVector.fromArray(SPECIES, ref, i);
            vi = vi.and(r.sub(1).lanewise(VectorOperators.ASHR, 31));      // held at 0 while refractory
            IntVector spike = IntVector.broadcast(SPECIES, vth).sub(vi).lanewise(VectorOperators.ASHR, 31);
            IntVector any = q.or(ui).or(vi);
            IntVector a = any.or(any.neg()).lanewise(VectorOperators.LSHR, 31);
            sum = sum.add(a.or(spike.and(spikeUnit)));
            if (act != null) {
                a.intoArray(act, i);
            }
            vi = vi.and(spike.not());
            r = r.add(IntVector.broadcast(SPECIES, rd).sub(r).and(spike)).sub(1);
            r = r.and(r.lanewise(VectorOperators.ASHR, 31).not());
            ui.intoArray(u, i);
            vi.intoArray(v, i);
            r.intoArray(ref, i);
            spike.intoArray(flag, i);
            if (spike.compare(VectorOperators.NE, 0).anyTrue()) {
                // rare (CUBA: about one vector in a thousand): the lanes that fired, in order
                for (int k = i; k < i + step; k++) {
                    fired[count] = k;
                    count -= flag[k];
                }
            }
        }
        int active = sum.reduceLanes(VectorOperators.ADD);
        // the last n mod 16 compartments, one by one: the scalar kernel's arithmetic in one loop, since that kernel's
        // three loops (shaped for C2's vectoriser) keep neither the activity flags nor the spike list this one writes;
        // CompartmentKernelTest checks both against the reference with 75 compartments
        for (; i < n; i++) {
            int q = (input[i] << 10) >> 10;
            input[i] = 0;
            int ui = ((Neurocore.decay(u[i], fu) + q) << 8) >> 8;
            int ub = (ui + bias[i]) << 8 >> 8;
            int vi = Math.min(Math.max(Neurocore.decay(v[i], fv) + ub, vMin), vMax);
            int r = ref[i];
            vi &= (r - 1) >> 31;
            int spike = (vth - vi) >> 31;
            int any = q | ui | vi;
            int a = (any | -any) >>> 31;
            active += a | (spike & spikeUnit);
            if (act != null) {
                act[i] = a;
            }
            vi &= ~spike;
            r += (rd - r) & spike;
            r -= 1;
            r &= ~(r >> 31);
            u[i] = ui;
            v[i] = vi;
            ref[i] = r;
            flag[i] = spike;
            fired[count] = i;
            count -= spike;
        }
        return active;
    }

    /**
     * A dense row of one weight format: {@code s[o + k] += (w[k] >> r) << l} for {@code k} in {@code from .. to-1},
     * as {@code Neurocore.deliver}'s scalar loop. The weights are widened from shorts lane by lane, so a row costs
     * two bytes a synapse to read and needs no int copy of its increments.
     */
    static void addRow(int[] s, int o, short[] w, int from, int to, int r, int l) {
        int step = SPECIES.length();
        int k = from;
        for (int bound = HALF == null ? from : from + ((to - from) & -step); k < bound; k += step) {
            IntVector inc = ((IntVector) ShortVector.fromArray(HALF, w, k).convertShape(VectorOperators.S2I, SPECIES, 0))
                    .lanewise(VectorOperators.ASHR, r).lanewise(VectorOperators.LSHL, l);
            IntVector.fromArray(SPECIES, s, o + k).add(inc).intoArray(s, o + k);
        }
        for (; k < to; k++) {
            s[o + k] += (w[k] >> r) << l;
        }
    }
}
