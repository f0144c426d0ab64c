package io.github.loihiemu.core.synapse;

import io.github.loihiemu.core.learning.LearningRuleSpec;

/**
 * The synapse format of a connection, in NxSDK's vocabulary: weight precision, exponent and sign mode, the axonal
 * delay of every synapse, tag bits, and the learning rule if the connection is plastic.
 *
 * @param weightFormat precision, exponent and sign mode of the weights
 * @param delay        synaptic delay in timesteps, 0..62; a spike sent at t arrives at t + 1 + delay (the mapper
 *                     checks it against the target core's dendritic accumulator ring: delay &lt;= D - 2)
 * @param numTagBits   bits of the synaptic tag, 0..9 (needed by {@code dt} rules)
 * @param learningRule the rule of a plastic connection, or null
 */
public record ConnectionPrototype(WeightFormat weightFormat, int delay, int numTagBits,
                                  LearningRuleSpec learningRule) {

    public ConnectionPrototype {
        if (weightFormat == null) {
            throw new IllegalArgumentException("connection prototype: weightFormat must not be null");
        }
        if (delay < 0 || delay > 62) {
            throw new IllegalArgumentException("connection prototype: delay = " + delay + " is outside 0..62");
        }
        if (numTagBits < 0 || numTagBits > 9) {
            throw new IllegalArgumentException("connection prototype: numTagBits = " + numTagBits
                    + " is outside 0..9");
        }
        if (learningRule != null && learningRule.dt() != null && numTagBits == 0) {
            throw new IllegalArgumentException("connection prototype: the learning rule has a dt (tag) rule but"
                    + " numTagBits = 0; give the synapses tag bits");
        }
    }

    /** Whether the learning engine updates this connection. */
    public boolean isPlastic() {
        return learningRule != null;
    }

    /** Bits the delay field needs: the chip's numDelayBits, the least that holds {@code delay} (6 if plastic delays). */
    public int delayBits() {
        if (learningRule != null && learningRule.dd() != null) {
            return 6;
        }
        return delay == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(delay);
    }

    /** A builder with the chip's defaults: 8-bit mixed weights, exponent 0, delay 0, no tags, not plastic. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder. */
    public static final class Builder {
        private int numWeightBits = 8;
        private int weightExponent;
        private SignMode signMode = SignMode.MIXED;
        private int delay;
        private int numTagBits;
        private LearningRuleSpec learningRule;

        private Builder() {
        }

        /** Weight precision: 0,1,2,3,4,5,6 or 8 bits. */
        public Builder numWeightBits(int v) {
            numWeightBits = v;
            return this;
        }

        /** Weight exponent, -8..7. */
        public Builder weightExponent(int v) {
            weightExponent = v;
            return this;
        }

        /** Sign mode of the mantissas. */
        public Builder signMode(SignMode v) {
            signMode = v;
            return this;
        }

        /** Synaptic delay, 0..62. */
        public Builder delay(int v) {
            delay = v;
            return this;
        }

        /** Tag bits, 0..9. */
        public Builder numTagBits(int v) {
            numTagBits = v;
            return this;
        }

        /** Makes the connection plastic under {@code rule}. */
        public Builder learningRule(LearningRuleSpec rule) {
            learningRule = rule;
            return this;
        }

        /** Validates and builds. */
        public ConnectionPrototype build() {
            return new ConnectionPrototype(new WeightFormat(numWeightBits, weightExponent, signMode), delay,
                    numTagBits, learningRule);
        }
    }
}
