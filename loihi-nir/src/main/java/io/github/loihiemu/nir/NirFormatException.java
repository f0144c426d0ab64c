package io.github.loihiemu.nir;

/**
 * A NIR graph that cannot be read or built: the file is not HDF5, a node has no type or an unknown one, a parameter
 * is missing or malformed, shapes do not chain along an edge, an edge names a node that does not exist. The message
 * is one line: {@code SOURCE: node 'NAME' (TYPE): PROBLEM}, where SOURCE is the file name (or {@code graph} for a
 * graph built in Java) and the node part is left out for problems of the file or graph as a whole.
 */
public class NirFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String node;
    private final String problem;

    /**
     * @param source  the file name or another label of the graph's origin
     * @param node    the node's path ({@code outer.inner} inside nested graphs), with its type where known, or
     *                {@code null} for a problem of the whole file or graph
     * @param problem what is wrong, one line
     */
    public NirFormatException(String source, String node, String problem) {
        super(format(source, node, problem));
        this.source = source;
        this.node = node;
        this.problem = problem;
    }

    NirFormatException(String source, String node, String problem, Throwable cause) {
        this(source, node, problem);
        initCause(cause);
    }

    private static String format(String source, String node, String problem) {
        String oneLine = problem == null ? "" : problem.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return node == null ? source + ": " + oneLine : source + ": node " + node + ": " + oneLine;
    }

    /** The file name or label of the graph's origin. */
    public String source() {
        return source;
    }

    /** The node the problem belongs to (path and type), or {@code null} for the file or graph as a whole. */
    public String node() {
        return node;
    }

    /** What is wrong, without the source and node. */
    public String problem() {
        return problem;
    }
}
