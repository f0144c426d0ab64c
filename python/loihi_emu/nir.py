"""NIR graphs on the emulated chip: load a ``.nir`` file, map it, read the quantisation report, run it with numpy.

    import numpy as np
    import loihi_emu as le

    model = le.load_nir("lif_norse.nir", dt=1e-3)
    print(model.report_text)
    with model.compile() as board:
        spikes = board.run(np.eye(20, 1, dtype=bool))   # [steps, inputs] -> {node: bool [steps, size]}

Thin wrappers over the loihi-nir module (``NirReader``, ``NirMapper``, ``MapOptions``, ``NirMapping``,
``QuantisationReport``; docs/nir.md): reading, mapping and every check and message are the Java library's, so a
graph run from Python spikes exactly as the same graph driven from Java.
"""

import numbers
import os

import numpy as np
from jpype import JLong

from ._arrays import from_java, integer, to_java
from ._errors import java_errors
from ._jvm import java
from ._handle import EnergyBoard

#: The keyword arguments of ``load_nir`` that mirror ``MapOptions`` (snake case) and their Java defaults.
MAP_OPTIONS = {"dt": 1e-3, "v_th_mant": 1 << 14}

_NEURON_FIELDS = (
    ("node", str), ("type", None), ("size", int), ("groups", int), ("float_decay_u", float),
    ("current_decay", int), ("float_decay_v", float), ("voltage_decay", int), ("scale", float), ("v_th_mant", int),
    ("float_bias", float), ("chip_bias", int), ("decay_error", float), ("bias_error", float),
    ("threshold_error", float),
)
_CONNECTION_FIELDS = (
    ("source", str), ("target", str), ("synapses", int), ("min_weight", float), ("max_weight", float),
    ("sign_mode", None), ("exponent", int), ("bits", int), ("rms_error", float), ("max_error", float),
    ("zeroed", int), ("min_delay", int), ("max_delay", int),
)


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _record(java_record, fields):
    """A Java report entry as a dict (snake-case keys, Python values; enums by their name)."""
    out = {}
    for name, kind in fields:
        value = getattr(java_record, "vThMant" if name == "v_th_mant" else _camel(name))()
        if kind is None:                # NodeType: NIR's name ("CubaLIF"); SignMode: lower case as network.py
            value = str(value.nirName()) if name == "type" else str(value.name()).lower()
        else:
            value = kind(value)
        out[name] = value
    return out


def _report_dict(report):
    return {
        "dt": float(report.dt()),
        "neurons": [_record(n, _NEURON_FIELDS) for n in report.neurons()],
        "connections": [_record(c, _CONNECTION_FIELDS) for c in report.connections()],
        "notes": [str(n) for n in report.notes()],
    }


def _shape(java_ints):
    return tuple(int(v) for v in java_ints)


@java_errors
def load_nir(path, dt=None, *, repair=False, v_th_mant=MAP_OPTIONS["v_th_mant"]):
    """Reads a ``.nir`` file and maps it onto the chip; returns a ``NirModel``.

    ``dt`` (seconds) and ``v_th_mant`` (the largest threshold mantissa, 1..131071) are those of the Java
    ``MapOptions`` (docs/nir.md, "Mapping onto the chip"). Without ``dt`` the graph's metadata ``dt`` is used when it
    has one (``save_nir`` records it), else 1 ms, as ``./loihi`` does (Java ``NirTimestep.choose``); ``NirModel.dt``
    and ``NirModel.dt_source`` say which. ``repair=True`` reads with ``NirReader.Mode.REPAIR``,
    which repairs one kind of broken edge list and says so in ``NirModel.notes``.

    Raises ``FileNotFoundError`` for a missing file, ``NirFormatError`` for a file that is not a valid NIR graph
    (not HDF5, ...), ``NirMappingError`` for a graph the chip cannot run (yet), each with the Java message, which
    names the file or node.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_nir: path must be a str or os.PathLike, got {type(path).__name__}")
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"load_nir: no file {path}")
    if dt is not None and (isinstance(dt, (bool, np.bool_)) or not isinstance(dt, numbers.Real)):
        raise TypeError(f"load_nir: dt must be a number of seconds, got {dt!r} ({type(dt).__name__})")
    if not isinstance(repair, (bool, np.bool_)):
        raise TypeError(f"load_nir: repair must be True or False, got {repair!r}")
    if dt is not None:
        java.MapOptions(float(dt), MAP_OPTIONS["v_th_mant"])    # the Java check and message for a bad dt first
    mode = java.NirReaderMode.REPAIR if repair else java.NirReaderMode.STRICT
    graph = java.NirReader.read(java.Path.of(os.path.abspath(path)), mode)
    timestep = java.NirTimestep.choose(None if dt is None else float(dt), graph)
    options = java.MapOptions(timestep.dt(), integer("load_nir: v_th_mant", v_th_mant))
    model = NirModel(path, graph, java.NirMapper.map(graph, options))
    model.dt_source = str(timestep.source().name()).lower()
    return model


@java_errors
def save_nir(network, path, dt=MAP_OPTIONS["dt"], *, outputs=None):
    """Writes a ``Network`` without learning as a ``.nir`` file that Lava, Norse, snnTorch and ``load_nir`` read.

    The Java ``NirExporter`` with ``ExportOptions(dt, outputs)`` (docs/nir.md, "Writing a network back"): spike
    generators become Input nodes, groups LIF, CubaLIF or IF nodes in the chip's units, connections Linear nodes with
    the chip's effective weights. ``outputs``: the groups (or their names) that get an Output node; default: the
    groups that feed nothing. ``load_nir(path, dt)`` at the same ``dt`` gives back the same integers, so the
    network spikes identically. Returns ``path``.

    Raises ``NirExportError`` (the Java one line, naming the group or connection) for what NIR cannot express,
    ``ValueError`` for a folder that does not exist or cannot be written, checked before anything is exported.
    """
    from .network import CompartmentGroup, Network
    if not isinstance(network, Network):
        raise TypeError(f"save_nir: network must be a loihi_emu.Network, got {type(network).__name__}")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"save_nir: path must be a str or os.PathLike, got {type(path).__name__}")
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise ValueError(f"save_nir: {path} is a directory, not a file")
    if not os.path.isdir(folder):
        raise ValueError(f"save_nir: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"save_nir: cannot write in {folder} (permission denied)")
    if isinstance(dt, (bool, np.bool_)) or not isinstance(dt, numbers.Real):
        raise TypeError(f"save_nir: dt must be a number of seconds, got {dt!r} ({type(dt).__name__})")
    names = java.ArrayList()
    for o in outputs or ():
        if isinstance(o, CompartmentGroup):
            o = o.name
        if not isinstance(o, str):
            raise TypeError(f"save_nir: outputs must be compartment groups or their names, got {o!r}")
        names.add(o)
    graph = java.NirExporter.export(network._java, java.ExportOptions(float(dt), names))
    java.NirWriter.write(graph, java.Path.of(os.path.abspath(path)))
    return path


class NirModel:
    """A NIR graph mapped onto the chip; made by ``load_nir``.

    - ``inputs``: each top-level Input node's size (number of spike ports, row-major over its shape);
    - ``neurons``: each neuron node's size, by its path (``graph.node`` inside nested graphs);
    - ``outputs``: for each top-level Output node, the neuron (or Input) node whose spikes it shows;
    - ``nodes``: every top-level node of the graph: ``{"type", "input_shape", "output_shape"}``;
    - ``report_text`` and ``report``: the quantisation report as the Java table, and as a dict with ``dt``,
      ``neurons`` and ``connections`` (lists of dicts, one per report entry, snake-case keys) and ``notes``;
    - ``notes``: what the reader noted (a repair, dimensions of size 1 taken as equal);
    - ``dt`` (seconds) and ``dt_source``: ``"given"`` (the ``dt`` argument), ``"graph"`` (the graph's metadata) or
      ``"default"`` (1 ms).
    """

    def __init__(self, path, java_graph, java_mapping):
        self.path = path
        self._graph = java_graph
        self._java = java_mapping
        options = java_mapping.options()
        self.dt = float(options.dt())
        self.dt_source = "given"
        self.v_th_mant = int(options.vThMant())
        self.nodes = {str(name): {"type": str(node.type().nirName()), "input_shape": _shape(node.inputShape()),
                                  "output_shape": _shape(node.outputShape())}
                      for name, node in java_graph.nodes().items()}
        self.inputs = {str(name): int(g.size()) for name, g in java_mapping.inputs().items()}
        self._parts = {}
        self.neurons = {}
        for name, parts in java_mapping.neurons().items():
            name = str(name)
            self._parts[name] = [(p.group(), from_java(p.neurons(), np.int64)) for p in parts]
            self.neurons[name] = int(sum(len(idx) for _, idx in self._parts[name]))
        self.outputs = {str(k): str(v) for k, v in java_mapping.outputs().items()}
        self.notes = [str(n) for n in java_graph.notes()]
        self.report_text = str(java_mapping.report().toString())
        self.report = _report_dict(java_mapping.report())

    @java_errors
    def compile(self, threads=1, seed=0):
        """Compiles the mapped network onto emulated neurocores; returns a ``NirBoard`` (close it, or use ``with``).

        ``threads`` and ``seed`` are those of the Java ``BoardConfig``; results do not depend on ``threads``.
        """
        return NirBoard(self, threads, seed)

    def __repr__(self):
        sizes = ", ".join(f"{k} [{v}]" for k, v in self.neurons.items())
        return f"NirModel({os.path.basename(self.path)!r}, dt {self.dt:g} s, neurons: {sizes})"


class NirBoard(EnergyBoard):
    """A mapped NIR graph compiled onto emulated neurocores; made by ``NirModel.compile``.

    ``run(inputs)`` feeds the Input node(s) and returns every neuron node's spikes. Timing: row ``k`` of the input
    holds the spikes the Input node sends at step ``time + k`` (``time`` the last completed step, 0 before the first
    run), which the neurons it feeds integrate at step ``time + k + 1``; row ``k`` of each output array holds the
    spikes of step ``time + k + 1``. So a neuron node one hop after the input answers row ``k`` in row ``k``, and each
    further neuron layer adds one step (docs/nir.md, "One step per hop"). The board keeps its state between runs;
    compile again to start from rest.
    """

    @java_errors
    def __init__(self, model, threads=1, seed=0):
        self.model = model
        config = (java.BoardConfig.defaults().withThreads(integer("threads", threads))
                  .withSeed(integer("seed", seed)))
        # the dendritic accumulators the mapping's synaptic delays need (NirMapping.boardConfig)
        self._java = java.Board.compile(model._java.network(), model._java.boardConfig(config))
        self._closed = False
        try:
            self._inputs = {name: self._java.spikeInput(g) for name, g in model._java.inputs().items()}
            self._inputs = {str(k): v for k, v in self._inputs.items()}
            # one probe per compartment group of each neuron node, recording from step 1 on
            self._probes = {name: [(self._java.probeSpikes(group, JLong(1), 1), neurons)
                                   for group, neurons in parts] for name, parts in model._parts.items()}
        except BaseException:
            self.close()
            raise

    @property
    def time(self):
        """The last completed timestep (0 before the first run)."""
        return int(self._java.time())

    def _input_arrays(self, inputs):
        names = list(self.model.inputs)
        if isinstance(inputs, dict):
            unknown = sorted(set(inputs) - set(names))
            if unknown:
                raise ValueError(f"NIR board: no Input node {unknown[0]!r}; the Input nodes are {', '.join(names)}")
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(f"NIR board: no spikes given for Input node {missing[0]!r}")
            return [(n, inputs[n]) for n in names]
        if len(names) != 1:
            raise ValueError(f"NIR board: the graph has {len(names)} Input nodes ({', '.join(names)}); give a dict "
                             "of arrays by Input node name")
        return [(names[0], inputs)]

    def _checked(self, name, values):
        """``values`` as a bool matrix [T, size] for Input node ``name``; a TypeError or ValueError names a problem."""
        size = self.model.inputs[name]
        shape = self.model.nodes.get(name, {}).get("output_shape", (size,))
        what = f"NIR board: input spikes of Input node {name!r}"
        a = np.asarray(values)
        if a.dtype != np.bool_ and not np.issubdtype(a.dtype, np.integer):
            raise TypeError(f"{what}: dtype {a.dtype} is neither bool nor an integer dtype (spike counts 0 or 1 "
                            "per step and port)")
        if a.ndim == 2 and a.shape[1] == size:
            pass
        elif a.ndim == 1 + len(shape) and a.shape[1:] == tuple(shape):
            a = a.reshape(a.shape[0], size)
        else:
            expected = f"[steps, {size}]" + (f" or [steps, {', '.join(map(str, shape))}]" if len(shape) > 1 else "")
            raise ValueError(f"{what}: shape {a.shape}, expected {expected}")
        if a.dtype != np.bool_ and a.size:
            low, high = a.min(), a.max()
            if low < 0 or high > 1:
                bad = low if low < 0 else high
                step, port = np.argwhere(a == bad)[0]
                raise ValueError(f"{what}: {bad} spikes at row {step}, port {port}; a port sends at most one spike "
                                 "per step (counts must be 0 or 1)")
        return a.astype(np.bool_, copy=False)

    @java_errors
    def run(self, inputs, steps=None):
        """Runs the board with input spikes; returns each neuron node's spikes as bool ``[steps, size]``.

        ``inputs``: a bool or integer (0 or 1) array ``[T, size]`` (or ``[T, *shape]`` of the Input node) for a
        graph with one Input node, or a dict of such arrays by Input node name. ``steps`` (default ``T``, at least
        ``T``) runs on past the input, e.g. to let the last input reach deeper layers. The result maps each neuron
        node's path, and each Output node's name (unless it is a neuron node's too), to its spikes (an Output that
        shows an Input node: the input, as bool, padded to ``steps`` rows); see the class for the timing.
        """
        live = self._live()
        arrays = [(name, self._checked(name, values)) for name, values in self._input_arrays(inputs)]
        lengths = {a.shape[0] for _, a in arrays}
        if len(lengths) > 1:
            raise ValueError(f"NIR board: the input arrays differ in length ({sorted(lengths)} steps)")
        length = lengths.pop()
        steps = length if steps is None else integer("steps", steps)
        if steps < length:
            raise ValueError(f"NIR board: steps = {steps} is less than the input's {length} rows")
        now = self.time
        if now > 0:
            for name, a in arrays:
                if a.shape[0] and a[0].any():
                    raise ValueError(f"NIR board: input row 0 of Input node {name!r} is for step {now}, which the "
                                     "board already ran; a run after the first must leave its first row empty "
                                     "(compile again to start from rest)")
        for name, a in arrays:
            spike_input = self._inputs[name]
            rows, ports = np.nonzero(a)       # row-major: grouped by row, ports ascending
            if rows.size == 0:
                continue
            ports = ports.astype(np.int32)
            bounds = np.flatnonzero(np.diff(rows)) + 1
            starts = np.concatenate(([0], bounds))
            ends = np.concatenate((bounds, [rows.size]))
            # one Java call per step with spikes, each with its ports in one bulk copy
            for a0, b0 in zip(starts.tolist(), ends.tolist()):
                row = int(rows[a0])
                if now == 0 or row > 0:
                    spike_input.addSpikes(to_java(ports[a0:b0]), b0 - a0, JLong(now + row))
        if steps:
            live.run(steps)
        out = self._collect(now, steps)
        for output, node in self.model.outputs.items():
            for name, a in arrays:
                if node == name and output not in out:      # an Output straight after an Input: the input itself
                    out[output] = np.zeros((steps, a.shape[1]), dtype=np.bool_)
                    out[output][:a.shape[0]] = a
        return out

    def _collect(self, start, steps):
        """The probes' spikes of steps start+1 .. start+steps as bool matrices, the records then forgotten."""
        out = {}
        for name, probes in self._probes.items():
            spikes = np.zeros((steps, self.model.neurons[name]), dtype=np.bool_)
            for probe, neurons in probes:
                times = from_java(probe.times(), np.int64)
                indices = from_java(probe.indices(), np.int64)
                keep = (times > start) & (times <= start + steps)
                spikes[times[keep] - start - 1, neurons[indices[keep]]] = True
                probe.clear()
            out[name] = spikes
        for output, node in self.model.outputs.items():
            if output in out:
                continue
            if node in out:
                out[output] = out[node]
        return out

    def __repr__(self):
        return f"NirBoard({os.path.basename(self.model.path)!r}, time {self.time}{', closed' if self._closed else ''})"
