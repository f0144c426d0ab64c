package io.github.loihiemu.core.learning;

/**
 * The variables a learning rule can use (docs/loihi-semantics.md, "Learning engine"), with the width the overflow guard
 * (step 3 of "Rule evaluation, step by step") counts for a factor that reads them: 1 for the spike bits x0, y0, u0..u9
 * and r0, 7 for the traces x1, x2, y1, y2, y3 and r1, 9 for the synaptic variables w (9-bit signed), d (6-bit unsigned,
 * counted as 9 like the others) and t (9-bit signed). A factor's value is clamped to {@code [-2^width, 2^width - 1]}.
 *
 * <p>The research note also lists a width of 8 for constants. It never applies here: literals fold into the product's
 * scale, and an offset {@code (w - 80)} is part of its variable's factor and counts with the variable's width, as in
 * lava. The ordinal indexes the {@code vars} array of {@link ProductSeries#product(int, int[])}.
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

    /** Width counted by the overflow guard; also the clamp {@code [-2^width, 2^width - 1]} of a factor. */
    public int width() {
        return width;
    }

    /**
     * Whether the variable can gate a product (x0, y0, u_k). The first such symbol of a product is its dependency;
     * later ones are ordinary 1-bit factors.
     */
    public boolean isDependency() {
        return dependency;
    }

    /** The symbol used in rule strings. */
    public String symbol() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
