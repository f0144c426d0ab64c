package io.github.loihiemu.core.learning;

import java.util.Locale;

/**
 * The synaptic variable a rule changes (docs/loihi-semantics.md, "Learning engine"): {@code dw} the weight mantissa,
 * {@code dd} the delay, {@code dt} the tag. A rule string names it with a prefix such as {@code dd=}; without one it is
 * {@code dw}.
 */
public enum RuleTarget {
    DW, DD, DT;

    /** The prefix symbol, {@code dw}, {@code dd} or {@code dt}. */
    public String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The target called {@code symbol}, or null. */
    public static RuleTarget ofSymbol(String symbol) {
        for (RuleTarget t : values()) {
            if (t.symbol().equals(symbol)) {
                return t;
            }
        }
        return null;
    }
}
