package io.github.loihiemu.datasets;

import java.io.IOException;

/**
 * An IDX file that is not what it claims to be; the message names the file and the problem. Checked (an
 * {@link java.io.IOException}) because a bad file is an input problem the caller may want to report or repair, like
 * any other I/O failure.
 */
public final class IdxFormatException extends IOException {
    /**
     * @param file    the file's name, put first in the message
     * @param problem what is wrong, with the concrete numbers
     */
    public IdxFormatException(String file, String problem) {
        super(file + ": " + problem);
    }
}
