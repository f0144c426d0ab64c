package io.github.loihiemu.nir;

import java.util.List;

/**
 * How {@link NirExporter} writes a network as a NIR graph.
 *
 * @param dt      the timestep in seconds that the exported time constants are expressed at (docs/nir.md, "Writing
 *                a network back"); the graph records it as metadata {@code dt}, and mapping the graph back at the
 *                same dt gives the same integers
 * @param outputs the groups that get an Output node; empty: every group that feeds no connection
 */
public record ExportOptions(double dt, List<String> outputs) {

    /** Validates the values. */
    public ExportOptions {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("export options: dt = " + dt + " must be a positive number of seconds");
        }
        if (outputs == null) {
            throw new IllegalArgumentException("export options: outputs must not be null (empty: every group that "
                    + "feeds no connection)");
        }
        outputs = List.copyOf(outputs);
    }

    /** dt = 1 ms (the mapper's default), outputs: the groups that feed nothing. */
    public static ExportOptions defaults() {
        return new ExportOptions(MapOptions.DEFAULT_DT, List.of());
    }

    /** These options with another timestep. */
    public ExportOptions withDt(double newDt) {
        return new ExportOptions(newDt, outputs);
    }

    /** These options with these groups as the graph's outputs. */
    public ExportOptions withOutputs(List<String> groups) {
        return new ExportOptions(dt, groups);
    }
}
