package io.github.loihiemu.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a summary of the data sets, fetching them on first use: {@code DatasetsMain [mnist20|mnist28|fmnist28|all]}.
 * It is the quickest way to check that a machine has the data and that preprocessing gives the expected numbers
 * (counts, mean on pixels per sample, label histograms) before a long training run.
 */
public final class DatasetsMain {
    private DatasetsMain() {
    }

    /**
     * Prints the summary table to stdout; on failure prints one line to stderr and exits with status 1.
     *
     * @param args nothing, {@code all}, or one data-set name
     */
    public static void main(String[] args) {
        try {
            List<Dataset> which = new ArrayList<>();
            String arg = args.length == 0 ? "all" : args[0];
            if (args.length > 1) {
                throw new IllegalArgumentException("expected at most one argument, got " + args.length);
            }
            if (arg.equalsIgnoreCase("all")) {
                which.addAll(List.of(Dataset.values()));
            } else {
                which.add(Dataset.parse(arg));
            }
            System.out.printf(Locale.ROOT, "%-9s %-5s %7s %6s %12s  %s%n", "dataset", "split", "samples", "inputs",
                    "mean on-px", "label histogram 0..9");
            for (Dataset d : which) {
                for (Split s : Split.values()) {
                    BinarizedDataset data = Datasets.load(d, s);
                    long on = 0;
                    int[] hist = new int[10];
                    for (int i = 0; i < data.size(); i++) {
                        on += data.onPixelCount(i);
                        hist[data.label(i)]++;
                    }
                    StringBuilder h = new StringBuilder();
                    for (int c : hist) {
                        h.append(c).append(' ');
                    }
                    System.out.printf(Locale.ROOT, "%-9s %-5s %7d %6d %12.1f  %s%n", d.name().toLowerCase(Locale.ROOT),
                            s.name().toLowerCase(Locale.ROOT), data.size(), data.inputCount(),
                            (double) on / data.size(), h.toString().strip());
                }
            }
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
