package io.github.loihiemu.core.mapping;

/**
 * A network does not fit the chip: thrown by the mapper before any timestep runs. The message and the accessors name
 * the core, the resource, the amount needed and the limit.
 */
public final class ResourceLimitException extends IllegalArgumentException {
    private final int core;
    private final String resource;
    private final long needed;
    private final long limit;

    public ResourceLimitException(int core, String resource, long needed, long limit, String detail) {
        super((core < 0 ? "board" : "core " + core + " (chip " + (core / Limits.CORES_PER_CHIP) + ", core "
                + (core % Limits.CORES_PER_CHIP) + ")") + ": " + resource + ": needs " + needed + ", limit " + limit + (detail == null ? "" : " (" + detail + ")"));
        this.core = core;
        this.resource = resource;
        this.needed = needed;
        this.limit = limit;
    }

    /** Global id of the core that overflowed ({@code chip * 128 + core}); -1 for board-level limits. */
    public int core() {
        return core;
    }

    /** The resource, e.g. "compartments", "input axons", "output axons", "synaptic memory bits". */
    public String resource() {
        return resource;
    }

    /** How much the core would need. */
    public long needed() {
        return needed;
    }

    /** What the core has. */
    public long limit() {
        return limit;
    }
}
