"""A compiled network: run it, feed it spikes, and read probes, weights and the energy report as numpy arrays."""

import numpy as np
from jpype import JLong

from ._arrays import from_java, integer, integers, to_java
from ._errors import java_errors
from ._jvm import java
from ._handle import EnergyBoard
from .network import CompartmentGroup, Connection, SpikeGenerator

#: Bits of a spike's port in the Java input's sort key (time << 22 | port): 2^22 ports at most per generator.
_PORT_BITS = 22


def energy_report_dict(report):
    """A Java ``EnergyReport`` as a dict: its components in snake case (energies in pJ, times in ns), per-phase
    figures as dicts keyed by phase (``spiking``, ``pre_learn_management``, ``learning``, ``management``,
    ``host``), per-core figures as numpy arrays, and the derived totals."""
    r = report
    phases = [str(p.name()).lower() for p in java.Phase.values()]
    dynamic = from_java(r.dynamicPj(), np.float64)
    time = from_java(r.timeNs(), np.float64)
    return {
        "parameter_set": str(r.parameterSet()),
        "steps": int(r.steps()),
        "dynamic_pj": dict(zip(phases, dynamic.tolist())),
        "time_ns": dict(zip(phases, time.tolist())),
        "static_pj": float(r.staticPj()),
        "dynamic_energy_pj": float(r.dynamicEnergyPj()),
        "total_energy_pj": float(r.totalEnergyPj()),
        "total_time_ns": float(r.totalTimeNs()),
        "energy_delay_product": float(r.energyDelayProduct()),
        "active_updates": int(r.activeUpdates()),
        "inactive_updates": int(r.inactiveUpdates()),
        "synaptic_events": int(r.synapticEvents()),
        "learning_updates": int(r.learningUpdates()),
        "plastic_synapses_at_epochs": int(r.plasticSynapsesAtEpochs()),
        "spikes": int(r.spikes()),
        "messages": int(r.messages()),
        "chips": int(r.chips()),
        "tiles": int(r.tiles()),
        "cores": int(r.cores()),
        "busiest_spiking_core": int(r.busiestSpikingCore()),
        "busiest_learning_core": int(r.busiestLearningCore()),
        "core_spiking_ns": from_java(r.coreSpikingNs(), np.float64),
        "core_learning_ns": from_java(r.coreLearningNs(), np.float64),
    }


class SpikeInput:
    """The host side of a spike generator on a board: schedule spikes for the coming timesteps."""

    def __init__(self, board, generator, java_input):
        self._board = board
        self.generator = generator
        self._java = java_input

    @java_errors
    def add(self, ports, times):
        """Schedules a spike on ``ports[k]`` stamped ``times[k]`` for every k (the two broadcast against each other).

        A spike stamped t reaches its targets at t + 1 + delay; before the first run a stamp may be 0. A port fires
        at most once per timestep. Everything this method can check is checked before any spike is scheduled;
        a duplicate of a spike scheduled by an earlier call is refused by the board when its time is reached in
        this call, after the spikes of earlier timesteps of this call were scheduled.
        """
        self._board._live()
        name = f"spike input {self.generator.name}"
        p = integers(f"{name}: ports", ports, dtype=np.int64)
        t = integers(f"{name}: times", times, dtype=np.int64)
        try:
            p, t = (np.ravel(a) for a in np.broadcast_arrays(p, t))
        except ValueError:
            raise ValueError(f"{name}: ports of shape {p.shape} and times of shape {t.shape} do not broadcast"
                             " together") from None
        if p.size == 0:
            return
        if p.min() < 0 or p.max() >= self.generator.size:
            bad = p.min() if p.min() < 0 else p.max()
            raise ValueError(f"{name}: port {bad} is outside 0..{self.generator.size - 1}")
        now = self._board.time
        if t.min() < 0 or (now > 0 and t.min() <= now):
            raise ValueError(f"{name}: time {t.min()} is not after the board's current time {now}"
                             + ("" if now == 0 else " (only before the first run may a spike be stamped 0)"))
        # sorted by time, then port: the Java input checks in-order additions with one comparison each
        keys = (t << _PORT_BITS) | p
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        repeated = np.flatnonzero(keys[1:] == keys[:-1])
        if repeated.size:
            k = keys[repeated[0]]
            raise ValueError(f"{name}: port {k & ((1 << _PORT_BITS) - 1)} has two spikes at time {k >> _PORT_BITS};"
                             " a port fires at most once per timestep")
        p = p[order].astype(np.int32)
        t = t[order]
        steps, starts = np.unique(t, return_index=True)
        ends = np.append(starts[1:], t.size)
        # one Java call per distinct timestep, each with its ports in one bulk copy
        for step, a, b in zip(steps.tolist(), starts.tolist(), ends.tolist()):
            self._java.addSpikes(to_java(p[a:b]), b - a, JLong(step))

    @property
    def pending(self):
        """Scheduled spikes not yet delivered."""
        return int(self._java.pending())

    def clear(self):
        """Removes every spike not yet delivered."""
        self._java.clear()


class SpikeProbe:
    """The spikes of a group: ``times[k]`` and ``indices[k]`` for the k-th spike, in time order (ties by index)."""

    def __init__(self, group, java_probe):
        self.group = group
        self._java = java_probe

    @property
    def times(self):
        """The timestep of every recorded spike (int64, a copy)."""
        return from_java(self._java.times(), np.int64)

    @property
    def indices(self):
        """The compartment index of every recorded spike (int32, a copy)."""
        return from_java(self._java.indices(), np.int32)

    @property
    def counts(self):
        """Spikes per compartment (int64, length = the group's size)."""
        return np.bincount(self.indices, minlength=self.group.size).astype(np.int64)

    def clear(self):
        """Forgets every record."""
        self._java.clear()

    def __len__(self):
        return int(self._java.size())


class CompartmentProbe:
    """u, v and the spikes of every compartment of a group at each sampled step, as ``[sample, compartment]``."""

    def __init__(self, group, java_probe):
        self.group = group
        self._java = java_probe

    def _matrix(self, flat, dtype):
        return from_java(flat, dtype).reshape(len(self), self.group.size)

    @property
    def times(self):
        """The timestep of each sample (int64, a copy)."""
        return from_java(self._java.times(), np.int64)

    @property
    def u(self):
        """The current u, int32 ``[samples, compartments]`` (a copy)."""
        return self._matrix(self._java.currentsFlat(), np.int32)

    @property
    def v(self):
        """The voltage v, int32 ``[samples, compartments]`` (a copy; 0 at a spike step, as the emulator's state)."""
        return self._matrix(self._java.voltagesFlat(), np.int32)

    @property
    def spikes(self):
        """Whether each compartment spiked at each sampled step, bool ``[samples, compartments]`` (a copy)."""
        return self._matrix(self._java.spikesFlat(), np.bool_)

    def clear(self):
        """Forgets every sample (the probe keeps recording)."""
        self._java.clear()

    def __len__(self):
        return int(self._java.samples())


class Board(EnergyBoard):
    """A network compiled onto emulated Loihi neurocores. Made by ``Network.compile``; close it (or use ``with``).

    ``threads`` and ``seed`` are those of the Java ``BoardConfig``; results do not depend on ``threads``.
    """

    @java_errors
    def __init__(self, network, threads=1, seed=0, dendritic_accumulators=8, compute_layout=True):
        self.network = network
        if not isinstance(compute_layout, bool):
            raise TypeError(f"compute_layout must be True or False, got {compute_layout!r}")
        defaults = java.MappingConfig.defaults()
        mapping = java.MappingConfig(integer("dendritic_accumulators", dendritic_accumulators), defaults.maxChips(),
                                     defaults.honourPlacements(), compute_layout)
        config = (java.BoardConfig.defaults().withThreads(integer("threads", threads))
                  .withSeed(integer("seed", seed)).withMapping(mapping))
        self._java = java.Board.compile(network._java, config)
        self._inputs = {}
        self._closed = False

    @property
    def time(self):
        """The last completed timestep (0 before the first run)."""
        return int(self._java.time())

    @java_errors
    def run(self, steps):
        """Runs ``steps`` timesteps."""
        self._live().run(integer("steps", steps))

    @java_errors
    def spike_input(self, generator):
        """The host side of ``generator``, to schedule its spikes."""
        if not isinstance(generator, SpikeGenerator):
            raise TypeError(f"spike_input: expected a SpikeGenerator, got {generator!r}")
        live = self._live()
        if generator not in self._inputs:
            self._inputs[generator] = SpikeInput(self, generator, live.spikeInput(generator._java))
        return self._inputs[generator]

    def _group(self, group, what):
        if not isinstance(group, CompartmentGroup):
            raise TypeError(f"{what}: expected a CompartmentGroup, got {group!r}")
        return group._java

    @java_errors
    def probe_spikes(self, group, start=None, interval=1):
        """Records the spikes of ``group`` at steps ``start, start + interval, ...`` (from the next step on)."""
        g = self._group(group, "probe_spikes")
        live = self._live()
        first = self.time + 1 if start is None else integer("start", start)
        return SpikeProbe(group, live.probeSpikes(g, JLong(first), integer("interval", interval)))

    @java_errors
    def probe_compartments(self, group, start=None, interval=1):
        """Records u, v and spikes of ``group`` at steps ``start, start + interval, ...`` (from the next step on)."""
        g = self._group(group, "probe_compartments")
        live = self._live()
        first = self.time + 1 if start is None else integer("start", start)
        return CompartmentProbe(group, live.probeCompartments(g, JLong(first), integer("interval", interval)))

    def _connection(self, connection, what):
        if not isinstance(connection, Connection):
            raise TypeError(f"{what}: expected a Connection, got {connection!r}")
        return connection._java

    @java_errors
    def weights(self, connection):
        """The current weight mantissas of ``connection`` (int32; a ``[target, source]`` matrix for a dense
        connection, where entries a mask left out read 0; for a sparse one a vector in its synapses' given order).
        """
        c = self._connection(connection, "weights")
        return connection._from_synapse_order(from_java(self._live().weights(c), np.int32))

    @java_errors
    def set_weights(self, connection, weights):
        """Overwrites the weights of ``connection``, laid out as ``weights`` returns them (masked-out entries of a
        dense matrix are ignored). Each value is checked against its synapse's sign mode."""
        c = self._connection(connection, "set_weights")
        self._live().setWeights(c, to_java(connection._to_synapse_order(weights)))

    @java_errors
    def set_currents(self, group, u):
        """Sets u of every compartment of ``group`` (a 1-d integer array, 24-bit signed values)."""
        g = self._group(group, "set_currents")
        self._live().setCurrents(g, to_java(integers("u", u, ndim=1)))

    @java_errors
    def set_voltages(self, group, v):
        """Sets v of every compartment of ``group`` (a 1-d integer array within the core's voltage limits)."""
        g = self._group(group, "set_voltages")
        self._live().setVoltages(g, to_java(integers("v", v, ndim=1)))

    def __repr__(self):
        return f"Board({self.network!r}, time {self.time}{', closed' if self._closed else ''})"
