package io.github.loihiemu.bench;

import io.github.loihiemu.core.chip.Board;
import io.github.loihiemu.core.chip.BoardConfig;
import io.github.loihiemu.core.compartment.CompartmentPrototype;
import io.github.loihiemu.core.network.CompartmentGroup;
import io.github.loihiemu.core.network.Network;
import io.github.loihiemu.core.network.SpikeGenerator;
import io.github.loihiemu.core.network.Topology;
import io.github.loihiemu.core.synapse.ConnectionPrototype;
import io.github.loihiemu.core.synapse.SignMode;

import java.util.SplittableRandom;

/**
 * The CUBA benchmark network of Brette et al. 2007 (4,000 leaky integrate-and-fire neurons, 3,200 excitatory and 800
 * inhibitory, connection probability 0.02) quantised to Loihi compartments at dt = 0.1 ms (10 timesteps per ms).
 *
 * <p>Quantisation (docs/performance.md gives the derivation): v is measured from the reset potential in units of
 * {@value #UNITS_PER_MV_TIMES_1000}/1000 per mV, chosen so that the excitatory weight 1.62 mV becomes the mantissa 20
 * exactly. Per step the chip computes {@code v += u + bias} after decaying v by 20/4096 (tau_m = 20 ms: 4096 dt/tau);
 * the Euler form of dv/dt = (g - (v - E_l))/tau_m has the same shape with u = g dt/tau_m and bias = (E_l - V_r)
 * dt/tau_m. The current decays with tau_u = 5 ms (81/4096). Loihi has one current per compartment, so the inhibitory
 * time constant (10 ms in the original) is also 5 ms; the inhibitory weight is doubled to -18 mV to keep the charge
 * of each inhibitory spike, giving the mantissa -222. Threshold 10 mV above reset, E_l 11 mV above reset (the
 * network is self-sustained because E_l lies above threshold), refractory 50 steps (5 ms). Instead of random initial
 * potentials, a spike generator gives every neuron one input of random size at t = 1, which spreads the first
 * spikes over the first tens of milliseconds.
 */
public final class CubaNetwork {
    /** Neurons, excitatory first. */
    public static final int NEURONS = 4000;
    public static final int EXCITATORY = 3200;
    public static final double CONNECTION_PROBABILITY = 0.02;
    /** Timesteps per biological second. */
    public static final int STEPS_PER_SECOND = 10_000;
    static final int UNITS_PER_MV_TIMES_1000 = 158_024_691;

    private final Network network = new Network();
    private final CompartmentGroup neurons;
    private final SpikeGenerator kick;
    private final int synapses;

    /** Draws the connectivity and the initial kicks from {@code seed}. */
    public CubaNetwork(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CompartmentPrototype lif = CompartmentPrototype.builder()
                .currentDecay(81)           // 4096 (1 - exp(-0.1 / 5))
                .voltageDecay(20)           // 4096 * 0.1 / 20
                .vThMant(24_691)            // 10 mV: 24,691 * 64 = 1,580,224 units
                .biasMant(2173).biasExp(2)  // 11 mV * 158,024.691 / 200 = 8,691; 2,173 * 4 = 8,692
                .refractoryDelay(50)
                .build();
        neurons = network.createCompartmentGroup("cuba", NEURONS, lif);
        // connectivity: each ordered pair independently with p = 0.02, self-connections allowed as in the original
        int expected = (int) (NEURONS * (double) NEURONS * CONNECTION_PROBABILITY * 1.1);
        int[] es = new int[expected];
        int[] et = new int[expected];
        int[] is = new int[expected];
        int[] it = new int[expected];
        int ne = 0;
        int ni = 0;
        for (int s = 0; s < NEURONS; s++) {
            for (int t = 0; t < NEURONS; t++) {
                if (random.nextDouble() < CONNECTION_PROBABILITY) {
                    if (s < EXCITATORY) {
                        es[ne] = s;
                        et[ne++] = t;
                    } else {
                        is[ni] = s;
                        it[ni++] = t;
                    }
                }
            }
        }
        synapses = ne + ni;
        network.connect(neurons, neurons, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).build(),
                Topology.sparse(java.util.Arrays.copyOf(es, ne), java.util.Arrays.copyOf(et, ne), filled(ne, 20)));
        network.connect(neurons, neurons, ConnectionPrototype.builder().signMode(SignMode.INHIBITORY).build(),
                Topology.sparse(java.util.Arrays.copyOf(is, ni), java.util.Arrays.copyOf(it, ni), filled(ni, -222)));
        kick = network.createSpikeGenerator("kick", 1);
        int[] kickWeights = new int[NEURONS];
        int[] kickSources = new int[NEURONS];
        int[] kickTargets = new int[NEURONS];
        for (int n = 0; n < NEURONS; n++) {
            kickTargets[n] = n;
            kickWeights[n] = random.nextInt(256);
        }
        network.connect(kick, neurons, ConnectionPrototype.builder().signMode(SignMode.EXCITATORY).weightExponent(2)
                .build(), Topology.sparse(kickSources, kickTargets, kickWeights));
    }

    private static int[] filled(int n, int w) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, w);
        return a;
    }

    /** The description. */
    public Network network() {
        return network;
    }

    /** The 4,000 neurons (0..3199 excitatory). */
    public CompartmentGroup neurons() {
        return neurons;
    }

    /** Number of synapses drawn. */
    public int synapses() {
        return synapses;
    }

    /** Compiles the network (automatic placement) and schedules the initial kick. */
    public Board compile(BoardConfig config) {
        Board board = Board.compile(network, config);
        board.spikeInput(kick).addSpike(0, 1);
        return board;
    }
}
