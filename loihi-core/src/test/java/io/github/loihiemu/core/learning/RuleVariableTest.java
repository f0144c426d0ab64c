package io.github.loihiemu.core.learning;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RuleVariableTest {
    // "Section52": the research note's section 5.2, here docs/loihi-semantics.md, "Learning engine" (variables)
    @Test
    void widthsAndDependencyFlagsFollowSection52() {
        Set<RuleVariable> traces = EnumSet.of(RuleVariable.X1, RuleVariable.X2, RuleVariable.Y1, RuleVariable.Y2,
                RuleVariable.Y3, RuleVariable.R1);
        Set<RuleVariable> synaptic = EnumSet.of(RuleVariable.W, RuleVariable.D, RuleVariable.T);
        for (RuleVariable v : RuleVariable.values()) {
            boolean spikeBit = v == RuleVariable.X0 || v == RuleVariable.Y0 || v == RuleVariable.R0
                    || v.name().matches("U[0-9]");
            int expected = traces.contains(v) ? 7 : synaptic.contains(v) ? 9 : 1;
            assertEquals(spikeBit, expected == 1, v.name());
            assertEquals(expected, v.width(), v.name());
            assertEquals(spikeBit && v != RuleVariable.R0, v.isDependency(), v.name());
            assertEquals(v.name().toLowerCase(java.util.Locale.ROOT), v.symbol());
        }
        assertEquals(22, RuleVariable.values().length);
    }
}
