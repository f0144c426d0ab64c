package io.github.loihiemu.core.compartment;

/**
 * The parameters shared by the compartments of a group, in NxSDK's vocabulary (a {@code CompartmentPrototype}).
 * Immutable and validated: every out-of-range value is rejected when the prototype is built, with the field name and
 * the allowed range in the message.
 *
 * <p>Decays are <em>effective</em> values in 0..4096 (the API-level convention: 0 keeps state forever, 4096 forgets
 * it in one step). The chip's register for the current decay stores {@code effective - 1}; use
 * {@link Builder#currentDecayRegister(int)} to load register values.
 *
 * <p>Per-core settings (voltage limits, noise exponent and mantissa offset) are set here too for convenience; all
 * compartments mapped to one core must agree on them, which the mapper checks.
 *
 * @param currentDecay     effective current decay δu, 0..4096
 * @param voltageDecay     effective voltage decay δv, 0..4096
 * @param vThMant          threshold mantissa, 1..131071; the threshold is {@code vThMant * 64}
 * @param biasMant         bias mantissa, 13-bit signed (-4096..4095)
 * @param biasExp          bias exponent, 0..7; the bias added to u is {@code biasMant << biasExp}
 * @param refractoryDelay  refractory delay R, 1..63: after a spike v is held at 0 for R-1 steps
 * @param enableSpikeBackprop whether this compartment's spikes reach the learning engine as post events (y0, y traces)
 * @param enableNoise      whether the core's noise generator adds to this compartment
 * @param vMinExp          negative voltage limit exponent n, 0..23: {@code vMin = -(2^n - 1)}
 * @param vMaxExp          positive voltage limit exponent p, 0..7: {@code vMax = 2^(9+2p) - 1}
 * @param noiseExp         noise exponent E, 0..15 (per core)
 * @param noiseMantOffset  noise mantissa offset M, -128..127 (per core)
 * @param noiseAtVoltage   true: noise is added to the membrane increment; false: to the dendritic input (per core)
 */
public record CompartmentPrototype(
        int currentDecay,
        int voltageDecay,
        int vThMant,
        int biasMant,
        int biasExp,
        int refractoryDelay,
        boolean enableSpikeBackprop,
        boolean enableNoise,
        int vMinExp,
        int vMaxExp,
        int noiseExp,
        int noiseMantOffset,
        boolean noiseAtVoltage) {

    /** Largest threshold mantissa (17 bits). */
    public static final int VTH_MANT_MAX = (1 << 17) - 1;

    public CompartmentPrototype {
        check("currentDecay", currentDecay, 0, Registers.DECAY_MAX);
        check("voltageDecay", voltageDecay, 0, Registers.DECAY_MAX);
        check("vThMant", vThMant, 1, VTH_MANT_MAX);
        check("biasMant", biasMant, -4096, 4095);
        check("biasExp", biasExp, 0, 7);
        check("refractoryDelay", refractoryDelay, 1, 63);
        check("vMinExp", vMinExp, 0, 23);
        check("vMaxExp", vMaxExp, 0, 7);
        check("noiseExp", noiseExp, 0, 15);
        check("noiseMantOffset", noiseMantOffset, -128, 127);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "compartment prototype: " + name + " = " + value + " is outside " + min + ".." + max);
        }
    }

    /** The threshold in the units of v: {@code vThMant * 64}. */
    public int threshold() {
        return vThMant << 6;
    }

    /** The bias in the units of u: {@code biasMant * 2^biasExp}. */
    public int bias() {
        return biasMant << biasExp;
    }

    /** The lower voltage limit {@code -(2^vMinExp - 1)}. */
    public int vMin() {
        return -((1 << vMinExp) - 1);
    }

    /** The upper voltage limit {@code 2^(9 + 2 vMaxExp) - 1}. */
    public int vMax() {
        return (1 << (9 + 2 * vMaxExp)) - 1;
    }

    /** Whether two prototypes agree on every per-core setting and can therefore share a neurocore. */
    public boolean sharesCoreSettingsWith(CompartmentPrototype other) {
        return vMinExp == other.vMinExp && vMaxExp == other.vMaxExp && noiseExp == other.noiseExp
                && noiseMantOffset == other.noiseMantOffset && noiseAtVoltage == other.noiseAtVoltage;
    }

    /** A builder with NxSDK-like defaults: no decay of state (0), threshold mantissa 100, R = 1, no bias. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this prototype's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.currentDecay = currentDecay;
        b.voltageDecay = voltageDecay;
        b.vThMant = vThMant;
        b.biasMant = biasMant;
        b.biasExp = biasExp;
        b.refractoryDelay = refractoryDelay;
        b.enableSpikeBackprop = enableSpikeBackprop;
        b.enableNoise = enableNoise;
        b.vMinExp = vMinExp;
        b.vMaxExp = vMaxExp;
        b.noiseExp = noiseExp;
        b.noiseMantOffset = noiseMantOffset;
        b.noiseAtVoltage = noiseAtVoltage;
        return b;
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private int currentDecay;
        private int voltageDecay;
        private int vThMant = 100;
        private int biasMant;
        private int biasExp;
        private int refractoryDelay = 1;
        private boolean enableSpikeBackprop;
        private boolean enableNoise;
        private int vMinExp = 23;
        private int vMaxExp = 7;
        private int noiseExp;
        private int noiseMantOffset;
        private boolean noiseAtVoltage;

        private Builder() {
        }

        /** Effective current decay δu, 0..4096 (NxSDK {@code compartmentCurrentDecay}). */
        public Builder currentDecay(int v) {
            currentDecay = v;
            return this;
        }

        /** Current decay given as the chip's register value 0..4095; the chip adds one. */
        public Builder currentDecayRegister(int register) {
            if (register < 0 || register > 4095) {
                throw new IllegalArgumentException(
                        "compartment prototype: currentDecayRegister = " + register + " is outside 0..4095");
            }
            currentDecay = register + 1;
            return this;
        }

        /** Effective voltage decay δv, 0..4096 (NxSDK {@code compartmentVoltageDecay}). */
        public Builder voltageDecay(int v) {
            voltageDecay = v;
            return this;
        }

        /** Threshold mantissa; the threshold is {@code vThMant * 64}. */
        public Builder vThMant(int v) {
            vThMant = v;
            return this;
        }

        /** Bias mantissa, -4096..4095. */
        public Builder biasMant(int v) {
            biasMant = v;
            return this;
        }

        /** Bias exponent, 0..7. */
        public Builder biasExp(int v) {
            biasExp = v;
            return this;
        }

        /** Refractory delay, 1..63. */
        public Builder refractoryDelay(int v) {
            refractoryDelay = v;
            return this;
        }

        /** Whether spikes of this compartment are post events for the learning engine. */
        public Builder enableSpikeBackprop(boolean v) {
            enableSpikeBackprop = v;
            return this;
        }

        /** Whether the core's noise is added to this compartment. */
        public Builder enableNoise(boolean v) {
            enableNoise = v;
            return this;
        }

        /** Negative voltage limit exponent, 0..23. */
        public Builder vMinExp(int v) {
            vMinExp = v;
            return this;
        }

        /** Positive voltage limit exponent, 0..7. */
        public Builder vMaxExp(int v) {
            vMaxExp = v;
            return this;
        }

        /** Noise exponent, 0..15. */
        public Builder noiseExp(int v) {
            noiseExp = v;
            return this;
        }

        /** Noise mantissa offset, -128..127. */
        public Builder noiseMantOffset(int v) {
            noiseMantOffset = v;
            return this;
        }

        /** Noise target: true for the membrane, false for the dendritic input. */
        public Builder noiseAtVoltage(boolean v) {
            noiseAtVoltage = v;
            return this;
        }

        /** Validates and builds the prototype. */
        public CompartmentPrototype build() {
            return new CompartmentPrototype(currentDecay, voltageDecay, vThMant, biasMant, biasExp, refractoryDelay,
                    enableSpikeBackprop, enableNoise, vMinExp, vMaxExp, noiseExp, noiseMantOffset, noiseAtVoltage);
        }
    }

    @Override
    public String toString() {
        return "CompartmentPrototype[du=" + currentDecay + ", dv=" + voltageDecay + ", vThMant=" + vThMant
                + ", bias=" + biasMant + "<<" + biasExp + ", R=" + refractoryDelay
                + (enableSpikeBackprop ? ", bAP" : "") + (enableNoise ? ", noise" : "") + "]";
    }
}
