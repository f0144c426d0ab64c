"""Java exceptions turned into Python ones, with the Java message as their text.

The Java library reports every bad argument with an ``IllegalArgumentException`` whose message names the value and
its allowed range; a Python caller expects a ``ValueError`` with that message, not a JPype wrapper whose printout is
a Java stack trace. The Java exception stays reachable as the ``java_exception`` attribute.
"""

import functools

import jpype


class LearningRuleError(ValueError):
    """A learning-rule string that does not parse or cannot run on the chip.

    ``target`` is the rule (``"dw"``, ``"dd"`` or ``"dt"``), ``rule`` its text as given, ``position`` the 0-based
    index of the offending character and ``reason`` what is wrong; the message shows the text with a caret.
    """

    def __init__(self, message, target=None, rule=None, position=None, reason=None):
        super().__init__(message)
        self.target = target
        self.rule = rule
        self.position = position
        self.reason = reason


class ResourceLimitError(ValueError):
    """The network does not fit the chip's resources (cores, synapses, axons, ...)."""


class DatasetUnavailableError(OSError):
    """A data set could not be fetched or read."""


class NirFormatError(ValueError):
    """A ``.nir`` file that cannot be read as a NIR graph (not HDF5, a missing or malformed node, parameter or edge).

    The message is the Java reader's one line: ``FILE: node 'NAME' (TYPE): PROBLEM``.
    """


class NirMappingError(ValueError):
    """A NIR graph that cannot be mapped onto the chip (a Threshold node, a reset other than 0, a delay too long, ...).

    The message is the Java mapper's one line, naming the node.
    """


class NirExportError(ValueError):
    """A network that NIR cannot express (a learning rule, a refractory period, noise, ...).

    The message is the Java exporter's one line, naming the group or connection.
    """


# Java class name -> Python exception type; the most specific match along the Java class hierarchy wins.
_BY_JAVA_CLASS = {
    "io.github.loihiemu.core.learning.LearningRuleSyntaxException": LearningRuleError,
    "io.github.loihiemu.core.mapping.ResourceLimitException": ResourceLimitError,
    "io.github.loihiemu.datasets.DatasetUnavailableException": DatasetUnavailableError,
    "io.github.loihiemu.nir.NirFormatException": NirFormatError,
    "io.github.loihiemu.nir.NirMappingException": NirMappingError,
    "io.github.loihiemu.nir.NirExportException": NirExportError,
    "java.lang.IllegalArgumentException": ValueError,
    "java.lang.IndexOutOfBoundsException": IndexError,
    "java.lang.IllegalStateException": RuntimeError,
    "java.lang.UnsupportedOperationException": NotImplementedError,
    "java.lang.ArithmeticException": ArithmeticError,
    "java.io.UncheckedIOException": OSError,
    "java.io.IOException": OSError,
    "java.lang.OutOfMemoryError": MemoryError,
}


def translate(exception):
    """The Python exception for a Java ``Throwable`` (a ``jpype.JException``)."""
    cls = exception.getClass()
    python_type = None
    while cls is not None and python_type is None:
        python_type = _BY_JAVA_CLASS.get(str(cls.getName()))
        cls = cls.getSuperclass()
    message = exception.getMessage()
    text = str(message) if message is not None else str(exception.getClass().getSimpleName())
    if python_type is LearningRuleError:
        target = exception.target()
        error = LearningRuleError(text, target=None if target is None else str(target.symbol()),
                                  rule=str(exception.rule()), position=int(exception.position()),
                                  reason=str(exception.reason()))
    elif python_type is None:
        # an unexpected Java error: keep its class name, which then says more than the message alone
        error = RuntimeError(f"{exception.getClass().getName()}: {text}")
    else:
        error = python_type(text)
    error.java_exception = exception
    return error


def java_errors(function):
    """Decorator: a Java exception escaping ``function`` is raised as its Python counterpart (see ``translate``)."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except jpype.JException as e:
            raise translate(e) from None

    return call
