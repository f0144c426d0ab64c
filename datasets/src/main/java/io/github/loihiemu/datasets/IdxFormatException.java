package io.github.loihiemu.datasets;

import java.io.IOException;

/** An IDX file that is not what it claims to be; the message names the file and the problem. */
public final class IdxFormatException extends IOException {
    public IdxFormatException(String file, String problem) {
        super(file + ": " + problem);
    }
}
