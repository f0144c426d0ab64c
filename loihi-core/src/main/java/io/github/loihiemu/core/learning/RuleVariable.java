package io.github.loihiemu.core.learning;

/**
 * The variables a learning rule can use (section 5.2 of the semantics), with the bit width the overflow guard
 * counts for them.
 */
public enum RuleVariable {
    X0(1, true), Y0(1, true),
    U0(1, true), U1(1, true), U2(1, true), U3(1, true), U4(1, true),
    U5(1, true), U6(1, true), U7(1, true), U8(1, true), U9(1, true),
    X1(7, false), X2(7, false), Y1(7, false), Y2(7, false), Y3(7, false),
    R0(1, false), R1(7, false),
    W(9, false), D(9, false), T(9, false);

    private final int width;
    private final boolean dependency;

    RuleVariable(int width, boolean dependency) {
        this.width = width;
        this.dependency = dependency;
    }

    /** Bits of the value as the learning engine multiplies it. */
    public int width() {
        return width;
    }

    /** Whether the variable can gate a product (x0, y0, u_k). */
    public boolean isDependency() {
        return dependency;
    }

    /** The symbol used in rule strings. */
    public String symbol() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
