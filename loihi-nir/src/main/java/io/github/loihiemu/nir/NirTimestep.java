package io.github.loihiemu.nir;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The timestep a graph is mapped and simulated at, and where it came from: given by the user, recorded in the
 * graph's metadata, or the default 1 ms. NIR defines no timestep (its nodes are ODEs); the NIR discussion of node
 * metadata (neuromorphs/NIR issue 70) names the discretisation's time step as metadata a writer may record, and
 * {@link NirExporter} records it as the graph's metadata {@code dt} in seconds. No sample of the NIR paper records
 * one.
 *
 * @param dt     seconds
 * @param source where it came from
 */
public record NirTimestep(double dt, Source source) {

    /** Where a timestep came from. */
    public enum Source {
        /** Given by the user ({@code --dt}, {@code MapOptions.withDt}). */
        GIVEN,
        /** The graph's metadata {@code dt}. */
        GRAPH,
        /** Neither: {@link MapOptions#DEFAULT_DT}. */
        DEFAULT
    }

    /** Validates the values. */
    public NirTimestep {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("timestep: dt = " + dt + " must be a positive number of seconds");
        }
        if (source == null) {
            throw new IllegalArgumentException("timestep: source must not be null");
        }
    }

    /**
     * The graph's metadata {@code dt} (seconds), if it has one.
     *
     * @throws IllegalArgumentException if it is there but not one positive number
     */
    public static OptionalDouble ofGraph(NirGraph graph) {
        NirArray a = graph.metadata().get(NirExporter.DT_KEY);
        if (a == null) {
            return OptionalDouble.empty();
        }
        double dt = a.isNumeric() && a.size() == 1 ? a.getDouble(0) : Double.NaN;
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("graph metadata " + NirExporter.DT_KEY + " = " + a
                    + ": a timestep is one positive number of seconds");
        }
        return OptionalDouble.of(dt);
    }

    /** The given timestep if there is one ({@code given} not null), else the graph's, else 1 ms. */
    public static NirTimestep choose(Double given, NirGraph graph) {
        if (given != null) {
            return new NirTimestep(given, Source.GIVEN);
        }
        OptionalDouble g = ofGraph(graph);
        return g.isPresent() ? new NirTimestep(g.getAsDouble(), Source.GRAPH)
                : new NirTimestep(MapOptions.DEFAULT_DT, Source.DEFAULT);
    }

    /** E.g. {@code 0.0001 s (the graph's metadata dt)}. */
    @Override
    public String toString() {
        String where = switch (source) {
            case GIVEN -> "given";
            case GRAPH -> "the graph's metadata " + NirExporter.DT_KEY;
            case DEFAULT -> "default; the graph records none";
        };
        return String.format(Locale.ROOT, "%s s (%s)",
                java.math.BigDecimal.valueOf(dt).stripTrailingZeros().toPlainString(), where);
    }
}
