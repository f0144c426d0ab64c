package io.github.loihiemu.nir;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.energy.EnergyParameters;

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
     * @param map        the mapping's options; its dt is the float simulator's too
     * @param dtSource   where the dt came from: given, or (when the options say {@code DEFAULT} and the graph
     *                   records one) taken from the graph's metadata by {@link NirRunner#run}; see {@link NirTimestep}
     * @param engine     chip, float or both
     * @param steps      steps to run; negative: as many as the input has rows
     * @param board      the board's settings (threads, seed, energy parameters)
     * @param probeState whether the chip run records every neuron's u and v per step ({@link NirChipRun#currents})
     */
    public record Options(MapOptions map, NirTimestep.Source dtSource, Engine engine, int steps, BoardConfig board,
                          boolean probeState) {
        /** Checks the values. */
        public Options {
            if (map == null || dtSource == null || engine == null || board == null) {
                throw new IllegalArgumentException("run options: map, dtSource, engine and board must not be null");
            }
            if (probeState && engine == Engine.FLOAT) {
                throw new IllegalArgumentException("run options: probeState records the chip's u and v, and the "
                        + "float engine runs no chip");
            }
        }

        /** dt: the graph's metadata or 1 ms, the chip, as many steps as the input has rows, one thread. */
        public static Options defaults() {
            return new Options(MapOptions.defaults(), NirTimestep.Source.DEFAULT, Engine.CHIP, -1,
                    BoardConfig.defaults(), false);
        }

        /** These options with a timestep given by the user (the graph's metadata is then not used). */
        public Options withDt(double dt) {
            return new Options(map.withDt(dt), NirTimestep.Source.GIVEN, engine, steps, board, probeState);
        }

        /** These options with another engine. */
        public Options withEngine(Engine e) {
            return new Options(map, dtSource, e, steps, board, probeState);
        }

        /** These options with a number of steps (negative: the input's rows). */
        public Options withSteps(int s) {
            return new Options(map, dtSource, engine, s, board, probeState);
        }

        /** These options with worker threads for the chip. */
        public Options withThreads(int threads) {
            return new Options(map, dtSource, engine, steps, board.withThreads(threads), probeState);
        }

        /**
         * These options with the compute layout on (the default: thin chip cores may run merged for speed) or off
         * (every chip core as it is); results and the energy report are the same either way.
         */
        public Options withComputeLayout(boolean on) {
            return new Options(map, dtSource, engine, steps, board.withMapping(board.mapping().withComputeLayout(on)),
                    probeState);
        }

        /** These options with another energy parameter set ({@code EnergyParameters.named("silicon")}, ...). */
        public Options withEnergy(EnergyParameters energy) {
            return new Options(map, dtSource, engine, steps, board.withEnergy(energy), probeState);
        }

        /** These options recording (or not) u and v of every neuron in every step of the chip run. */
        public Options withProbeState(boolean probe) {
            return new Options(map, dtSource, engine, steps, board, probe);
        }

        /** The timestep these options give a graph: the given one, else the graph's metadata, else 1 ms. */
        public NirTimestep timestep(NirGraph graph) {
            return dtSource == NirTimestep.Source.GIVEN ? new NirTimestep(map.dt(), dtSource)
                    : NirTimestep.choose(null, graph);
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
        if (steps == 0) {
            throw new IllegalArgumentException("nothing to run: " + (options.steps() == 0 ? "0 steps asked for"
                    : "the input has no rows and no number of steps was given"));
        }
        NirTimestep ts = options.timestep(graph);
        double dt = ts.dt();
        MapOptions map = options.map().withDt(dt);
        switch (options.engine()) {
            case FLOAT:
                return new NirRunReport(options.engine(), ts, steps, input, null, null,
                        NirFloatSimulator.of(graph, dt).run(input, steps), null);
            case CHIP: {
                NirMapping m = NirMapper.map(graph, map);
                return new NirRunReport(options.engine(), ts, steps, input, m,
                        NirChipRun.run(m, input, steps, options.board(), options.probeState()), null, null);
            }
            default: {
                NirMapping m = NirMapper.map(graph, map);
                NirComparison c = NirComparison.run(m, input, steps, options.board(), options.probeState());
                return new NirRunReport(options.engine(), ts, steps, input, m, c.chip(), c.floatSpikes(), c);
            }
        }
    }
}
