package io.github.loihiemu.nir;

import java.util.List;

/**
 * The node types of NIR, with the name a file stores in a node's {@code type} dataset and the parameters that
 * {@code nir/serialization.py} reads for it (required) or accepts when present (optional). Semantics are those of
 * {@code nir/ir/*.py}.
 */
public enum NodeType {
    /** Graph input: {@code shape}. */
    INPUT("Input", List.of("shape"), List.of()),
    /** Graph output: {@code shape}. */
    OUTPUT("Output", List.of("shape"), List.of()),
    /** y = W x + b: {@code weight} [..., out, in], {@code bias}. */
    AFFINE("Affine", List.of("weight", "bias"), List.of()),
    /** y = W x: {@code weight} [..., out, in]. */
    LINEAR("Linear", List.of("weight"), List.of()),
    /** y = x * s elementwise: {@code scale}. */
    SCALE("Scale", List.of("scale"), List.of()),
    /** Leaky integrate-and-fire: tau dv/dt = (v_leak - v) + R I; spike when v &gt; v_threshold, then v = v_reset. */
    LIF("LIF", List.of("tau", "r", "v_leak", "v_threshold"), List.of("v_reset")),
    /** Current-based LIF: tau_syn dI/dt = -I + w_in S; tau_mem dv/dt = (v_leak - v) + R I; threshold and reset. */
    CUBA_LIF("CubaLIF", List.of("tau_mem", "tau_syn", "r", "v_leak", "v_threshold"), List.of("v_reset", "w_in")),
    /** Current-based leaky integrator (no spikes). */
    CUBA_LI("CubaLI", List.of("tau_mem", "tau_syn", "r", "v_leak"), List.of("w_in")),
    /** Integrate-and-fire: dv/dt = R I; threshold and reset. */
    IF("IF", List.of("r", "v_threshold"), List.of("v_reset")),
    /** Leaky integrator: tau dv/dt = (v_leak - v) + R I. */
    LI("LI", List.of("tau", "r", "v_leak"), List.of()),
    /** Integrator: dv/dt = R I (NIR's integrator node; NIR has no type named "Integrator"). */
    I("I", List.of("r"), List.of()),
    /** Heaviside step: z = 1 where v &gt; threshold. */
    THRESHOLD("Threshold", List.of("threshold"), List.of()),
    /** y(t) = x(t - delay): {@code delay}. */
    DELAY("Delay", List.of("delay"), List.of()),
    /** Reshape merging dimensions start_dim..end_dim of {@code input_type} (dimensions without a batch axis). */
    FLATTEN("Flatten", List.of("start_dim", "end_dim"), List.of("input_type")),
    /** 1-D convolution: {@code weight} [C_out, C_in / groups, K]. */
    CONV1D("Conv1d", List.of("weight", "stride", "padding", "dilation", "groups", "bias"), List.of("input_shape")),
    /** 2-D convolution: {@code weight} [C_out, C_in / groups, K_x, K_y]. */
    CONV2D("Conv2d", List.of("weight", "stride", "padding", "dilation", "groups", "bias"), List.of("input_shape")),
    /** 2-D sum pooling. */
    SUM_POOL2D("SumPool2d", List.of("kernel_size", "stride", "padding"), List.of()),
    /** 2-D average pooling. */
    AVG_POOL2D("AvgPool2d", List.of("kernel_size", "stride", "padding"), List.of()),
    /** A nested graph: {@code nodes} and {@code edges}, held as a {@link NirGraph}. */
    NIR_GRAPH("NIRGraph", List.of(), List.of());

    private final String nirName;
    private final List<String> required;
    private final List<String> optional;

    NodeType(String nirName, List<String> required, List<String> optional) {
        this.nirName = nirName;
        this.required = required;
        this.optional = optional;
    }

    /** The name stored in the file ({@code "CubaLIF"}, {@code "NIRGraph"}, ...). */
    public String nirName() {
        return nirName;
    }

    /** Parameters the node must have. */
    public List<String> requiredParameters() {
        return required;
    }

    /** Parameters the node may have; a missing one takes NIR's default (v_reset 0, w_in 1, shapes inferred). */
    public List<String> optionalParameters() {
        return optional;
    }

    /** Whether the node is a neuron model with state (LIF, CubaLIF, CubaLI, IF, LI, I). */
    public boolean isNeuron() {
        return this == LIF || this == CUBA_LIF || this == CUBA_LI || this == IF || this == LI || this == I;
    }

    /** Whether the neuron model emits spikes (LIF, CubaLIF, IF; Threshold too, though stateless). */
    public boolean isSpiking() {
        return this == LIF || this == CUBA_LIF || this == IF || this == THRESHOLD;
    }

    /** The type stored under {@code name} in a file, or {@code null} if NIR has no such type. */
    public static NodeType fromNirName(String name) {
        for (NodeType t : values()) {
            if (t.nirName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
