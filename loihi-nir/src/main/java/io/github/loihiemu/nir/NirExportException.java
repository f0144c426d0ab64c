package io.github.loihiemu.nir;

/**
 * A network, or a part of it, that NIR cannot express (a learning rule, a refractory period, noise, ...). The message
 * is one line naming the compartment group or connection and the reason.
 */
public class NirExportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param what   the group or connection, e.g. {@code group 'hidden'}
     * @param reason why NIR cannot express it, one line
     */
    public NirExportException(String what, String reason) {
        super(what + ": " + reason);
    }
}
