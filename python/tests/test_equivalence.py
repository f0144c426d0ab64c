"""The same network described through the Python API and through the Java API (driven directly with JPype) runs
identically: same u, v and spikes every step, same weights after learning."""

import jpype
import numpy as np
import pytest

import loihi_emu as le
from conftest import rows

STEPS = 60
RULE = "2*x1*y0 - 2*y1*x0"


@pytest.fixture(scope="module")
def spec():
    """A network of two groups with noise, a masked dense, a sparse (per-synapse delays) and a plastic connection,
    and host spikes for two runs: everything drawn once from a seeded generator."""
    r = np.random.default_rng(20)
    mask = r.random((40, 30)) < 0.7
    pairs = r.choice(30 * 25, size=100, replace=False)
    spikes = r.random((STEPS, 30)) < 0.25              # [step, port]
    return {
        "w_in_a": (r.integers(-128, 128, size=(40, 30)) * 2).astype(np.int32),
        "mask": mask,
        "sparse_sources": (pairs // 25).astype(np.int32),
        "sparse_targets": (pairs % 25).astype(np.int32),
        "sparse_weights": r.integers(0, 256, size=100).astype(np.int32),
        "sparse_delays": r.integers(0, 7, size=100).astype(np.int32),
        "w_a_b": (r.integers(-60, 100, size=(25, 40)) * 2).astype(np.int32),
        "spike_times": np.nonzero(spikes)[0].astype(np.int64),   # stamps 0..59
        "spike_ports": np.nonzero(spikes)[1].astype(np.int32),
    }


def run_python(spec):
    net = le.Network()
    inp = net.spike_generator("in", 30)
    a = net.compartment_group("a", 40, current_decay=400, voltage_decay=200, v_th_mant=40, refractory_delay=2,
                              bias_mant=3, enable_noise=True, noise_exp=6)
    b = net.compartment_group("b", 25, current_decay=1024, voltage_decay=512, v_th_mant=60,
                              enable_spike_backprop=True, noise_exp=6)
    rule = le.LearningRule(dw=RULE, x1=(20, 4), y1=(20, 4), t_epoch=2)
    c1 = net.connect(inp, a, spec["w_in_a"], mask=spec["mask"])
    c2 = net.connect(inp, b, sparse=(spec["sparse_sources"], spec["sparse_targets"], spec["sparse_weights"],
                                     spec["sparse_delays"]), sign_mode="excitatory")
    c3 = net.connect(a, b, spec["w_a_b"], learning_rule=rule)
    with net.compile(threads=2, seed=5) as board:
        state = board.probe_compartments(a)
        spikes = board.probe_spikes(b)
        t, p = spec["spike_times"], spec["spike_ports"]
        first = t <= 30
        board.spike_input(inp).add(p[first], t[first])
        board.run(30)
        board.spike_input(inp).add(p[~first], t[~first])
        board.run(STEPS - 30)
        return {"u": state.u, "v": state.v, "spiked": state.spikes, "times": state.times,
                "b_times": spikes.times, "b_indices": spikes.indices,
                "weights": [board.weights(c) for c in (c1, c2, c3)]}


def run_java(J, spec):
    JInt, JBool = jpype.JInt, jpype.JBoolean
    net = J.Network()
    inp = net.createSpikeGenerator("in", 30)
    a = net.createCompartmentGroup("a", 40, J.CompartmentPrototype.builder().currentDecay(400).voltageDecay(200)
                                   .vThMant(40).refractoryDelay(2).biasMant(3).enableNoise(True).noiseExp(6).build())
    b = net.createCompartmentGroup("b", 25, J.CompartmentPrototype.builder().currentDecay(1024).voltageDecay(512)
                                   .vThMant(60).enableSpikeBackprop(True).noiseExp(6).build())
    rule = J.LearningRuleSpec.builder().dw(RULE).x1(20.0, 4).y1(20.0, 4).tEpoch(2).build()
    plain = J.ConnectionPrototype.builder().build()
    c1 = net.connect(inp, a, plain, J.Topology.matrix(jpype.JArray(JInt, 2)(spec["w_in_a"].tolist()),
                                                      jpype.JArray(JBool, 2)(spec["mask"].tolist())))
    c2 = net.connect(inp, b, J.ConnectionPrototype.builder().signMode(J.SignMode.EXCITATORY).build(),
                     J.Topology.sparse(*(jpype.JArray(JInt)(spec[k].tolist()) for k in
                                         ("sparse_sources", "sparse_targets", "sparse_weights", "sparse_delays"))))
    c3 = net.connect(a, b, J.ConnectionPrototype.builder().learningRule(rule).build(),
                     J.Topology.allToAll(jpype.JArray(JInt, 2)(spec["w_a_b"].tolist())))
    board = J.Board.compile(net, J.BoardConfig.defaults().withThreads(2).withSeed(5))
    try:
        state = board.probeCompartments(a)
        spikes = board.probeSpikes(b)
        events = list(zip(spec["spike_ports"].tolist(), spec["spike_times"].tolist()))
        for port, t in events:
            if t <= 30:
                board.spikeInput(inp).addSpike(port, t)
        board.run(30)
        for port, t in events:
            if t > 30:
                board.spikeInput(inp).addSpike(port, t)
        board.run(STEPS - 30)
        weights = []
        for c in (c1, c2, c3):
            w = np.array(memoryview(board.weights(c)), dtype=np.int32)
            source = np.array([c.synapseSource(k) for k in range(c.synapseCount())])
            target = np.array([c.synapseTarget(k) for k in range(c.synapseCount())])
            weights.append((source, target, w))
        return {"u": rows(state.currents(), np.int32), "v": rows(state.voltages(), np.int32),
                "spiked": rows(state.spikes(), np.bool_), "times": np.array(memoryview(state.times())),
                "b_times": np.array(memoryview(spikes.times())), "b_indices": np.array(memoryview(spikes.indices())),
                "weights": weights}
    finally:
        board.close()


@pytest.fixture(scope="module")
def both(J, spec):
    return run_python(spec), run_java(J, spec)


def test_compartment_state_and_spikes_are_identical(both):
    py, jv = both
    assert py["u"].dtype == np.int32 and py["v"].dtype == np.int32 and py["spiked"].dtype == np.bool_
    assert py["u"].shape == (STEPS, 40)
    np.testing.assert_array_equal(py["times"], np.arange(1, STEPS + 1))
    for key in ("u", "v", "spiked", "times", "b_times", "b_indices"):
        np.testing.assert_array_equal(py[key], jv[key], err_msg=key)
    assert py["spiked"].sum() > 20 and py["b_times"].size > 20, "the comparison needs spikes in both groups"


def test_weights_are_identical_in_each_layout(both, spec):
    py, jv = both
    # dense (masked): [target, source], 0 where the mask leaves no synapse
    source, target, w = jv["weights"][0]
    expected = np.zeros((40, 30), dtype=np.int32)
    expected[target, source] = w
    np.testing.assert_array_equal(py["weights"][0], expected)
    np.testing.assert_array_equal(expected, spec["w_in_a"] * spec["mask"])     # static: the initial weights
    # sparse: one weight per given (source, target), in the given order
    source, target, w = jv["weights"][1]
    by_pair = dict(zip(zip(source.tolist(), target.tolist()), w.tolist()))
    expected = [by_pair[p] for p in zip(spec["sparse_sources"].tolist(), spec["sparse_targets"].tolist())]
    np.testing.assert_array_equal(py["weights"][1], expected)
    # dense and plastic: learning changed it, identically
    source, target, w = jv["weights"][2]
    expected = np.zeros((25, 40), dtype=np.int32)
    expected[target, source] = w
    np.testing.assert_array_equal(py["weights"][2], expected)
    assert (expected != spec["w_a_b"]).sum() > 10, "the STDP rule should have changed weights"
