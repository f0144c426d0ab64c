"""nBP, the on-chip spiking backpropagation circuit: train and evaluate it with numpy weight arrays.

Weights are dicts of int32 arrays laid out like the CLI's ``.npz`` files: ``W1`` ``[inputs, hidden]`` (so that
``x @ W1`` is the hidden sum), ``W2`` ``[hidden, 10]``, ..., and for the checkpoint's transposed-minus matrices
``W2T_minus`` ``[10, hidden]`` etc. The data sets are fetched on first use, as for the CLI.
"""

from dataclasses import dataclass

import numpy as np
from jpype import JArray, JInt

from ._arrays import from_java, integer, integers, to_java
from ._errors import java_errors
from ._handle import JavaHandle
from ._jvm import java
from .board import energy_report_dict

DATASETS = ("mnist20", "mnist28", "fmnist28")
ENGINES = ("chip", "reference")
PLACEMENTS = ("paper", "auto")


@dataclass(frozen=True)
class Evaluation:
    """Test-set scores: ``predictions[k]`` is the argmax of ``output_sums[k]``, the output sums of sample k."""

    samples: int
    argmax_correct: int
    exact_matches: int
    predictions: np.ndarray
    output_sums: np.ndarray

    @property
    def argmax_accuracy(self):
        """Fraction of samples whose largest output sum is the label."""
        return self.argmax_correct / self.samples

    @property
    def exact_match_accuracy(self):
        """Fraction of samples whose binary output is the one-hot label."""
        return self.exact_matches / self.samples


def _dataset(name):
    if not isinstance(name, str):
        raise TypeError(f"dataset must be one of {', '.join(DATASETS)}, got {name!r}")
    return java.Dataset.parse(name)


def _evaluation(e, outputs):
    return Evaluation(samples=int(e.samples()), argmax_correct=int(e.argmaxCorrect()),
                      exact_matches=int(e.exactMatches()), predictions=from_java(e.predictions(), np.int32),
                      output_sums=from_java(e.outputSums(), np.int32).reshape(-1, outputs))


def _to_weights(weights, layers):
    """A Java NbpWeights from a dict of numpy arrays, checking names, dtypes and shapes; W_kT_minus defaults to
    -W_k transposed, as He initialisation makes it."""
    if not isinstance(weights, dict):
        raise TypeError(f"weights must be a dict of arrays (W1, W2, ...), got {type(weights).__name__}")
    count = len(layers) - 1
    known = {f"W{k}" for k in range(1, count + 1)} | {f"W{k}T_minus" for k in range(2, count + 1)}
    unknown = sorted(set(weights) - known)
    if unknown:
        raise ValueError(f"weights: unknown entry {unknown[0]!r} for layers {layers}; expected {sorted(known)}")
    matrices = JArray(JInt, 2)(count)
    minus = JArray(JInt, 2)(count)
    for k in range(1, count + 1):
        name = f"W{k}"
        if name not in weights:
            raise ValueError(f"weights: {name} is missing (layers {layers})")
        shape = (layers[k - 1], layers[k])
        w = integers(f"weights: {name}", weights[name], ndim=2)
        if w.shape != shape:
            raise ValueError(f"weights: {name} has shape {w.shape}, expected {shape} for layers {layers}")
        matrices[k - 1] = to_java(w.ravel())
        if k >= 2:
            name = f"W{k}T_minus"
            t = integers(f"weights: {name}", weights[name], ndim=2) if name in weights else -w.T
            if t.shape != shape[::-1]:
                raise ValueError(f"weights: {name} has shape {t.shape}, expected {shape[::-1]} for layers {layers}")
            minus[k - 1] = to_java(np.ascontiguousarray(t, dtype=np.int32).ravel())
    return java.NbpWeights.of(to_java(np.asarray(layers, dtype=np.int32)), matrices, minus)


def _from_weights(w):
    layers = from_java(w.layers(), np.int32).tolist()
    out = {}
    for k in range(1, len(layers)):
        out[f"W{k}"] = from_java(w.matrix(k), np.int32).reshape(layers[k - 1], layers[k])
    for k in range(2, len(layers)):
        out[f"W{k}T_minus"] = from_java(w.tMinus(k), np.int32).reshape(layers[k], layers[k - 1])
    return out


def _inference_config(threads, seed):
    # packed automatically: the outputs are identical on any placement and the packed board runs ~8x faster
    c = java.BoardConfig.defaults().withThreads(threads).withSeed(seed)
    return c.withMapping(c.mapping().withPlacementsHonoured(False))


class Trainer(JavaHandle):
    """Trains nBP on the emulated chip (or with the reference algorithm) and evaluates it on the inference circuit.

    ``hidden`` is the size of the hidden layer, or a list of sizes for several; ``samples_per_epoch`` limits each
    epoch (None: the whole training set); ``engine`` is 'chip' or 'reference'; ``placement`` 'paper' (the authors'
    core ranges) or 'auto'; ``steps`` one even weight step per matrix (None: 2, as the paper); ``weights`` initial
    weights (a dict, see the module's doc; None: He initialisation from ``seed``). Use it in a ``with`` block.
    """

    _kind = "trainer"

    @java_errors
    def __init__(self, dataset="mnist20", *, hidden=400, seed=1, samples_per_epoch=None, threads=1, engine="chip",
                 placement="paper", steps=None, weights=None):
        if engine not in ENGINES:
            raise ValueError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
        if placement not in PLACEMENTS:
            raise ValueError(f"placement {placement!r} is not one of {', '.join(PLACEMENTS)}")
        config = java.NbpTrainerConfig.paper(_dataset(dataset))
        if np.ndim(hidden) == 0:
            config = config.withHidden(integer("hidden", hidden))
        else:
            config = config.withHiddenLayers(to_java(integers("hidden", hidden, ndim=1)))
        config = config.withSeed(integer("seed", seed)).withThreads(integer("threads", threads))
        if samples_per_epoch is not None:
            config = config.withSamplesPerEpoch(integer("samples_per_epoch", samples_per_epoch))
        if engine == "reference":
            config = config.withReferenceEngine()
        if placement == "auto":
            config = config.withAutomaticPlacement()
        if steps is not None:
            config = config.withSteps(to_java(integers("steps", steps, ndim=1)))
        self.dataset = dataset
        self.seed = int(seed)
        self.threads = int(threads)
        self.layers = from_java(config.layers(), np.int32).tolist()
        initial = None if weights is None else _to_weights(weights, self.layers)
        self._java = java.NbpTrainer(config, initial)
        self._test = None
        self._closed = False

    @java_errors
    def train(self, epochs=1, on_epoch=None):
        """Trains ``epochs`` more epochs; after each, calls ``on_epoch(epoch, trainer)`` if given (epoch counts
        from 1 over the trainer's life). A callback that returns False stops the training there."""
        trainer = self._live()
        for _ in range(integer("epochs", epochs)):
            trainer.train(1, None)
            if on_epoch is not None and on_epoch(self.epochs_done, self) is False:
                break

    @property
    def epochs_done(self):
        return int(self._java.epochsDone())

    @java_errors
    def weights(self):
        """A copy of the current weights as a dict of int32 arrays (W1, W2, ..., W2T_minus, ...)."""
        return _from_weights(self._live().weights())

    @java_errors
    def evaluate(self, samples=None):
        """Scores the current weights on the test set (its first ``samples``; None: all of it) on the emulated
        inference circuit."""
        trainer = self._live()
        if samples is None:
            return _evaluation(trainer.evaluate(), self.layers[-1])
        if self._test is None:           # loaded once: a callback may evaluate after every epoch
            self._test = java.Datasets.load(_dataset(self.dataset), java.Split.TEST)
        with java.NbpInference(trainer.weights(), _inference_config(self.threads, self.seed)) as inference:
            return _evaluation(inference.evaluate(self._test, integer("samples", samples)), self.layers[-1])

    @java_errors
    def energy_report(self):
        """Energy and time of the training run so far (chip engine), as ``Board.energy_report`` gives them."""
        return energy_report_dict(self._live().energyReport())

    @java_errors
    def slot_violations(self):
        """Spikes outside their population's slots (gate leaks) per population (chip engine)."""
        return {str(k): int(v) for k, v in self._live().slotViolations().items()}



@java_errors
def evaluate(weights, dataset="mnist20", *, samples=None, threads=1):
    """Scores ``weights`` (a dict, see the module's doc) on the test set of ``dataset`` (its first ``samples``;
    None: all of it) on the emulated inference circuit."""
    if not isinstance(weights, dict) or "W1" not in weights or "W2" not in weights:
        raise ValueError("weights must be a dict with at least W1 and W2")
    count = 1
    while f"W{count + 1}" in weights:
        count += 1
    shapes = [integers(f"weights: W{k}", weights[f"W{k}"], ndim=2).shape for k in range(1, count + 1)]
    layers = [shapes[0][0]] + [s[1] for s in shapes]
    if layers[-1] != 10:
        raise ValueError(f"weights: W{count} has {layers[-1]} outputs, expected 10 (one per class)")
    data = java.Datasets.load(_dataset(dataset), java.Split.TEST)
    if layers[0] != data.inputCount():
        raise ValueError(f"weights: W1 has {layers[0]} inputs, {dataset} has {data.inputCount()}")
    w = _to_weights(weights, layers)
    n = data.size() if samples is None else integer("samples", samples)
    with java.NbpInference(w, _inference_config(integer("threads", threads), 0)) as inference:
        return _evaluation(inference.evaluate(data, n), layers[-1])
