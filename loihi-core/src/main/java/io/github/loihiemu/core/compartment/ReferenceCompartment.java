package io.github.loihiemu.core.compartment;

/**
 * One compartment updated the plain way, with {@code long} arithmetic and explicit wraps, exactly as
 * docs/loihi-semantics.md ("Compartment (CUBA LIF), per step") states it. It is slow and obviously correct; the
 * neurocore's branch-free kernel is tested against it bit for bit.
 */
public final class ReferenceCompartment {
    private final CompartmentPrototype p;
    private int u;
    private int v;
    private int refractoryCount;

    public ReferenceCompartment(CompartmentPrototype prototype) {
        this.p = prototype;
    }

    /**
     * Advances one timestep with dendritic input {@code q} (the accumulator slot's raw sum, wrapped here to 22 bits)
     * and the given noise terms (0 when noise is off). Returns whether the compartment fired.
     */
    public boolean step(long q, int dendriteNoise, int voltageNoise) {
        int qw = Registers.wrap(q + dendriteNoise, Registers.Q_BITS);
        u = Registers.wrap((long) Registers.decay(u, p.currentDecay()) + qw, Registers.U_BITS);
        int ub = Registers.wrap((long) u + p.bias() + voltageNoise, Registers.U_BITS);
        long v1 = (long) Registers.decay(v, p.voltageDecay()) + ub;
        v1 = Math.max(p.vMin(), Math.min(p.vMax(), v1));
        if (refractoryCount > 0) {
            v1 = 0;
        }
        boolean spike = v1 > p.threshold();
        if (spike) {
            v1 = 0;
            refractoryCount = p.refractoryDelay();
        }
        if (refractoryCount > 0) {
            refractoryCount--;
        }
        v = (int) v1;
        return spike;
    }

    /** Advances one timestep without noise. */
    public boolean step(long q) {
        return step(q, 0, 0);
    }

    /** The current u. */
    public int current() {
        return u;
    }

    /** The voltage v. */
    public int voltage() {
        return v;
    }

    /** Sets u (for tests that start from a given state). */
    public void setCurrent(int value) {
        u = value;
    }

    /** Sets v (for tests that start from a given state). */
    public void setVoltage(int value) {
        v = value;
    }
}
