package io.github.loihiemu.nir;

/**
 * A NIR graph, or a node of it, that the emulated chip cannot express (a reset potential other than 0, a node type
 * the mapping does not cover, a recurrent loop between weight nodes, ...). The message is one line:
 * {@code node 'NAME' (TYPE): REASON}, or only the reason for the graph as a whole.
 */
public class NirMappingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param node   the node's path and type, e.g. {@code 'lif1' (LIF)}, or {@code null}
     * @param reason why it cannot be mapped, one line
     */
    public NirMappingException(String node, String reason) {
        super(node == null ? reason : "node " + node + ": " + reason);
    }
}
