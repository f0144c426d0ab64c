package io.github.loihiemu.core.chip;

import io.github.loihiemu.core.learning.LearningRuleSpec;
import io.github.loihiemu.core.learning.LearningRuleSyntaxException;
import io.github.loihiemu.core.learning.ProductSeries;
import io.github.loihiemu.core.learning.RuleTarget;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The chip evaluates the spec's parsed rules; it has no way to parse rule text itself. */
class RuleProgramTest {
    @Test
    void everyProgramOfASpecSharesItsParsedSeries() {
        LearningRuleSpec spec = LearningRuleSpec.builder().dw("2*x1*y0 - 2*y1*x0").dt("x0*y0").build();
        // what LearningEngine does once per core that holds the rule
        for (int core = 0; core < 80; core++) {
            assertSame(spec.series(RuleTarget.DW), RuleProgram.of(spec, RuleTarget.DW).series());
            assertSame(spec.series(RuleTarget.DT), RuleProgram.of(spec, RuleTarget.DT).series());
            assertNull(RuleProgram.of(spec, RuleTarget.DD));
        }
    }

    @Test
    void theParserIsReachableOnlyFromTheLearningPackage() {
        for (Method m : ProductSeries.class.getDeclaredMethods()) {
            if (m.getName().equals("parse")) {
                assertFalse(Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()),
                        m.toString());
            }
        }
        for (Constructor<?> c : ProductSeries.class.getDeclaredConstructors()) {
            assertFalse(Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers()), c.toString());
        }
        for (Constructor<?> c : LearningRuleSyntaxException.class.getDeclaredConstructors()) {
            assertFalse(Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers()), c.toString());
        }
    }
}
