package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.BoardConfig;

import java.util.Map;

/**
 * Runs a graph on an input, on the emulated chip, in the float simulator, or both side by side: what
 * {@code ./loihi run} does, as a Java call. The result is a {@link NirRunReport}.
 */
public final class NirRunner {
    private NirRunner() {
    }

    /** Which simulation runs. */
    public enum Engine {
        /** The mapped network on the emulated chip ({@link NirChipRun}). */
        CHIP,
        /** NIR's equations in double precision ({@link NirFloatSimulator}); needs no mapping. */
        FLOAT,
        /** Both, and their agreement ({@link NirComparison}). */
        BOTH
    }

    /**
     * How to run.
     *
     * @param map    the mapping's options; its dt is the float simulator's too
     * @param engine chip, float or both
     * @param steps  steps to run; negative: as many as the input has rows
     * @param board  the board's settings (threads, seed, energy parameters)
     */
    public record Options(MapOptions map, Engine engine, int steps, BoardConfig board) {
        /** Checks for nulls. */
        public Options {
            if (map == null || engine == null || board == null) {
                throw new IllegalArgumentException("run options: map, engine and board must not be null");
            }
        }

        /** dt 1 ms, the chip, as many steps as the input has rows, one thread. */
        public static Options defaults() {
            return new Options(MapOptions.defaults(), Engine.CHIP, -1, BoardConfig.defaults());
        }

        /** These options with another timestep. */
        public Options withDt(double dt) {
            return new Options(map.withDt(dt), engine, steps, board);
        }

        /** These options with another engine. */
        public Options withEngine(Engine e) {
            return new Options(map, e, steps, board);
        }

        /** These options with a number of steps (negative: the input's rows). */
        public Options withSteps(int s) {
            return new Options(map, engine, s, board);
        }

        /** These options with worker threads for the chip. */
        public Options withThreads(int threads) {
            return new Options(map, engine, steps, board.withThreads(threads));
        }
    }

    /**
     * Runs {@code graph} on {@code input} (by Input node, [row][element]; see {@link NirInput}).
     *
     * @throws NirMappingException if the chip (or the float simulator) cannot express the graph
     */
    public static NirRunReport run(NirGraph graph, Map<String, boolean[][]> input, Options options) {
        int rows = 0;
        for (boolean[][] a : input.values()) {
            rows = Math.max(rows, a.length);
        }
        int steps = options.steps() < 0 ? rows : options.steps();
        double dt = options.map().dt();
        switch (options.engine()) {
            case FLOAT:
                return new NirRunReport(options.engine(), dt, steps, input, null, null,
                        NirFloatSimulator.of(graph, dt).run(input, steps), null);
            case CHIP: {
                NirMapping m = NirMapper.map(graph, options.map());
                return new NirRunReport(options.engine(), dt, steps, input, m,
                        NirChipRun.run(m, input, steps, options.board()), null, null);
            }
            default: {
                NirMapping m = NirMapper.map(graph, options.map());
                NirComparison c = NirComparison.run(m, input, steps, options.board());
                return new NirRunReport(options.engine(), dt, steps, input, m, c.chip(), c.floatSpikes(), c);
            }
        }
    }
}
