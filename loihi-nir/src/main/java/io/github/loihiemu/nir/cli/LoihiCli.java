package io.github.loihiemu.nir.cli;

import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.energy.EnergyParameters;
import io.github.loihiemu.core.mapping.ResourceLimitException;
import io.github.loihiemu.nbp.io.Npy;
import io.github.loihiemu.nir.MapOptions;
import io.github.loihiemu.nir.NirGraph;
import io.github.loihiemu.nir.NirInfo;
import io.github.loihiemu.nir.NirInput;
import io.github.loihiemu.nir.NirReader;
import io.github.loihiemu.nir.NirRunReport;
import io.github.loihiemu.nir.NirRunner;
import io.github.loihiemu.nir.NirTimestep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code loihi} command line:
 * <pre>
 * loihi info GRAPH.nir [--dt S]
 * loihi run GRAPH.nir --input SPIKES.npy [--steps T] [--dt S] [--engine chip|float|both] [--threads T]
 *           [--compute-layout on|off] [--params davies2018|silicon] [--save OUT.npz [--probe-state]]
 *           [--raster FILE.png] [--json]
 * </pre>
 * It holds no logic: {@code info} prints {@link NirInfo}, {@code run} reads the input with {@link NirInput}, runs
 * {@link NirRunner} and prints or saves its {@link NirRunReport}; each flag is one of their options. A bad argument,
 * file or graph is one line on stderr and exit status 2 (an internal error: one line and status 1).
 */
@Command(name = "loihi", mixinStandardHelpOptions = true, version = "loihi-emu 0.1.0",
        description = "NIR graphs on the emulated Loihi chip.",
        subcommands = {LoihiCli.Info.class, LoihiCli.Run.class})
public final class LoihiCli implements Callable<Integer> {

    /** The graph file, read strictly or with the one repair {@code NirReader.Mode.REPAIR} knows. */
    static NirGraph read(Path file, boolean repair) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        return NirReader.read(file, repair ? NirReader.Mode.REPAIR : NirReader.Mode.STRICT);
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is needed: info or run");
    }

    @Command(name = "info", mixinStandardHelpOptions = true, version = "loihi-emu 0.1.0",
            description = "Nodes and edges of a NIR graph, the cores and chips it maps to, each core's resources "
                    + "against the chip's limits, and the quantisation report.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "GRAPH.nir", description = "the NIR graph (HDF5, as the nir package writes it)")
        Path graph;

        @Option(names = "--dt", paramLabel = "S",
                description = "timestep in seconds: time constants become decays at this step (default: the "
                        + "graph's metadata dt, else 0.001)")
        Double dt;

        @Option(names = "--repair", description = "repair the one kind of broken edge list NirReader knows (a "
                + "misnamed nested node); the notes say what changed")
        boolean repair;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            NirGraph g = read(graph, repair);
            NirInfo info = NirInfo.of(g, MapOptions.DEFAULT_VTH_MANT, NirTimestep.choose(dt, g),
                    BoardConfig.defaults());
            spec.commandLine().getOut().print(info);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, version = "loihi-emu 0.1.0",
            description = "Runs a NIR graph on spike input: on the emulated chip, in the float simulator of NIR's "
                    + "equations, or both side by side; prints spike counts per node, and for the chip the cores, "
                    + "chips, energy and time per phase and the energy-delay product.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "GRAPH.nir", description = "the NIR graph (HDF5, as the nir package writes it)")
        Path graph;

        @Option(names = "--input", required = true, paramLabel = "SPIKES.npy",
                description = "spike input [T, inputs], bool or integer 0/1 (.npy): row k is sent at step k; "
                        + "columns are the Input nodes' elements, row-major")
        Path input;

        @Option(names = "--steps", paramLabel = "T", defaultValue = "-1",
                description = "steps to run (default: as many as the input has rows)")
        int steps;

        @Option(names = "--dt", paramLabel = "S",
                description = "timestep in seconds, of the mapping and the float simulator (default: the graph's "
                        + "metadata dt, else 0.001)")
        Double dt;

        @Option(names = "--engine", paramLabel = "chip|float|both", defaultValue = "chip",
                description = "chip, float or both (default: ${DEFAULT-VALUE})")
        String engine;

        @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
                description = "worker threads of the emulated chip (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--compute-layout", paramLabel = "on|off", defaultValue = "on",
                description = "on: thin chip cores run merged for speed; off: every chip core as it is (same spikes"
                        + " and energy either way) (default: ${DEFAULT-VALUE})")
        String computeLayout;

        @Option(names = "--save", paramLabel = "OUT.npz",
                description = "save the Output nodes' spikes [T, elements] (NAME, or NAME_chip and NAME_float)")
        Path save;

        @Option(names = "--probe-state", description = "also save u and v of every neuron node per step "
                + "(u_NODE, v_NODE, int32 [T, neurons], the chip's units) into the --save file")
        boolean probeState;

        @Option(names = "--raster", paramLabel = "FILE.png",
                description = "draw a spike raster of every Input and neuron node (the chip's, or float's)")
        Path raster;

        @Option(names = "--params", paramLabel = "davies2018|silicon", defaultValue = "davies2018",
                description = "the energy parameter set, as ./nbp report --params (default: ${DEFAULT-VALUE})")
        String params;

        @Option(names = "--json", description = "print one JSON object instead of tables")
        boolean json;

        @Option(names = "--repair", description = "repair the one kind of broken edge list NirReader knows")
        boolean repair;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            NirRunner.Engine e;
            switch (engine) {
                case "chip" -> e = NirRunner.Engine.CHIP;
                case "float" -> e = NirRunner.Engine.FLOAT;
                case "both" -> e = NirRunner.Engine.BOTH;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--engine: '" + engine + "' is not chip, float or both");
            }
            if (steps < -1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--steps: " + steps
                        + " must not be negative");
            }
            EnergyParameters energy;
            try {
                energy = EnergyParameters.named(params);
            } catch (IllegalArgumentException x) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--params: '" + params
                        + "' is not davies2018 or silicon");
            }
            if (probeState && save == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--probe-state: u and v go into the "
                        + "--save file; give --save OUT.npz");
            }
            if (probeState && e == NirRunner.Engine.FLOAT) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--probe-state: records the chip's u "
                        + "and v; --engine float runs no chip");
            }
            if (!Files.isRegularFile(input)) {
                throw new IllegalArgumentException(input + ": no such file");
            }
            if (save != null) {
                Npy.checkWritable(save, "--save");
            }
            if (raster != null) {
                Npy.checkWritable(raster, "--raster");
            }
            if (!computeLayout.equals("on") && !computeLayout.equals("off")) {
                throw new IllegalArgumentException("--compute-layout: '" + computeLayout + "' is not on or off");
            }
            NirRunner.Options o = NirRunner.Options.defaults().withEngine(e).withSteps(steps).withThreads(threads)
                    .withEnergy(energy).withProbeState(probeState).withComputeLayout(computeLayout.equals("on"));
            if (dt != null) {
                o = o.withDt(dt);
            }
            NirGraph g = read(graph, repair);
            Map<String, boolean[][]> in = NirInput.read(input, g);
            NirRunReport r = NirRunner.run(g, in, o);
            if (save != null) {
                r.save(save);
            }
            if (raster != null) {
                r.saveRaster(raster);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? r.toJson() + "\n" : r.toString());
            out.flush();
            return 0;
        }
    }

    /** Runs the command line with the given streams; returns the exit status (0, or 2 for any bad input). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new LoihiCli());
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        cl.setOut(o);
        cl.setErr(e);
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandName();
            e.println((cmd.equals("loihi") ? "loihi" : "loihi " + cmd) + ": " + ex.getMessage()
                    + " (see " + (cmd.equals("loihi") ? "loihi" : "loihi " + cmd) + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            String msg = ex instanceof UncheckedIOException u ? u.getCause().getMessage() : ex.getMessage();
            e.println((c.getCommandName().equals("loihi") ? "loihi" : "loihi " + c.getCommandName()) + ": "
                    + (msg == null ? ex.toString() : msg.replace('\n', ' ')));
            boolean bad = ex instanceof IllegalArgumentException || ex instanceof IOException
                    || ex instanceof UncheckedIOException || ex instanceof ResourceLimitException;
            return bad ? 2 : 1;
        });
        int rc = cl.execute(args);
        o.flush();
        e.flush();
        return rc;
    }

    /** The {@code loihi} command; jhdf's per-dataset INFO logging is turned down to WARN. */
    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "loihi-logback.xml");
        System.exit(run(args, System.out, System.err));
    }
}
