package io.github.loihiemu.datasets;

/** A data set could not be fetched; the message says which command to run by hand and where to put the files. */
public final class DatasetUnavailableException extends RuntimeException {
    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
