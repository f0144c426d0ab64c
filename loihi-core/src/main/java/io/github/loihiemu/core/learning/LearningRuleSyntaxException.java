package io.github.loihiemu.core.learning;

/**
 * A learning rule that does not parse, or that the chip cannot run, found when the rule is built
 * ({@link LearningRuleSpec.Builder#build()}; a prefix naming another target already in the builder's setter). It
 * names the rule ({@link #target()}), its text as given ({@link #rule()}), the 0-based character position of the
 * error in that text ({@link #position()}) and the reason ({@link #reason()}).
 *
 * <p>The message has three lines: the target, the reason and the position; the text, indented by two spaces; and
 * a caret under the offending character:
 * <pre>
 * dw rule: unknown variable 'q0' at position 5
 *   2*x1*q0 - y1
 *        ^
 * </pre>
 * Positions count the characters of the text exactly as it was given, leading whitespace and a {@code dw=} prefix
 * included. A position equal to the text's length means the text ended too early (a missing operand, an unclosed
 * parenthesis, an empty rule); errors that concern a whole product (no dependency, a scale that cannot be
 * represented, too many factors) point at the product's first character. In the echoed text tabs are kept and other
 * line breaks and control characters are shown as spaces, so that the caret stays under its character.
 */
public final class LearningRuleSyntaxException extends IllegalArgumentException {
    private final RuleTarget target;
    private final String rule;
    private final int position;
    private final String reason;

    LearningRuleSyntaxException(RuleTarget target, String rule, int position, String reason) {
        super(message(target, rule, position, reason));
        this.target = target;
        this.rule = rule;
        this.position = position;
        this.reason = reason;
    }

    private static String message(RuleTarget target, String rule, int position, String reason) {
        StringBuilder m = new StringBuilder(target == null ? "learning" : target.symbol())
                .append(" rule: ").append(reason).append(" at position ").append(position).append("\n  ");
        for (int i = 0; i < rule.length(); i++) {
            m.append(shown(rule.charAt(i)));
        }
        m.append("\n  ");
        for (int i = 0; i < position; i++) {
            // a tab in the text is matched by a tab here, whatever width the reader's terminal gives it
            m.append(i < rule.length() && rule.charAt(i) == '\t' ? '\t' : ' ');
        }
        return m.append('^').toString();
    }

    private static char shown(char c) {
        return c == '\t' ? c : Character.isISOControl(c) || Character.isWhitespace(c) ? ' ' : c;
    }

    /**
     * The rule that fails: the builder's setter or, for {@link ProductSeries} parsed directly, the text's prefix
     * ({@code dw} without one); null when the error is in the prefix itself and no target was expected.
     */
    public RuleTarget target() {
        return target;
    }

    /** The rule text exactly as given, which {@link #position()} indexes. */
    public String rule() {
        return rule;
    }

    /** 0-based index of the offending character in {@link #rule()}; its length when the text ends too early. */
    public int position() {
        return position;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
