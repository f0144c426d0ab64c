package io.github.loihiemu.datasets;

/**
 * A data set could not be fetched; the message says which command to run by hand and where to put the files.
 * Unchecked because callers cannot recover programmatically: a person has to install a client or copy files.
 */
public final class DatasetUnavailableException extends RuntimeException {
    /**
     * @param message the problem, the manual command and the target directory
     * @param cause   what failed underneath
     */
    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
