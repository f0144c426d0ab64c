package io.github.loihiemu.datasets;

/** The training or the test part of a data set; the two are separate files and are never mixed. */
public enum Split {
    /** 60,000 training samples. */
    TRAIN("train"),
    /** 10,000 test samples. */
    TEST("t10k");

    final String prefix;

    Split(String prefix) {
        this.prefix = prefix;
    }
}
