package io.github.loihiemu.nir;

import java.util.Objects;

/**
 * A directed edge of a NIR graph: the source node's output feeds the target node's input (several edges into one
 * node add up). An endpoint names a node of the same graph, or {@code graph.node} for a node inside a nested graph.
 *
 * @param source the node whose output is sent
 * @param target the node that receives it
 */
public record NirEdge(String source, String target) {

    /** Both endpoints must be given. */
    public NirEdge {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public String toString() {
        return source + " -> " + target;
    }
}
