"""Shared fixtures: the Java API itself, reached through JPype, to compare the Python API against."""


import jpype
import numpy as np
import pytest

import loihi_emu


@pytest.fixture(scope="session")
def J():
    """The Java classes the tests drive directly (the JVM is the one loihi_emu started)."""
    loihi_emu.start_jvm()
    # the package's own lazy table of Java classes: the tests drive the same classes directly
    return loihi_emu._jvm.java


def rows(java_matrix, dtype):
    """A Java [][] array as a numpy matrix, one row at a time (test code only; the package copies in bulk)."""
    return np.array([np.array(memoryview(r), dtype=dtype) for r in java_matrix], dtype=dtype)


def ints(values):
    """A Java int[] from a Python sequence."""
    return jpype.JArray(jpype.JInt)(list(int(v) for v in values))
