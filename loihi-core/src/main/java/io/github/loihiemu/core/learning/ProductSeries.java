package io.github.loihiemu.core.learning;

import io.github.loihiemu.core.util.SplitMix64;

import java.util.ArrayList;
import java.util.List;

/**
 * A learning rule {@code dz = Σ_i S_i · D_i · Π_j F_ij} (docs/loihi-semantics.md, "Learning engine"), parsed from an
 * NxSDK rule string, immutable, and compiled into flat primitive arrays that the learning engine evaluates without
 * allocating. Series are made only by {@link LearningRuleSpec} when it is built (the parser is package-private), so a
 * rule is parsed and checked once, however many cores hold it; the chip reads them with
 * {@link LearningRuleSpec#series(RuleTarget)}.
 *
 * <p><b>Grammar.</b> An optional target prefix {@code dw=}, {@code dd=} or {@code dt=} (default dw); terms joined by
 * {@code +} and {@code -}; each term a {@code *}-product of integer literals, {@code 2^k} (base 2 only),
 * parenthesised literals {@code (2^-7)}, variables ({@link RuleVariable}), offsets {@code (var + C)} with C in
 * -256..255, and {@code sgn(var + C)} on w, d or t. Whitespace is free. The first x0, y0 or u_k of a product is its
 * dependency D; later ones are ordinary 1-bit factors; a product without one is an error, and a rule uses at most one
 * u_k. Errors are {@link LearningRuleSyntaxException}s with the position.
 *
 * <p><b>Scale.</b> The literals of a product multiply into {@code mant * 2^exp}; while {@code |mant| > 7}, even, and
 * {@code exp < 8}, mant is halved and exp incremented; then mant must be in -8..7 and exp in -7..8. This is the rule
 * of the research note (docs/loihi-semantics.md, "Learning engine") and of lava taken literally: {@code 32} becomes
 * {@code 4*2^3}, {@code 4*2^-7} stays, {@code -2} stays (the note's examples 1*2^5 and 1*2^-5 do not follow from its
 * rule).
 *
 * <p><b>Evaluation</b> (docs/loihi-semantics.md, "Rule evaluation, step by step"):
 * <pre>
 * acc = z &lt;&lt; 7                                             7 fraction bits
 * for each product p:
 *     m = D · Π_j v_j · S_mant,   v_j = clamp(F_j + C_j, -2^width_j, 2^width_j - 1), or its sign for sgn()
 *     m &gt;&gt;= max(0, Σ_j width_j + W_S - 15)                 overflow guard, floor shift
 *     m = sat16(m &lt;&lt; (S_exp + 7))
 *     acc += m
 * acc = sat16(acc)
 * </pre>
 * Choices where sources differ or are silent:
 * <ul>
 *   <li>W_S, the scale-mantissa width in the guard, is 3 (nengo-loihi, tuned on chips; docs/loihi-semantics.md); lava
 *       uses 4. The package-private {@code parse(String, int)} takes either, so tests can run both readings.</li>
 *   <li>The guard sums the widths of the factors only, not of the dependency (lava's reading of step 3):
 *       {@code 2*x1*y0} shifts by 0, {@code u1*x1*y1*(2^-7)} by 7 + 7 + 3 - 15 = 2. A {@code sgn()} factor counts
 *       with its variable's width (9 for w), as in lava.</li>
 *   <li>The sum is saturated once, after the last product, where the note and lava saturate after every addition; the
 *       two differ only when a partial sum leaves 16 bits and a later product comes back. Saturating once keeps the sum
 *       independent of the order of the terms and keeps exact rules exact at the limits: nBP's {@code +4 -2} at
 *       weight 254 stays 254 instead of becoming 252 with probability 1/256.</li>
 * </ul>
 * Rounding to the target's precision, steps 5 to 7, is {@link #round(int, int, int, int, SplitMix64)}.
 */
public final class ProductSeries {
    // values() clones its array on every call; the evaluator must not allocate
    private static final RuleVariable[] VARIABLES = RuleVariable.values();
    private static final int ACC_MIN = -32768;
    private static final int ACC_MAX = 32767;

    /** Mantissa width of the scale constant in the overflow guard (nengo-loihi: 3; lava: 4). */
    public static final int DEFAULT_SCALE_WIDTH = 3;

    private final String text;
    private final RuleTarget target;
    private final int[] dependency;
    private final int[] mantissa;
    private final int[] exponent;
    private final int[] shift;
    private final int[] factorStart;
    private final int[] factorVar;
    private final int[] factorOffset;
    private final int[] factorLow;
    private final int[] factorHigh;
    private final boolean[] factorSgn;

    private ProductSeries(String text, RuleTarget target, List<int[]> products, List<int[]> factors,
                          int scaleWidth) {
        this.text = text;
        this.target = target;
        int n = products.size();
        dependency = new int[n];
        mantissa = new int[n];
        exponent = new int[n];
        shift = new int[n];
        factorStart = new int[n + 1];
        int nf = factors.size();
        factorVar = new int[nf];
        factorOffset = new int[nf];
        factorLow = new int[nf];
        factorHigh = new int[nf];
        factorSgn = new boolean[nf];
        for (int f = 0; f < nf; f++) {
            int[] fa = factors.get(f);
            factorVar[f] = fa[0];
            factorOffset[f] = fa[1];
            factorSgn[f] = fa[2] != 0;
            int width = VARIABLES[fa[0]].width();
            factorLow[f] = -(1 << width);
            factorHigh[f] = (1 << width) - 1;
        }
        for (int p = 0; p < n; p++) {
            int[] pr = products.get(p);
            dependency[p] = pr[0];
            mantissa[p] = pr[1];
            exponent[p] = pr[2];
            factorStart[p] = pr[3];
            factorStart[p + 1] = pr[4];
            shift[p] = Math.max(0, pr[5] + scaleWidth - 15);
        }
    }

    /**
     * Parses {@code text} (with or without a {@code dw=}, {@code dd=} or {@code dt=} prefix) with W_S = 3.
     * Package-private: outside tests, rules are parsed only by {@link LearningRuleSpec}, once per spec, and the
     * chip takes the parsed series from there.
     */
    static ProductSeries parse(String text) {
        return parse(text, DEFAULT_SCALE_WIDTH);
    }

    /**
     * Parses {@code text} with the given scale width W_S in the overflow guard: 3 (nengo-loihi, the default) or 4
     * (lava); values below 3 are rejected because the scale mantissa needs 3 bits plus sign.
     */
    static ProductSeries parse(String text, int scaleWidth) {
        return parse(text, null, scaleWidth);
    }

    /**
     * Parses {@code text} as the rule for {@code target}: a prefix naming another target is an error. With
     * {@code target} null the prefix decides, and no prefix means {@link RuleTarget#DW}.
     */
    static ProductSeries parse(String text, RuleTarget target, int scaleWidth) {
        if (text == null) {
            throw new IllegalArgumentException("learning rule must not be null");
        }
        if (scaleWidth < 3 || scaleWidth > 15) {
            throw new IllegalArgumentException("scale width " + scaleWidth + " is outside 3..15");
        }
        return new Parser(text, target, scaleWidth).parse();
    }

    /** The variable the rule changes: the spec's setter that took it, or the string's prefix ({@code dw} without). */
    public RuleTarget target() {
        return target;
    }

    /** Number of products. */
    public int productCount() {
        return dependency.length;
    }

    /** The gating dependency of product {@code p}. */
    public RuleVariable dependency(int p) {
        return VARIABLES[dependency[p]];
    }

    /** Normalised scale mantissa of product {@code p}, -8..7. */
    public int scaleMantissa(int p) {
        return mantissa[p];
    }

    /** Normalised scale exponent of product {@code p}, -7..8. */
    public int scaleExponent(int p) {
        return exponent[p];
    }

    /** Overflow-guard shift of product {@code p}. */
    public int overflowShift(int p) {
        return shift[p];
    }

    /** Whether any product is gated by {@code dep}. */
    public boolean uses(RuleVariable dep) {
        for (int d : dependency) {
            if (d == dep.ordinal()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every product is zero unless {@code v} is 1: {@code v} is the product's dependency or a plain factor
     * (no offset, no sgn) in every product. Lets the learning engine skip synapses without evaluating them.
     */
    public boolean requires(RuleVariable v) {
        for (int p = 0; p < dependency.length; p++) {
            boolean found = dependency[p] == v.ordinal();
            for (int f = factorStart[p]; f < factorStart[p + 1] && !found; f++) {
                found = factorVar[f] == v.ordinal() && factorOffset[f] == 0 && !factorSgn[f];
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Whether any product is gated by a u_k. */
    public boolean usesEpochDependency() {
        for (int d : dependency) {
            if (d >= RuleVariable.U0.ordinal() && d <= RuleVariable.U9.ordinal()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value m of product {@code p}, in accumulator units (7 fraction bits), before it is added: steps 2 to 4 of
     * docs/loihi-semantics.md, "Rule evaluation, step by step", ending with m saturated to 16 bits. {@code vars} is
     * indexed by {@link RuleVariable#ordinal()}; the dependency's entry must be 0 or 1, the factors' entries may hold
     * any int (they are clamped here).
     *
     * <p>The multiplication runs in {@code long}: parsing rejects products whose factor widths could overflow it,
     * and after the overflow shift |m| is at most 2^15, so the exponent shift (at most 15) fits an int.
     */
    public int product(int p, int[] vars) {
        int dep = vars[dependency[p]];
        if (dep == 0) {
            return 0;
        }
        long m = dep;
        for (int f = factorStart[p]; f < factorStart[p + 1]; f++) {
            int val = Math.max(factorLow[f], Math.min(factorHigh[f], vars[factorVar[f]] + factorOffset[f]));
            m *= factorSgn[f] ? Integer.signum(val) : val;
        }
        m *= mantissa[p];
        int scaled = (int) (m >> shift[p]) << (exponent[p] + 7);
        return Math.max(ACC_MIN, Math.min(ACC_MAX, scaled));
    }

    /**
     * Whether {@link #round} of {@code sat16((value << 7) + sum)} to a precision of {@code 2^lsb} within
     * {@code [min, max]} can never draw a random number, for a value that is a multiple of {@code 2^lsb} and variables
     * within {@code [varLow[v], varHigh[v]]} (indexed by ordinal): then every product is a multiple of
     * {@code 2^(7+lsb)} (its scale's exponent plus the mantissa's trailing zeros) too small to saturate, so the accumulator has no fraction unless the sum saturates at its
     * maximum, and there both candidates clip to the same value. A sufficient condition: false does not mean a draw
     * will happen.
     */
    public boolean roundsWithoutDraws(int lsb, int min, int max, int[] varLow, int[] varHigh) {
        int bits = 7 + lsb;
        for (int p = 0; p < dependency.length; p++) {
            // the product is (m >> shift) << (exponent + 7) with m a multiple of the mantissa: unshifted, the
            // mantissa's trailing zeros count too (nBP's step 4 is mantissa 4, exponent 0: a multiple of 2^9)
            int zeros = shift[p] == 0 ? Integer.numberOfTrailingZeros(mantissa[p]) : 0;
            if (exponent[p] + 7 + zeros < bits) {
                return false;
            }
            long bound = Math.abs((long) mantissa[p]);
            for (int f = factorStart[p]; f < factorStart[p + 1]; f++) {
                int v = factorVar[f];
                long a = Math.max(factorLow[f], Math.min(factorHigh[f], (long) varLow[v] + factorOffset[f]));
                long b = Math.max(factorLow[f], Math.min(factorHigh[f], (long) varHigh[v] + factorOffset[f]));
                long m = Math.max(Math.abs(a), Math.abs(b));
                bound *= factorSgn[f] ? Math.min(1, m) : m;
            }
            bound = (bound + (1L << shift[p]) - 1) >> shift[p];
            if (bound > (ACC_MAX >> (exponent[p] + 7))) {
                return false;
            }
        }
        int floor = ACC_MAX >> bits;
        int low = Math.max(min, Math.min(max, floor << lsb));
        int high = Math.max(min, Math.min(max, (floor + 1) << lsb));
        return low == high;
    }

    /**
     * {@code sat16((value << 7) + Σ_p product(p, vars))}: the 16-bit learning accumulator with 7 fraction bits,
     * saturated once after the sum (the class comment says why not after every addition). Allocation-free.
     */
    public int accumulate(int value, int[] vars) {
        return accumulateSum(value, productSum(vars));
    }

    /** {@code Σ_p product(p, vars)}, unsaturated: what {@link #accumulate} adds to the shifted value. */
    public long productSum(int[] vars) {
        long acc = 0;
        for (int p = 0; p < dependency.length; p++) {
            acc += product(p, vars);
        }
        return acc;
    }

    /** {@link #accumulate} with the product sum already known: {@code sat16((value << 7) + sum)}. */
    public static int accumulateSum(int value, long sum) {
        return (int) Math.max(ACC_MIN, Math.min(ACC_MAX, ((long) value << 7) + sum));
    }

    /** Whether any product reads {@code v}, as its dependency or as a factor. */
    public boolean references(RuleVariable v) {
        for (int p = 0; p < dependency.length; p++) {
            if (dependency[p] == v.ordinal()) {
                return true;
            }
            for (int f = factorStart[p]; f < factorStart[p + 1]; f++) {
                if (factorVar[f] == v.ordinal()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Steps 5 to 7 of docs/loihi-semantics.md, "Rule evaluation, step by step": stochastic rounding of a
     * 7-fraction-bit accumulator to a precision of {@code 2^lsb}, {@code w = (floor(y) + [U < frac(y)]) << lsb} with
     * {@code y = acc / 2^(7+lsb)}, then clipping to {@code [min, max]}. U is {@code rng.nextBits(7 + lsb) / 2^(7+lsb)},
     * so the comparison is exact in integers.
     *
     * <p>A number is drawn only when it can change the result, i.e. when the two candidates differ after clipping.
     * Exact updates (nBP's +-2) therefore consume no randomness, also when they hit the clipping limits, and the
     * sign-mode guard of step 5 (excitatory {@code acc = max(0, acc)}, inhibitory {@code min(0, acc)}) needs no code
     * of its own: with {@code min = 0} (or {@code max = 0}) both candidates of a negative (positive) accumulator clip
     * to 0, exactly the guard's result, and nothing is drawn.
     *
     * @param lsb low weight bits the format drops, 0..8
     */
    public static int round(int acc, int lsb, int min, int max, SplitMix64 rng) {
        int bits = 7 + lsb;
        int floor = acc >> bits;
        int low = Math.max(min, Math.min(max, floor << lsb));
        int high = Math.max(min, Math.min(max, (floor + 1) << lsb));
        if ((acc & ((1 << bits) - 1)) == 0 || low == high) {
            return low;
        }
        return roundWithDraw(acc, lsb, min, max, rng.nextBits(bits));
    }

    /**
     * {@link #round} with an explicit draw in {@code [0, 2^(7+lsb))}: rounds up iff {@code draw} is below the
     * fraction bits {@code acc & (2^(7+lsb) - 1)}.
     */
    public static int roundWithDraw(int acc, int lsb, int min, int max, int draw) {
        int bits = 7 + lsb;
        int floor = acc >> bits;
        int frac = acc & ((1 << bits) - 1);
        int q = floor + (draw < frac ? 1 : 0);
        return Math.max(min, Math.min(max, q << lsb));
    }

    /**
     * A canonical form that parses back to the same series: the target prefix unless it is {@code dw}, then per
     * product the normalised scale (omitted when it is 1), the dependency, and the factors in their order.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (target != RuleTarget.DW) {
            s.append(target.symbol()).append('=');
        }
        for (int p = 0; p < dependency.length; p++) {
            int m = mantissa[p];
            s.append(p == 0 ? (m < 0 ? "-" : "") : (m < 0 ? " - " : " + "));
            if (Math.abs(m) != 1) {
                s.append(Math.abs(m)).append('*');
            }
            if (exponent[p] != 0) {
                s.append("2^").append(exponent[p]).append('*');
            }
            s.append(VARIABLES[dependency[p]].symbol());
            for (int f = factorStart[p]; f < factorStart[p + 1]; f++) {
                String v = VARIABLES[factorVar[f]].symbol();
                int o = factorOffset[f];
                String inner = o == 0 ? v : v + (o > 0 ? "+" : "-") + Math.abs(o);
                s.append('*').append(factorSgn[f] ? "sgn(" + inner + ")" : o == 0 ? inner : "(" + inner + ")");
            }
        }
        return s.toString();
    }

    /** The text this series was parsed from, exactly as given (positions in syntax errors index it). */
    public String text() {
        return text;
    }

    /** The reason of the error for a rule whose prefix names {@code named} where {@code expected} was asked for. */
    static String wrongTarget(RuleTarget named, RuleTarget expected) {
        return "this is a " + named.symbol() + " rule, given as " + expected.symbol();
    }

    private static final class Parser {
        private final String s;
        private final RuleTarget expected;
        private final int scaleWidth;
        // known once the prefix is read; before that, the expected target (null if none)
        private RuleTarget target;
        private int pos;
        private final List<int[]> products = new ArrayList<>();
        private final List<int[]> factors = new ArrayList<>();
        private int epochVariable = -1;
        // scale of the product being parsed: mant * 2^exp
        private long mant;
        private int exp;

        Parser(String s, RuleTarget expected, int scaleWidth) {
            this.s = s;
            this.expected = expected;
            this.target = expected;
            this.scaleWidth = scaleWidth;
        }

        private LearningRuleSyntaxException error(int at, String reason) {
            return new LearningRuleSyntaxException(target, s, at, reason);
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private boolean eat(char c) {
            skip();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        ProductSeries parse() {
            skip();
            int nameAt = pos;
            String name = identifier();
            if (eat('=')) {
                RuleTarget named = RuleTarget.ofSymbol(name);
                if (named == null) {
                    throw error(nameAt, "unknown target '" + name + "' (expected dw, dd or dt)");
                }
                if (expected != null && named != expected) {
                    throw error(nameAt, wrongTarget(named, expected));
                }
                target = named;
            } else {
                pos = nameAt;
                target = expected == null ? RuleTarget.DW : expected;
            }
            skip();
            if (pos >= s.length()) {
                throw error(pos, "empty rule");
            }
            boolean negative = false;
            if (eat('-')) {
                negative = true;
            } else {
                eat('+');
            }
            term(negative);
            while (true) {
                skip();
                if (pos >= s.length()) {
                    break;
                }
                char c = s.charAt(pos);
                if (c == '+' || c == '-') {
                    pos++;
                    term(c == '-');
                } else if (c == '/') {
                    throw error(pos, "division is not supported");
                } else if (c == ')') {
                    throw error(pos, "unbalanced parentheses: this ')' closes nothing");
                } else {
                    throw error(pos, "unexpected '" + c + "'");
                }
            }
            return new ProductSeries(s, target, products, factors, scaleWidth);
        }

        private void term(boolean negative) {
            skip();
            int termStart = pos;
            mant = negative ? -1 : 1;
            exp = 0;
            int dep = -1;
            int firstFactor = factors.size();
            do {
                skip();
                if (pos >= s.length()) {
                    throw error(pos, "missing factor after operator");
                }
                int at = pos;
                char c = s.charAt(pos);
                if (Character.isDigit(c)) {
                    literal();
                } else if (c == '(') {
                    pos++;
                    skip();
                    if (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '-')) {
                        if (eat('-')) {
                            mant = -mant;
                        }
                        skip();
                        literal();
                    } else {
                        int v = variable();
                        int off = offset();
                        factors.add(new int[] {v, off, 0});
                    }
                    close(at);
                } else if (s.startsWith("sgn", pos)) {
                    pos += 3;
                    skip();
                    int open = pos;
                    if (!eat('(')) {
                        throw error(pos, "expected '(' after sgn");
                    }
                    skip();
                    int varAt = pos;
                    int v = variable();
                    if (v != RuleVariable.W.ordinal() && v != RuleVariable.D.ordinal()
                            && v != RuleVariable.T.ordinal()) {
                        // lava accepts sgn() only on the synaptic variables, which is what the microcode can test
                        throw error(varAt, "sgn() applies only to w, d or t");
                    }
                    int off = offset();
                    close(open);
                    factors.add(new int[] {v, off, 1});
                } else if (Character.isLetter(c)) {
                    int v = variable();
                    if (dep < 0 && VARIABLES[v].isDependency()) {
                        dep = v;
                    } else {
                        factors.add(new int[] {v, 0, 0});
                    }
                } else {
                    throw error(at, "unexpected '" + c + "'");
                }
            } while (eat('*'));
            skip();
            if (pos < s.length() && s.charAt(pos) == '/') {
                throw error(pos, "division is not supported");
            }
            if (dep < 0) {
                throw error(termStart, "product has no dependency (x0, y0 or u0..u9)");
            }
            if (mant == 0) {
                throw error(termStart, "product has a zero scale");
            }
            // A sgn() factor counts with its variable's width, as lava does: the guard sees the variable read,
            // not the -1/0/+1 it is turned into.
            int widths = 0;
            for (int f = firstFactor; f < factors.size(); f++) {
                widths += VARIABLES[factors.get(f)[0]].width();
            }
            if (widths + 3 > 62) {
                // |dependency * factors * mantissa| < 2^(widths + 3) must fit the evaluator's long
                throw error(termStart, "product has too many factors (" + widths + " bits)");
            }
            // The note's rule as lava does it (docs/loihi-semantics.md, "Learning engine"): factors of 2 move into the
            // exponent only while the mantissa does not fit its 4 bits, so 32 -> 4*2^3 and 4*2^-7 stays 4*2^-7. (The
            // note's examples 1*2^5 and 1*2^-5 do not follow from its own rule; the value is the same, but a product
            // whose overflow guard shifts keeps more bits with the larger mantissa.)
            while (Math.abs(mant) > 7 && mant % 2 == 0 && exp < 8) {
                mant /= 2;
                exp++;
            }
            if (mant < -8 || mant > 7 || exp < -7 || exp > 8) {
                throw error(termStart, "scale " + mant + "*2^" + exp
                        + " cannot be represented (mantissa -8..7, exponent -7..8)");
            }
            products.add(new int[] {dep, (int) mant, exp, firstFactor, factors.size(), widths});
        }

        /** A literal {@code n} or {@code 2^k} at pos, multiplied into the current product's scale. */
        private void literal() {
            int at = pos;
            long value = number();
            if (eat('^')) {
                if (value != 2) {
                    throw error(at, "bad exponent base " + value + ": only 2^k is allowed");
                }
                exp += signedNumber();
            } else {
                mant *= value;
                if (Math.abs(mant) > (1L << 20)) {
                    throw error(at, "constant too large");
                }
            }
        }

        /** Consumes the ')' that closes the '(' at {@code open}. */
        private void close(int open) {
            if (!eat(')')) {
                throw error(pos, "unbalanced parentheses: '(' at position " + open + " is not closed");
            }
        }

        private long number() {
            skip();
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error(pos, "expected a number");
            }
            if (pos - start > 9) {
                throw error(start, "number too long");
            }
            return Long.parseLong(s.substring(start, pos));
        }

        private int signedNumber() {
            skip();
            boolean neg = false;
            if (pos < s.length() && s.charAt(pos) == '-') {
                neg = true;
                pos++;
            } else if (pos < s.length() && s.charAt(pos) == '+') {
                pos++;
            }
            int start = pos;
            long v = number();
            if (v > 64) {
                throw error(start, "exponent " + v + " is out of range");
            }
            return (int) (neg ? -v : v);
        }

        private int offset() {
            skip();
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                boolean neg = s.charAt(pos) == '-';
                pos++;
                skip();
                int at = pos;
                long v = neg ? -number() : number();
                // an 8-bit constant, clamped like every factor to [-2^8, 2^8 - 1]
                if (v < -256 || v > 255) {
                    throw error(at, "offset " + v + " is outside -256..255");
                }
                return (int) v;
            }
            return 0;
        }

        private String identifier() {
            int start = pos;
            while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private int variable() {
            skip();
            int start = pos;
            String name = identifier();
            for (RuleVariable v : VARIABLES) {
                if (v.symbol().equals(name)) {
                    if (v.ordinal() >= RuleVariable.U0.ordinal() && v.ordinal() <= RuleVariable.U9.ordinal()) {
                        // a rule profile has one decimation exponent (stdpProfileCfg.decimateExp; lava checks too)
                        if (epochVariable >= 0 && epochVariable != v.ordinal()) {
                            throw error(start, name + " conflicts with " + VARIABLES[epochVariable].symbol()
                                    + ": a rule can use only one u_k");
                        }
                        epochVariable = v.ordinal();
                    }
                    return v.ordinal();
                }
            }
            throw error(start, name.isEmpty() ? "expected a variable" : "unknown variable '" + name + "'");
        }
    }
}
