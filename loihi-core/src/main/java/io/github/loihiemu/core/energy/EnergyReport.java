package io.github.loihiemu.core.energy;

import java.util.Locale;

/**
 * Energy, time and operation totals of a run, per phase like NxSDK's energy probe. Energies in pJ, times in ns.
 *
 * @param parameterSet   name of the parameter set used
 * @param steps          timesteps recorded
 * @param dynamicPj      dynamic energy per {@link Phase} (indexed by ordinal)
 * @param timeNs         time per {@link Phase}
 * @param staticPj       static (leakage) energy over the whole time
 * @param activeUpdates  active compartment updates
 * @param inactiveUpdates idle compartment updates
 * @param synapticEvents synaptic events
 * @param learningUpdates synapses visited by learning engines
 * @param plasticSynapsesAtEpochs plastic synapses of the cores summed over their learning epochs (full-scan count)
 * @param spikes         spikes emitted by compartments
 * @param messages       spike messages routed
 * @param chips          chips in use
 * @param tiles          tiles in use
 * @param coreSpikingNs  per core slot: its own spiking-phase work time summed over the run
 * @param coreLearningNs per core slot: its own learning-phase work time summed over the run
 */
public record EnergyReport(String parameterSet, long steps, double[] dynamicPj, double[] timeNs, double staticPj,
                           long activeUpdates, long inactiveUpdates, long synapticEvents, long learningUpdates,
                           long plasticSynapsesAtEpochs, long spikes, long messages, int chips, int tiles,
                           double[] coreSpikingNs, double[] coreLearningNs) {

    /** Core slots used. */
    public int cores() {
        return coreSpikingNs.length;
    }

    /** Slot of the core with the most spiking-phase work over the run (-1 if none). */
    public int busiestSpikingCore() {
        return argmax(coreSpikingNs);
    }

    /** Slot of the core with the most learning-phase work over the run (-1 if none). */
    public int busiestLearningCore() {
        return argmax(coreLearningNs);
    }

    private static int argmax(double[] a) {
        int best = -1;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > max) {
                max = a[i];
                best = i;
            }
        }
        return best;
    }

    /** Dynamic energy of {@code phase}. */
    public double energyPj(Phase phase) {
        return dynamicPj[phase.ordinal()];
    }

    /** Time of {@code phase}. */
    public double timeNs(Phase phase) {
        return timeNs[phase.ordinal()];
    }

    /** Total dynamic energy. */
    public double dynamicEnergyPj() {
        double s = 0;
        for (double e : dynamicPj) {
            s += e;
        }
        return s;
    }

    /** Dynamic plus static energy. */
    public double totalEnergyPj() {
        return dynamicEnergyPj() + staticPj;
    }

    /** Total time of all phases. */
    public double totalTimeNs() {
        double s = 0;
        for (double t : timeNs) {
            s += t;
        }
        return s;
    }

    /** Energy-delay product of the whole run, in pJ·ns. */
    public double energyDelayProduct() {
        return totalEnergyPj() * totalTimeNs();
    }

    /** Energy per sample in µJ for samples of {@code stepsPerSample} steps. */
    public double energyPerSampleUj(int stepsPerSample) {
        return totalEnergyPj() / samples(stepsPerSample) * 1e-6;
    }

    /** Latency per sample in µs for samples of {@code stepsPerSample} steps. */
    public double latencyPerSampleUs(int stepsPerSample) {
        return totalTimeNs() / samples(stepsPerSample) * 1e-3;
    }

    private double samples(int stepsPerSample) {
        if (stepsPerSample < 1 || steps == 0) {
            throw new IllegalArgumentException("per-sample figures need stepsPerSample >= 1 and recorded steps;"
                    + " got " + stepsPerSample + " and " + steps + " steps");
        }
        return (double) steps / stepsPerSample;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "energy report (%s), %d steps%n", parameterSet, steps));
        s.append(String.format(Locale.ROOT, "%-22s %14s %14s%n", "phase", "energy (uJ)", "time (us)"));
        for (Phase p : Phase.values()) {
            s.append(String.format(Locale.ROOT, "%-22s %14.6f %14.6f%n", p, energyPj(p) * 1e-6, timeNs(p) * 1e-3));
        }
        s.append(String.format(Locale.ROOT, "%-22s %14.6f%n", "static", staticPj * 1e-6));
        s.append(String.format(Locale.ROOT, "%-22s %14.6f %14.6f%n", "total", totalEnergyPj() * 1e-6,
                totalTimeNs() * 1e-3));
        return s.toString();
    }

    /** The report as one JSON object. */
    public String toJson() {
        StringBuilder s = new StringBuilder("{");
        s.append("\"parameterSet\":\"").append(parameterSet).append("\",\"steps\":").append(steps);
        s.append(",\"phases\":{");
        for (Phase p : Phase.values()) {
            s.append(p.ordinal() == 0 ? "" : ",").append('"').append(p.name().toLowerCase(Locale.ROOT))
                    .append("\":{\"energyPj\":").append(num(energyPj(p))).append(",\"timeNs\":")
                    .append(num(timeNs(p))).append('}');
        }
        s.append("},\"staticPj\":").append(num(staticPj)).append(",\"totalEnergyPj\":").append(num(totalEnergyPj()))
                .append(",\"totalTimeNs\":").append(num(totalTimeNs()))
                .append(",\"activeUpdates\":").append(activeUpdates).append(",\"inactiveUpdates\":")
                .append(inactiveUpdates).append(",\"synapticEvents\":").append(synapticEvents)
                .append(",\"learningUpdates\":").append(learningUpdates).append(",\"plasticSynapsesAtEpochs\":")
                .append(plasticSynapsesAtEpochs).append(",\"spikes\":").append(spikes)
                .append(",\"messages\":").append(messages).append(",\"chips\":").append(chips)
                .append(",\"tiles\":").append(tiles).append(",\"cores\":").append(cores())
                .append(",\"busiestSpikingCore\":").append(busiestSpikingCore())
                .append(",\"busiestLearningCore\":").append(busiestLearningCore()).append('}');
        return s.toString();
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
