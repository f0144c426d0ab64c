"""Checked conversions between Python values, numpy arrays and Java arrays.

Every copy goes through JPype's buffer support in one piece (``JArray.of`` into Java, a memoryview out of it), never
element by element from Python. Inputs are checked here so that a wrong dtype or shape fails with the parameter's
name before anything reaches Java.
"""

import numbers

import numpy as np
from jpype import JArray


def integer(name, value):
    """``value`` as a Python int; booleans and non-integers are refused (the chip's parameters are integers)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    return int(value)


def boolean(name, value):
    """``value`` as a Python bool; only ``True``/``False`` (Python or numpy) are accepted."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def integers(name, values, ndim=None, dtype=np.int32):
    """``values`` as a C-ordered array of ``dtype``, refusing non-integer dtypes, wrong dimensions and overflow."""
    a = np.asarray(values)
    if a.size == 0 and a.dtype == np.float64 and not isinstance(values, np.ndarray):
        a = a.astype(np.int64)          # an empty list has numpy's default dtype, not the caller's intent
    if a.dtype == np.bool_ or not np.issubdtype(a.dtype, np.integer):
        raise TypeError(f"{name}: dtype {a.dtype} is not an integer dtype; the chip takes integers"
                        " (use .astype(np.int32) on whole numbers)")
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name}: expected a {ndim}-d array, got shape {a.shape}")
    if a.size:
        info = np.iinfo(dtype)
        low, high = a.min(), a.max()
        if low < info.min or high > info.max:
            bad = low if low < info.min else high
            raise ValueError(f"{name}: value {bad} does not fit in {np.dtype(dtype).name}")
    return np.ascontiguousarray(a, dtype=dtype)


def booleans(name, values, shape):
    """``values`` as a C-ordered bool array of exactly ``shape``."""
    a = np.asarray(values)
    if a.dtype != np.bool_:
        raise TypeError(f"{name}: dtype {a.dtype} is not bool")
    if a.shape != tuple(shape):
        raise ValueError(f"{name}: shape {a.shape}, expected {tuple(shape)}")
    return np.ascontiguousarray(a)


def to_java(array):
    """A Java array with the contents of a C-ordered numpy array (int32 -> int[], int64 -> long[], 2-d -> [][])."""
    return JArray.of(array)


def from_java(java_array, dtype):
    """A numpy copy of a one-dimensional Java primitive array."""
    with memoryview(java_array) as view:
        return np.array(view, dtype=dtype)
