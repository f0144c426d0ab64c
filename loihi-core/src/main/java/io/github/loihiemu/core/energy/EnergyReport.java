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
 * @param spikes         spikes emitted by compartments
 * @param messages       spike messages routed
 */
public record EnergyReport(String parameterSet, long steps, double[] dynamicPj, double[] timeNs, double staticPj,
                           long activeUpdates, long inactiveUpdates, long synapticEvents, long learningUpdates,
                           long spikes, long messages) {

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
                .append(",\"learningUpdates\":").append(learningUpdates).append(",\"spikes\":").append(spikes)
                .append(",\"messages\":").append(messages).append('}');
        return s.toString();
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
