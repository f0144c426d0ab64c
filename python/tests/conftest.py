"""Shared fixtures: the Java API itself, reached through JPype, to compare the Python API against."""

import types

import jpype
import numpy as np
import pytest

import loihi_emu


@pytest.fixture(scope="session")
def J():
    """The Java classes the tests drive directly (the JVM is the one loihi_emu started)."""
    loihi_emu.start_jvm()
    names = {
        "Network": "io.github.loihiemu.core.network.Network",
        "Topology": "io.github.loihiemu.core.network.Topology",
        "CompartmentPrototype": "io.github.loihiemu.core.compartment.CompartmentPrototype",
        "ConnectionPrototype": "io.github.loihiemu.core.synapse.ConnectionPrototype",
        "SignMode": "io.github.loihiemu.core.synapse.SignMode",
        "LearningRuleSpec": "io.github.loihiemu.core.learning.LearningRuleSpec",
        "Board": "io.github.loihiemu.core.chip.Board",
        "BoardConfig": "io.github.loihiemu.core.chip.BoardConfig",
        "Phase": "io.github.loihiemu.core.energy.Phase",
        "Dataset": "io.github.loihiemu.datasets.Dataset",
        "Split": "io.github.loihiemu.datasets.Split",
        "Datasets": "io.github.loihiemu.datasets.Datasets",
        "NbpTrainer": "io.github.loihiemu.nbp.NbpTrainer",
        "NbpTrainerConfig": "io.github.loihiemu.nbp.NbpTrainer$Config",
        "NbpWeights": "io.github.loihiemu.nbp.NbpWeights",
        "NbpInference": "io.github.loihiemu.nbp.NbpInference",
    }
    return types.SimpleNamespace(**{k: jpype.JClass(v) for k, v in names.items()})


def rows(java_matrix, dtype):
    """A Java [][] array as a numpy matrix, one row at a time (test code only; the package copies in bulk)."""
    return np.array([np.array(memoryview(r), dtype=dtype) for r in java_matrix], dtype=dtype)


def ints(values):
    """A Java int[] from a Python sequence."""
    return jpype.JArray(jpype.JInt)(list(int(v) for v in values))
