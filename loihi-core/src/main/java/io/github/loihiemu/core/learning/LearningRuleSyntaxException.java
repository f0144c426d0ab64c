package io.github.loihiemu.core.learning;

/** A learning-rule string that does not parse: says where (0-based character position) and why. */
public final class LearningRuleSyntaxException extends IllegalArgumentException {
    private final int position;
    private final String reason;

    public LearningRuleSyntaxException(String rule, int position, String reason) {
        super("learning rule \"" + rule + "\": " + reason + " at position " + position + "\n  " + rule + "\n  "
                + " ".repeat(Math.max(0, position)) + "^");
        this.position = position;
        this.reason = reason;
    }

    /** 0-based index of the offending character in the rule string. */
    public int position() {
        return position;
    }

    /** What is wrong. */
    public String reason() {
        return reason;
    }
}
