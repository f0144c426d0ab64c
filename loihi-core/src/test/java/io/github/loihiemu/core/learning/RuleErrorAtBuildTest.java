package io.github.loihiemu.core.learning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rule is parsed and checked once, when its spec is built: every kind of error fails in {@link
 * LearningRuleSpec.Builder#build()} (the setters accept the text), names the target, and points at the exact
 * character of the text as it was given.
 */
class RuleErrorAtBuildTest {
    private static LearningRuleSpec.Builder withRule(RuleTarget target, String rule) {
        LearningRuleSpec.Builder b = LearningRuleSpec.builder();
        return switch (target) {
            case DW -> b.dw(rule);
            case DD -> b.dd(rule);
            case DT -> b.dt(rule);
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // unknown variable, also behind a prefix and leading whitespace: positions index the text as given
        "DW|2*x1*q0 - y1|5|unknown variable 'q0'",
        "DW|\"  dw = 2*x1*q0\"|12|unknown variable 'q0'",
        "DD|dd=4*x0*z|8|unknown variable 'z'",
        // missing operand
        "DW|2*x1*y0 -|9|missing factor after operator",
        "DT|x0*|3|missing factor after operator",
        "DW|x0 + * y1|5|unexpected '*'",
        "DW|x0*(|4|expected a variable",
        // unbalanced parentheses
        "DW|2*(x1*y0|5|'(' at position 2 is not closed",
        "DW|x0*sgn(w - 80|13|'(' at position 6 is not closed",
        "DW|x0*y0 )|6|this ')' closes nothing",
        // constants out of range
        "DW|x0*(w + 256)|8|offset 256 is outside -256..255",
        "DW|x0*2000000|3|constant too large",
        "DW|x0*1234567890|3|number too long",
        "DW|2^-65*x0|3|exponent 65 is out of range",
        "DW|3^2*x0|0|bad exponent base 3",
        "DW|x1*y0 - 9*x0|8|cannot be represented",
        "DW|2^9*x0|0|cannot be represented",
        "DW|0*x0|0|zero scale",
        // products
        "DW|x0*y0 + 2*x1*y1|8|product has no dependency",
        "DT|u1*x1 - u2*y1|8|u2 conflicts with u1",
        "DW|x1*y0 + x0*w*w*w*w*w*w*w|8|too many factors",
        "DW|2*sgn(x1-3)*y0|6|sgn() applies only to w, d or t",
        "DW|2*x1/y0|4|division is not supported",
        // trailing garbage
        "DW|x0*y0 x1|6|unexpected 'x'",
        "DD|x0*y0 = 1|6|unexpected '='",
        // empty rules
        "DW|\"\"|0|empty rule",
        "DT|\"   \"|3|empty rule",
        "DD|dd=|3|empty rule",
        // a prefix the setter does not know is the parser's to report
        "DW|dx=x0|0|unknown target 'dx'"})
    void everyErrorKindFailsAtBuildWithItsPosition(RuleTarget target, String rule, int position, String reason) {
        LearningRuleSpec.Builder b = withRule(target, rule).tEpoch(2);
        LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class, b::build);
        assertEquals(position, e.position(), e.getMessage());
        assertEquals(target, e.target(), e.getMessage());
        assertSame(rule, e.rule());
        assertTrue(e.reason().contains(reason), e.reason());
        assertTrue(e.getMessage().startsWith(target.symbol() + " rule: "), e.getMessage());
    }

    @Test
    void theMessageShowsTheTextWithACaretUnderTheError() {
        LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class,
                () -> LearningRuleSpec.builder().dw("2*x1*q0 - y1").build());
        assertEquals("dw rule: unknown variable 'q0' at position 5\n"
                + "  2*x1*q0 - y1\n"
                + "       ^", e.getMessage());
        assertEquals("unknown variable 'q0'", e.reason());
    }

    @Test
    void theCaretStaysUnderItsCharacterAfterTabsAndLineBreaks() {
        LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class,
                () -> LearningRuleSpec.builder().dd("x0*\t2*\nq1").build());
        assertEquals(7, e.position());
        assertEquals("dd rule: unknown variable 'q1' at position 7\n"
                + "  x0*\t2* q1\n"
                + "     \t   ^", e.getMessage());
    }

    @Test
    void aTextThatEndsTooEarlyGetsTheCaretPastItsEnd() {
        LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class,
                () -> LearningRuleSpec.builder().dw("x0 -").build());
        assertEquals("dw rule: missing factor after operator at position 4\n"
                + "  x0 -\n"
                + "      ^", e.getMessage());
    }

    @Test
    void aPrefixNamingAnotherTargetFailsInTheSetterWithItsPosition() {
        LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class,
                () -> LearningRuleSpec.builder().dd("  dw=x0"));
        assertEquals(2, e.position());
        assertEquals(RuleTarget.DD, e.target());
        assertEquals("this is a dw rule, given as dd", e.reason());
    }

    @Test
    void theSpecKeepsOneParsedSeriesPerRule() {
        LearningRuleSpec spec = LearningRuleSpec.builder().dw("dw = 2*x1*y0 - 2*y1*x0").dd("4*x0").x1(40, 4)
                .build();
        ProductSeries dw = spec.series(RuleTarget.DW);
        assertSame(dw, spec.series(RuleTarget.DW));
        assertEquals("2*x1*y0 - 2*y1*x0", spec.dw());
        assertEquals("dw = 2*x1*y0 - 2*y1*x0", dw.text());
        assertEquals(ProductSeries.parse(spec.dw()).toString(), dw.toString());
        assertEquals(RuleTarget.DW, dw.target());
        // the setter names the target: a dd rule without a prefix is still a dd rule
        assertEquals(RuleTarget.DD, spec.series(RuleTarget.DD).target());
        assertNull(spec.series(RuleTarget.DT));
    }
}
