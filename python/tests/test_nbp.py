"""nBP from Python: the same weights and scores as the Java NbpTrainer and NbpInference on the same settings
(MNIST20, a hidden layer of 40, a few samples per epoch, so that the tests stay fast)."""

import jpype
import numpy as np
import pytest

from loihi_emu import nbp
from conftest import ints

HIDDEN, SEED, SAMPLES = 40, 3, 20


def java_weights(w):
    layers = list(w.layers())
    out = {f"W{k}": np.array(memoryview(w.matrix(k))).reshape(layers[k - 1], layers[k])
           for k in range(1, len(layers))}
    out.update({f"W{k}T_minus": np.array(memoryview(w.tMinus(k))).reshape(layers[k], layers[k - 1])
                for k in range(2, len(layers))})
    return out


def assert_same_weights(a, b):
    assert sorted(a) == sorted(b)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)


@pytest.fixture(scope="module")
def trained():
    """Two epochs on the chip engine, recording what the per-epoch callback sees."""
    seen = []

    def on_epoch(epoch, trainer):
        seen.append((epoch, trainer.weights(), trainer.evaluate(samples=100)))

    with nbp.Trainer("mnist20", hidden=HIDDEN, seed=SEED, samples_per_epoch=SAMPLES) as trainer:
        initial = trainer.weights()
        trainer.train(2, on_epoch=on_epoch)
        full = trainer.evaluate()
        report = trainer.energy_report()
        leaks = trainer.slot_violations()
        assert trainer.epochs_done == 2
    return {"initial": initial, "seen": seen, "full": full, "report": report, "leaks": leaks}


def test_training_gives_the_java_trainers_weights_after_every_epoch(J, trained):
    config = (J.NbpTrainerConfig.paper(J.Dataset.MNIST20).withHidden(HIDDEN).withSeed(SEED)
              .withSamplesPerEpoch(SAMPLES))
    with J.NbpTrainer(config) as trainer:
        assert_same_weights(trained["initial"], java_weights(trainer.weights()))
        for epoch, weights, _ in trained["seen"]:
            trainer.train(1, None)
            assert trainer.epochsDone() == epoch
            assert_same_weights(weights, java_weights(trainer.weights()))
    assert [e for e, _, _ in trained["seen"]] == [1, 2]
    w = trained["seen"][-1][1]
    assert w["W1"].shape == (400, HIDDEN) and w["W2"].shape == (HIDDEN, 10) and w["W2T_minus"].shape == (10, HIDDEN)
    assert w["W1"].dtype == np.int32
    assert (w["W1"] != trained["initial"]["W1"]).any(), "training changed W1"


def test_evaluation_matches_the_java_inference_circuit(J, trained):
    _, weights, ev = trained["seen"][-1]
    matrices, minus = jpype.JArray(jpype.JInt, 2)(2), jpype.JArray(jpype.JInt, 2)(2)
    matrices[0], matrices[1] = ints(weights["W1"].ravel()), ints(weights["W2"].ravel())
    minus[1] = ints(weights["W2T_minus"].ravel())
    java_w = J.NbpWeights.of(ints([400, HIDDEN, 10]), matrices, minus)
    test = J.Datasets.load(J.Dataset.MNIST20, J.Split.TEST)
    config = J.BoardConfig.defaults()
    with J.NbpInference(java_w, config.withMapping(config.mapping().withPlacementsHonoured(False))) as inference:
        expected = inference.evaluate(test, 100)
    assert ev.samples == 100
    assert (ev.argmax_correct, ev.exact_matches) == (expected.argmaxCorrect(), expected.exactMatches())
    np.testing.assert_array_equal(ev.predictions, np.array(memoryview(expected.predictions())))
    np.testing.assert_array_equal(ev.output_sums.ravel(), np.array(memoryview(expected.outputSums())))
    assert ev.output_sums.shape == (100, 10)
    np.testing.assert_array_equal(ev.predictions, ev.output_sums.argmax(axis=1))
    assert ev.argmax_accuracy == ev.argmax_correct / 100


def test_standalone_evaluate_scores_the_whole_test_set_like_the_trainer(trained):
    weights = trained["seen"][-1][1]
    full = nbp.evaluate(weights, "mnist20")
    assert full.samples == trained["full"].samples == 10_000
    assert (full.argmax_correct, full.exact_matches) == (trained["full"].argmax_correct,
                                                         trained["full"].exact_matches)
    assert full.argmax_accuracy > 0.15, "40 training samples already beat chance (0.1)"
    part = nbp.evaluate({k: v for k, v in weights.items() if k != "W2T_minus"}, samples=100)
    np.testing.assert_array_equal(part.predictions, trained["seen"][-1][2].predictions)


def test_energy_report_and_slot_violations_of_the_training_run(trained):
    report = trained["report"]
    assert report["steps"] >= 2 * SAMPLES * 12
    assert report["total_energy_pj"] > 0 and report["learning_updates"] > 0
    assert all(isinstance(v, int) and v >= 0 for v in trained["leaks"].values())


def test_initial_weights_reference_engine_and_early_stop(trained):
    initial = {k: v for k, v in trained["initial"].items() if k != "W2T_minus"}     # -W2.T by default
    epochs = []
    with nbp.Trainer(hidden=HIDDEN, seed=SEED, samples_per_epoch=SAMPLES, engine="reference",
                     weights=initial) as trainer:
        trainer.train(5, on_epoch=lambda epoch, t: epochs.append(epoch) or False)
        assert epochs == [1] and trainer.epochs_done == 1
        # the reference algorithm and the chip learn the same weights
        assert_same_weights(trainer.weights(), trained["seen"][0][1])
        with pytest.raises(RuntimeError, match="needs the chip"):
            trainer.energy_report()


def test_several_hidden_layers_and_automatic_placement():
    with nbp.Trainer(hidden=[20, 16], seed=1, samples_per_epoch=5, placement="auto", threads=2) as trainer:
        trainer.train(1)
        w = trainer.weights()
        assert trainer.layers == [400, 20, 16, 10]
    assert {k: v.shape for k, v in w.items()} == {"W1": (400, 20), "W2": (20, 16), "W3": (16, 10),
                                                   "W2T_minus": (16, 20), "W3T_minus": (10, 16)}
    with pytest.raises(RuntimeError, match="closed"):
        trainer.train(1)


def test_bad_nbp_input_is_named():
    with pytest.raises(ValueError, match="unknown data set 'mnist99'"):
        nbp.Trainer("mnist99", hidden=HIDDEN)
    with pytest.raises(ValueError, match="engine 'gpu' is not one of chip, reference"):
        nbp.Trainer(hidden=HIDDEN, engine="gpu")
    good = {"W1": np.zeros((400, 8), dtype=np.int32), "W2": np.zeros((8, 10), dtype=np.int32)}
    with pytest.raises(ValueError, match=r"W2 has shape \(7, 10\), expected \(8, 10\)"):
        nbp.evaluate({**good, "W2": np.zeros((7, 10), dtype=np.int32)}, samples=1)
    with pytest.raises(ValueError, match=r"W2 has 9 outputs, expected 10"):
        nbp.evaluate({**good, "W2": np.zeros((8, 9), dtype=np.int32)}, samples=1)
    with pytest.raises(ValueError, match=r"W1 has 784 inputs, mnist20 has 400"):
        nbp.evaluate({**good, "W1": np.zeros((784, 8), dtype=np.int32)}, samples=1)
    with pytest.raises(TypeError, match=r"W1: dtype float32"):
        nbp.evaluate({**good, "W1": np.zeros((400, 8), dtype=np.float32)}, samples=1)
    with pytest.raises(ValueError, match=r"W1\[0, 0\] = 300 is outside -256..254"):
        nbp.evaluate({**good, "W1": np.full((400, 8), 300)}, samples=1)
    with pytest.raises(ValueError, match=r"W1\[0, 0\] = 3 is odd"):
        nbp.evaluate({**good, "W1": np.full((400, 8), 3)}, samples=1)
    with pytest.raises(ValueError, match="unknown entry 'W9'"):
        nbp.Trainer(hidden=8, weights={**good, "W9": good["W1"]})
