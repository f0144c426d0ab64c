package io.github.loihiemu.core.learning;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random rules, written with random spacing, factor order and literal placement, against a plain reference of
 * docs/loihi-semantics.md ("Learning engine", "Rule evaluation, step by step") written from the text (multiplications
 * and floor divisions, no shifts): parse, normalisation, error position, evaluation, and the round trip through
 * {@code toString()}.
 */
class RandomRuleTest {
    private static final RuleVariable[] VARS = RuleVariable.values();
    private static final RuleVariable[] FACTOR_VARS = {RuleVariable.X1, RuleVariable.X2, RuleVariable.Y1,
        RuleVariable.Y2, RuleVariable.Y3, RuleVariable.R0, RuleVariable.R1, RuleVariable.W, RuleVariable.D,
        RuleVariable.T, RuleVariable.X0, RuleVariable.Y0};

    /** One factor as the reference sees it. */
    private record Factor(RuleVariable var, int offset, boolean sgn) {
    }

    /** One product as the reference sees it; {@code error} is the expected parse error, or null. */
    private record Product(int start, RuleVariable dependency, long mantissa, int exponent, List<Factor> factors,
                           String error) {
    }

    private static final class Rule {
        final StringBuilder text = new StringBuilder();
        final List<Product> products = new ArrayList<>();
        RuleTarget target = RuleTarget.DW;
    }

    private static String space(SplittableRandom r) {
        return r.nextInt(4) == 0 ? " ".repeat(r.nextInt(1, 3)) : "";
    }

    private static Rule generate(SplittableRandom r) {
        Rule rule = new Rule();
        StringBuilder s = rule.text;
        s.append(space(r));
        int t = r.nextInt(4);
        if (t > 0) {
            rule.target = RuleTarget.values()[t - 1];
            s.append(rule.target.symbol()).append(space(r)).append('=').append(space(r));
        }
        RuleVariable epoch = VARS[RuleVariable.U0.ordinal() + r.nextInt(10)];
        int n = r.nextInt(1, 5);
        for (int p = 0; p < n; p++) {
            boolean negative = r.nextBoolean();
            if (p > 0) {
                s.append(space(r)).append(negative ? '-' : '+').append(space(r));
            } else if (negative) {
                s.append('-').append(space(r));
            }
            List<String> items = new ArrayList<>();
            long mant = negative ? -1 : 1;
            int exp = 0;
            int literals = r.nextInt(0, 3);
            for (int k = 0; k < literals; k++) {
                if (r.nextBoolean()) {
                    int v = r.nextInt(1, 10);
                    mant *= v;
                    items.add(Integer.toString(v));
                } else {
                    int e = r.nextInt(-5, 5);
                    exp += e;
                    items.add(r.nextBoolean() ? "2^" + e : "(2^" + e + ")");
                }
            }
            boolean withDependency = r.nextInt(12) != 0;
            if (withDependency) {
                int d = r.nextInt(3);
                items.add(d == 0 ? "x0" : d == 1 ? "y0" : epoch.symbol());
            }
            List<Factor> factors = new ArrayList<>();
            int nf = r.nextInt(0, 4);
            for (int k = 0; k < nf; k++) {
                RuleVariable v = FACTOR_VARS[r.nextInt(FACTOR_VARS.length)];
                boolean synaptic = v == RuleVariable.W || v == RuleVariable.D || v == RuleVariable.T;
                int form = r.nextInt(synaptic ? 3 : 2);
                int offset = form == 0 ? 0 : r.nextInt(-256, 256);
                String inner = offset == 0 ? v.symbol()
                        : v.symbol() + space(r) + (offset > 0 ? "+" : "-") + space(r) + Math.abs(offset);
                items.add(form == 0 ? v.symbol() : form == 1 ? "(" + inner + ")" : "sgn(" + inner + ")");
            }
            // shuffle, then read the product back in its written order: the first dependency symbol gates it
            for (int k = items.size() - 1; k > 0; k--) {
                int j = r.nextInt(k + 1);
                String x = items.get(k);
                items.set(k, items.get(j));
                items.set(j, x);
            }
            RuleVariable dependency = null;
            for (String item : items) {
                Factor f = factorOf(item);
                if (f == null) {
                    continue;
                }
                if (dependency == null && f.var.isDependency() && f.offset == 0 && !f.sgn && !item.startsWith("(")) {
                    dependency = f.var;
                } else {
                    factors.add(f);
                }
            }
            if (items.isEmpty()) {
                items.add("1");
            }
            int start = s.length();
            for (int k = 0; k < items.size(); k++) {
                s.append(k == 0 ? "" : space(r) + "*" + space(r)).append(items.get(k));
            }
            while (Math.abs(mant) > 7 && mant % 2 == 0 && exp < 8) {
                mant /= 2;
                exp++;
            }
            String error = dependency == null ? "no dependency"
                    : mant < -8 || mant > 7 || exp < -7 || exp > 8 ? "cannot be represented" : null;
            rule.products.add(new Product(start, dependency, mant, exp, factors, error));
        }
        s.append(space(r));
        return rule;
    }

    /** The factor an item of a product stands for, or null for a literal. */
    private static Factor factorOf(String item) {
        boolean sgn = item.startsWith("sgn(");
        String inner = sgn ? item.substring(4, item.length() - 1)
                : item.startsWith("(") ? item.substring(1, item.length() - 1) : item;
        inner = inner.replace(" ", "");
        if (Character.isDigit(inner.charAt(0))) {
            return null;
        }
        int cut = Math.max(inner.indexOf('+'), inner.indexOf('-'));
        String name = cut < 0 ? inner : inner.substring(0, cut);
        int offset = cut < 0 ? 0 : Integer.parseInt(inner.substring(cut).replace("+", ""));
        return new Factor(RuleVariable.valueOf(name.toUpperCase(java.util.Locale.ROOT)), offset, sgn);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Steps 2-4 of docs/loihi-semantics.md, "Rule evaluation, step by step", for one product, from the text. */
    private static long referenceProduct(Product p, int[] vars, int scaleWidth) {
        long m = vars[p.dependency.ordinal()];
        int widths = 0;
        for (Factor f : p.factors) {
            long limit = 1L << f.var.width();
            long val = clamp(vars[f.var.ordinal()] + f.offset, -limit, limit - 1);
            m *= f.sgn ? Long.signum(val) : val;
            widths += f.var.width();
        }
        m *= p.mantissa;
        m = Math.floorDiv(m, 1L << Math.max(0, widths + scaleWidth - 15));
        m *= 1L << (p.exponent + 7);
        return clamp(m, -32768, 32767);
    }

    private static int[] randomVars(SplittableRandom r) {
        int[] v = new int[VARS.length];
        for (RuleVariable x : VARS) {
            v[x.ordinal()] = switch (x) {
                case W, T -> r.nextInt(-256, 256);
                case D -> r.nextInt(0, 64);
                case X1, X2, Y1, Y2, Y3, R1 -> r.nextInt(0, 128);
                default -> r.nextInt(5) == 0 ? 0 : 1;
            };
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomRulesParseEvaluateAndRoundTripLikeTheReference(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int parsed = 0;
        for (int c = 0; c < 500; c++) {
            Rule rule = generate(r);
            String text = rule.text.toString();
            int scaleWidth = r.nextBoolean() ? 3 : 4;
            Product bad = rule.products.stream().filter(p -> p.error != null).findFirst().orElse(null);
            if (bad != null) {
                LearningRuleSyntaxException e = assertThrows(LearningRuleSyntaxException.class,
                        () -> ProductSeries.parse(text, scaleWidth), text);
                assertEquals(bad.start, e.position(), e.getMessage());
                assertTrue(e.reason().contains(bad.error), e.getMessage());
                continue;
            }
            parsed++;
            ProductSeries s = ProductSeries.parse(text, scaleWidth);
            ProductSeries again = ProductSeries.parse(s.toString(), scaleWidth);
            assertEquals(s.toString(), again.toString(), text);
            assertEquals(rule.target, s.target(), text);
            assertEquals(rule.target, again.target(), text);
            assertEquals(rule.products.size(), s.productCount(), text);
            for (int p = 0; p < s.productCount(); p++) {
                Product ref = rule.products.get(p);
                assertEquals(ref.dependency, s.dependency(p), text);
                assertEquals(ref.mantissa, s.scaleMantissa(p), text);
                assertEquals(ref.exponent, s.scaleExponent(p), text);
                assertEquals(ref.dependency, again.dependency(p), text);
            }
            for (int k = 0; k < 20; k++) {
                int[] vars = randomVars(r);
                long acc = (long) vars[RuleVariable.W.ordinal()] * 128;
                for (int p = 0; p < s.productCount(); p++) {
                    long m = referenceProduct(rule.products.get(p), vars, scaleWidth);
                    assertEquals(m, s.product(p, vars), text);
                    assertEquals(m, again.product(p, vars), s.toString());
                    acc += m;
                }
                int expected = (int) clamp(acc, -32768, 32767);
                assertEquals(expected, s.accumulate(vars[RuleVariable.W.ordinal()], vars), text);
                assertEquals(expected, again.accumulate(vars[RuleVariable.W.ordinal()], vars), s.toString());
            }
        }
        assertTrue(parsed > 200, "most random rules are valid: " + parsed);
    }
}
