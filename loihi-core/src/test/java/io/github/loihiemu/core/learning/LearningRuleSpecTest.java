package io.github.loihiemu.core.learning;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRuleSpecTest {
    @Test
    void aMatchingTargetPrefixIsStripped() {
        LearningRuleSpec s = LearningRuleSpec.builder().dw(" dw = 2*x1*y0").dd("dd=4*x0").dt("dt =x1*y0-2^-1*u0")
                .build();
        assertEquals("2*x1*y0", s.dw());
        assertEquals("4*x0", s.dd());
        assertEquals("x1*y0-2^-1*u0", s.dt());
    }

    @Test
    void aRuleForAnotherTargetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRuleSpec.builder().dw("dd=4*x0 - 4*y0"));
        assertTrue(e.getMessage().contains("is a dd rule, given as dw"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRuleSpec.builder().dt("dw=x0"));
    }

    @Test
    void anUnknownPrefixIsLeftForTheParserToReport() {
        LearningRuleSpec.Builder b = LearningRuleSpec.builder().dw("dx=x0");
        LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class, b::build);
        assertEquals(0, e.position());
    }
}
