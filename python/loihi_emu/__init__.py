"""loihi-emu from Python: the bit-exact Java emulator of Intel's Loihi, driven with numpy arrays through JPype.

    import numpy as np
    import loihi_emu as le

    net = le.Network()
    inp = net.spike_generator("in", 20)
    h = net.compartment_group("h", 100, v_th_mant=100, current_decay=4096, voltage_decay=4096)
    c = net.connect(inp, h, np.full((100, 20), 40))
    with net.compile(threads=2, seed=42) as board:
        spikes = board.probe_spikes(h)
        board.spike_input(inp).add(np.arange(20), 5)
        board.run(10)

The JVM starts on first use (see ``start_jvm`` and ``class_path``); errors from Java arrive as Python exceptions
(``ValueError`` for a bad argument) whose text is the Java message. ``loihi_emu.nbp`` trains and evaluates nBP;
``load_nir`` maps a NIR graph onto the chip and runs it, ``save_nir`` writes a network as one (``loihi_emu.nir``).
"""

from ._errors import (DatasetUnavailableError, LearningRuleError, NirExportError, NirFormatError, NirMappingError,
                      ResourceLimitError)
from ._jvm import class_path, start_jvm
from .board import Board, CompartmentProbe, SpikeInput, SpikeProbe
from .network import (PROTOTYPE_PARAMETERS, CompartmentGroup, Connection, LearningRule, Network, SpikeGenerator)
from .nir import NirBoard, NirModel, load_nir, save_nir
from . import nbp

__all__ = [
    "Network", "CompartmentGroup", "SpikeGenerator", "Connection", "LearningRule", "PROTOTYPE_PARAMETERS",
    "Board", "SpikeInput", "SpikeProbe", "CompartmentProbe",
    "LearningRuleError", "ResourceLimitError", "DatasetUnavailableError",
    "load_nir", "save_nir", "NirModel", "NirBoard", "NirFormatError", "NirMappingError", "NirExportError",
    "start_jvm", "class_path", "nbp",
]
