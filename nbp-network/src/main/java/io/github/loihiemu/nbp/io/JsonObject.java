package io.github.loihiemu.nbp.io;

import java.util.Locale;

/**
 * One JSON object on one line, built field by field: strings are escaped, numbers that are not finite (NaN, infinite)
 * become {@code null}, int arrays become JSON arrays. The one writer of every {@code --json} line of the CLI, so that
 * no line is assembled by hand with printf.
 */
public final class JsonObject {
    private final StringBuilder b = new StringBuilder("{");

    private JsonObject key(String name) {
        if (b.length() > 1) {
            b.append(',');
        }
        string(name);
        b.append(':');
        return this;
    }

    /** A string field (null gives {@code null}). */
    public JsonObject put(String name, String value) {
        key(name);
        if (value == null) {
            b.append("null");
        } else {
            string(value);
        }
        return this;
    }

    /** An integer field. */
    public JsonObject put(String name, long value) {
        key(name).b.append(value);
        return this;
    }

    /** A boolean field. */
    public JsonObject put(String name, boolean value) {
        key(name).b.append(value);
        return this;
    }

    /** A number with {@code decimals} decimals; NaN or infinite gives {@code null}. */
    public JsonObject put(String name, double value, int decimals) {
        key(name);
        if (Double.isFinite(value)) {
            b.append(String.format(Locale.ROOT, "%." + decimals + "f", value));
        } else {
            b.append("null");
        }
        return this;
    }

    /** An integer that may be absent: a negative value gives {@code null}. */
    public JsonObject putCount(String name, long value) {
        key(name);
        b.append(value < 0 ? "null" : Long.toString(value));
        return this;
    }

    /** An array of integers. */
    public JsonObject put(String name, int[] values) {
        key(name).b.append('[');
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(values[i]);
        }
        b.append(']');
        return this;
    }

    private void string(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b + "}";
    }
}
