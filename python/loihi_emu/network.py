"""Describing a network: compartment groups, spike generators, connections and learning rules.

Thin wrappers over the Java description layer (``io.github.loihiemu.core.network``): every check and message is the
Java library's, and the objects built here are exactly what Java code would build, so a network described in Python
runs bit for bit like the same network described in Java.
"""

import numpy as np

from ._arrays import boolean, booleans, integer, integers, to_java
from ._errors import java_errors
from ._jvm import java

#: Keyword arguments of ``Network.compartment_group``: the CompartmentPrototype builder's setters in snake case.
PROTOTYPE_PARAMETERS = (
    "current_decay", "voltage_decay", "v_th_mant", "bias_mant", "bias_exp", "refractory_delay",
    "enable_spike_backprop", "enable_noise", "v_min_exp", "v_max_exp", "noise_exp", "noise_mant_offset",
    "noise_at_voltage", "current_decay_register",
)
_FLAGS = ("enable_spike_backprop", "enable_noise", "noise_at_voltage")
#: The record components of CompartmentPrototype, reported by ``CompartmentGroup.prototype``.
_PROTOTYPE_FIELDS = PROTOTYPE_PARAMETERS[:-1]

SIGN_MODES = ("mixed", "excitatory", "inhibitory")
#: The traces of a learning rule, as keyword arguments of ``LearningRule``.
TRACES = ("x1", "x2", "y1", "y2", "y3", "r1")


def _check_name(name):
    if not isinstance(name, str):
        raise TypeError(f"a group or generator name must be a string, got {name!r}")


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


class LearningRule:
    """A learning rule in NxSDK's form: sum-of-products strings and trace settings.

    ``dw``, ``dd`` and ``dt`` are the weight, delay and tag rules (e.g. ``"2*x1*y0 - 2*y1*x0"``); each trace
    (``x1``, ``x2``, ``y1``, ``y2``, ``y3``, ``r1``) is given as ``(impulse, time_constant)``; ``t_epoch`` is the
    learning epoch. The strings are parsed here, once: a malformed rule raises ``LearningRuleError`` (a
    ``ValueError``) naming the rule, the position and the reason.
    """

    @java_errors
    def __init__(self, dw=None, dd=None, dt=None, *, t_epoch=1, **traces):
        builder = java.LearningRuleSpec.builder()
        for target, text in (("dw", dw), ("dd", dd), ("dt", dt)):
            if text is not None:
                if not isinstance(text, str):
                    raise TypeError(f"learning rule: {target} must be a string, got {type(text).__name__}")
                getattr(builder, target)(text)
        for trace, setting in traces.items():
            if trace not in TRACES:
                raise TypeError(f"learning rule: unknown keyword '{trace}'; the traces are {', '.join(TRACES)}")
            if not isinstance(setting, (tuple, list)) or len(setting) != 2:
                raise TypeError(f"learning rule: {trace} must be (impulse, time_constant), got {setting!r}")
            impulse, time_constant = setting
            if isinstance(impulse, bool) or not isinstance(impulse, (int, float, np.integer, np.floating)):
                raise TypeError(f"learning rule: {trace} impulse must be a number, got {impulse!r}")
            getattr(builder, trace)(float(impulse), integer(f"learning rule: {trace} time constant", time_constant))
        builder.tEpoch(integer("learning rule: t_epoch", t_epoch))
        self._java = builder.build()
        self.dw, self.dd, self.dt = dw, dd, dt
        self.t_epoch = t_epoch

    def __repr__(self):
        return str(self._java.toString())


class CompartmentGroup:
    """A population of ``size`` compartments sharing one prototype; made by ``Network.compartment_group``."""

    def __init__(self, network, java_group):
        self.network = network
        self._java = java_group
        self.name = str(java_group.name())
        self.size = int(java_group.size())

    @property
    def prototype(self):
        """The compartment parameters as a dict (snake-case names, effective values)."""
        p = self._java.prototype()
        return {name: (bool if name in _FLAGS else int)(getattr(p, _camel(name))()) for name in _PROTOTYPE_FIELDS}

    def __len__(self):
        return self.size

    def __repr__(self):
        return f"CompartmentGroup({self.name!r}, {self.size})"


class SpikeGenerator:
    """A host spike generator with ``size`` ports; made by ``Network.spike_generator``."""

    def __init__(self, network, java_generator):
        self.network = network
        self._java = java_generator
        self.name = str(java_generator.name())
        self.size = int(java_generator.size())

    def __len__(self):
        return self.size

    def __repr__(self):
        return f"SpikeGenerator({self.name!r}, {self.size})"


class Connection:
    """Synapses from a group or generator to a group; made by ``Network.connect``.

    A dense connection (a weight matrix or one weight for all pairs) reads and writes its weights as a
    ``[target, source]`` matrix; a sparse one as a vector aligned with the ``(sources, targets)`` it was given.
    """

    def __init__(self, java_connection, source, target, mask=None, sources=None, targets=None):
        self._java = java_connection
        self.source = source
        self.target = target
        self.mask = mask
        self.sources = sources
        self.targets = targets
        # Java keeps synapses sorted by source, then target; entry order[k] of the caller's lists is synapse k
        self._order = None if sources is None else np.lexsort((targets, sources))

    @property
    def dense(self):
        """Whether the weights are a ``[target, source]`` matrix (else a vector in the caller's synapse order)."""
        return self.sources is None

    @property
    def synapse_count(self):
        return int(self._java.synapseCount())

    def _to_synapse_order(self, weights):
        """Caller's layout -> Java's synapse order (flat int32), checking dtype and shape."""
        if self.dense:
            shape = (self.target.size, self.source.size)
            w = integers("weights", weights, ndim=2)
            if w.shape != shape:
                raise ValueError(f"weights of {self}: shape {w.shape}, expected {shape} = [target, source]")
            by_source = w.T
            return np.ascontiguousarray(by_source if self.mask is None else by_source[self.mask.T]).ravel()
        w = integers("weights", weights, ndim=1)
        if w.shape != self.sources.shape:
            raise ValueError(f"weights of {self}: {w.size} values, the connection has {self.sources.size} synapses")
        return np.ascontiguousarray(w[self._order])

    def _from_synapse_order(self, flat):
        """Java's synapse order -> the caller's layout (dense: entries without a synapse read 0)."""
        if self.dense:
            rows, cols = self.target.size, self.source.size
            if self.mask is None:
                return np.ascontiguousarray(flat.reshape(cols, rows).T)
            by_source = np.zeros((cols, rows), dtype=flat.dtype)
            by_source[self.mask.T] = flat
            return np.ascontiguousarray(by_source.T)
        out = np.empty_like(flat)
        out[self._order] = flat
        return out

    def __repr__(self):
        return f"Connection({self.source.name} -> {self.target.name}, {self.synapse_count} synapses)"


class Network:
    """The description of a spiking network; ``compile`` it onto emulated neurocores to run it."""

    @java_errors
    def __init__(self):
        self._java = java.Network()
        self.groups = []
        self.generators = []
        self.connections = []

    @java_errors
    def compartment_group(self, name, size, **prototype):
        """Adds ``size`` compartments with the prototype parameters given as keywords (see PROTOTYPE_PARAMETERS).

        Unset parameters keep NxSDK's defaults (no decay, v_th_mant 100, refractory_delay 1, no bias).
        """
        _check_name(name)
        builder = java.CompartmentPrototype.builder()
        for key, value in prototype.items():
            if key not in PROTOTYPE_PARAMETERS:
                raise TypeError(f"compartment group {name}: unknown prototype parameter '{key}'; the parameters are "
                                + ", ".join(PROTOTYPE_PARAMETERS))
            where = f"compartment group {name}: {key}"
            value = boolean(where, value) if key in _FLAGS else integer(where, value)
            getattr(builder, _camel(key))(value)
        group = CompartmentGroup(self, self._java.createCompartmentGroup(
            name, integer(f"compartment group {name}: size", size), builder.build()))
        self.groups.append(group)
        return group

    @java_errors
    def spike_generator(self, name, size):
        """Adds a host spike generator with ``size`` ports; schedule its spikes with ``Board.spike_input``."""
        _check_name(name)
        generator = SpikeGenerator(self, self._java.createSpikeGenerator(
            name, integer(f"spike generator {name}: size", size)))
        self.generators.append(generator)
        return generator

    @java_errors
    def connect(self, source, target, weights=None, *, mask=None, sparse=None, learning_rule=None, delay=0,
                num_weight_bits=8, weight_exponent=0, sign_mode="mixed", num_tag_bits=0):
        """Connects ``source`` (a group or generator) to the group ``target``.

        The synapses are either dense, ``weights`` being one integer for every pair or a ``[target, source]``
        matrix (``mask``, a bool matrix of the same shape, leaves out the False entries), or sparse,
        ``sparse=(sources, targets, weights)`` or ``(sources, targets, weights, delays)`` with one entry per
        synapse. Weights are mantissas in the range of ``sign_mode`` ('mixed' -256..254, 'excitatory' 0..255,
        'inhibitory' -256..0); ``delay`` is every synapse's delay unless ``sparse`` gives delays.
        """
        self._own(source, "source")
        if not isinstance(target, CompartmentGroup) or target.network is not self:
            raise TypeError(f"connect: target must be a compartment group of this network, got {target!r}")
        where = f"connection {source.name} -> {target.name}"
        if (weights is None) == (sparse is None):
            raise TypeError(f"{where}: give either weights (dense) or sparse=(sources, targets, weights[, delays])")
        if sign_mode not in SIGN_MODES:
            raise ValueError(f"{where}: sign_mode {sign_mode!r} is not one of {', '.join(SIGN_MODES)}")
        if learning_rule is not None and not isinstance(learning_rule, LearningRule):
            raise TypeError(f"{where}: learning_rule must be a LearningRule, got {type(learning_rule).__name__}")
        prototype = (java.ConnectionPrototype.builder()
                     .numWeightBits(integer(f"{where}: num_weight_bits", num_weight_bits))
                     .weightExponent(integer(f"{where}: weight_exponent", weight_exponent))
                     .signMode(java.SignMode.valueOf(sign_mode.upper()))
                     .delay(integer(f"{where}: delay", delay))
                     .numTagBits(integer(f"{where}: num_tag_bits", num_tag_bits))
                     .learningRule(None if learning_rule is None else learning_rule._java)
                     .build())
        shape = (target.size, source.size)
        sources = targets = None
        if sparse is not None:
            if mask is not None:
                raise TypeError(f"{where}: mask belongs to dense weights, not to sparse=")
            if not isinstance(sparse, (tuple, list)) or len(sparse) not in (3, 4):
                raise TypeError(f"{where}: sparse must be (sources, targets, weights) or (sources, targets, weights,"
                                " delays)")
            names = ("sources", "targets", "weights", "delays")
            arrays = [integers(f"{where}: {n}", a, ndim=1) for n, a in zip(names, sparse)]
            lengths = {n: a.size for n, a in zip(names, arrays)}
            if len(set(lengths.values())) != 1:
                raise ValueError(f"{where}: sparse arrays differ in length: "
                                 + ", ".join(f"{n} {k}" for n, k in lengths.items()))
            sources, targets = arrays[0], arrays[1]
            topology = java.Topology.sparse(*(to_java(a) for a in arrays))
        elif np.ndim(weights) == 0:
            w = integer(f"{where}: weights", weights)
            topology = java.Topology.uniform(source.size, target.size, w)
        else:
            w = integers(f"{where}: weights", weights, ndim=2)
            if w.shape != shape:
                raise ValueError(f"{where}: weights have shape {w.shape}, expected {shape} = [target, source]")
            if mask is not None:
                mask = booleans(f"{where}: mask", mask, shape)
            topology = java.Topology.matrix(to_java(w), None if mask is None else to_java(mask))
        connection = Connection(self._java.connect(source._java, target._java, prototype, topology), source, target,
                                mask=mask, sources=sources, targets=targets)
        self.connections.append(connection)
        return connection

    @java_errors
    def connect_reinforcement(self, source, index, learning_rule):
        """Makes the spikes of ``source[index]`` the reward spikes of ``learning_rule``'s reinforcement channel."""
        self._own(source, "reinforcement source")
        self._java.connectReinforcement(source._java, integer("reinforcement index", index), learning_rule._java)

    @java_errors
    def set_biases(self, group, bias_mant, bias_exp):
        """Gives each compartment of ``group`` its own bias ``bias_mant[i] << bias_exp[i]`` (1-d integer arrays of the
        group's size; mantissas -4096..4095, exponents 0..7); the other parameters stay the prototype's."""
        if not isinstance(group, CompartmentGroup) or group.network is not self:
            raise TypeError(f"set_biases: group must be a compartment group of this network, got {group!r}")
        self._java.setBiases(group._java, to_java(integers("bias_mant", bias_mant, ndim=1)),
                             to_java(integers("bias_exp", bias_exp, ndim=1)))

    @java_errors
    def place(self, group, first_core, end_core):
        """Places ``group`` on cores ``[first_core, end_core)``, compartment i on ``first_core + i // per_core``."""
        if not isinstance(group, CompartmentGroup) or group.network is not self:
            raise TypeError(f"place: group must be a compartment group of this network, got {group!r}")
        self._java.place(group._java, integer("first_core", first_core), integer("end_core", end_core))

    def compile(self, threads=1, seed=0, dendritic_accumulators=8, compute_layout=True):
        """Maps the network onto emulated neurocores: a ``Board`` to run (use it in a ``with`` block).

        ``threads`` worker threads run the cores (results do not depend on it); ``seed`` seeds every random
        generator of the board; ``dendritic_accumulators`` (8, 16, 32 or 64) bounds the synaptic delays (at most
        that minus 2); ``compute_layout=False`` runs every chip core as it is instead of merging thin neighbouring
        cores for speed (results, counters and energy are the same either way).
        """
        from .board import Board
        return Board(self, threads=threads, seed=seed, dendritic_accumulators=dendritic_accumulators,
                     compute_layout=compute_layout)

    def _own(self, item, what):
        if not isinstance(item, (CompartmentGroup, SpikeGenerator)) or item.network is not self:
            raise TypeError(f"{what} must be a compartment group or spike generator of this network, got {item!r}")

    def __repr__(self):
        return (f"Network({len(self.groups)} groups, {len(self.generators)} generators, "
                f"{len(self.connections)} connections)")
