package io.github.loihiemu.core.energy;

/**
 * Where a core sits on the mesh. Global core id = chip * 128 + core; four cores share a tile; a chip's 32 tiles form
 * a grid of 8 columns (east-west) by 4 rows (north-south), the layout SANA-FE uses for Loihi; chips are placed in a
 * row from west to east, so chip k's columns are 8k .. 8k+7.
 */
public final class MeshGeometry {
    /** Cores per tile. */
    public static final int CORES_PER_TILE = 4;
    /** Tile columns per chip. */
    public static final int COLUMNS = 8;

    private MeshGeometry() {
    }

    /** Global tile index of a core. */
    public static int tile(int core) {
        return core / CORES_PER_TILE;
    }

    private static int column(int core) {
        int chip = core / 128;
        int tileInChip = (core % 128) / CORES_PER_TILE;
        return chip * COLUMNS + tileInChip % COLUMNS;
    }

    private static int row(int core) {
        return ((core % 128) / CORES_PER_TILE) / COLUMNS;
    }

    /** East-west tile hops of a message from core {@code src} to core {@code dst}. */
    public static int hopsEastWest(int src, int dst) {
        return Math.abs(column(src) - column(dst));
    }

    /** North-south tile hops of a message from core {@code src} to core {@code dst}. */
    public static int hopsNorthSouth(int src, int dst) {
        return Math.abs(row(src) - row(dst));
    }
}
