"""NIR graphs from Python: the samples load, map and run, spiking exactly as the Java API driven directly."""

import jpype
import numpy as np
import pytest

import loihi_emu as le
from loihi_emu import _jvm

SAMPLES = _jvm.repository_root() / "loihi-nir" / "src" / "test" / "resources" / "nir-samples"
BRAILLE_DT = 1e-4


@pytest.fixture(scope="module")
def N():
    """loihi-nir's and loihi-core's Java classes, driven directly."""
    le.start_jvm()
    names = {
        "Path": "java.nio.file.Path",
        "NirReader": "io.github.loihiemu.nir.NirReader",
        "Mode": "io.github.loihiemu.nir.NirReader$Mode",
        "NirMapper": "io.github.loihiemu.nir.NirMapper",
        "MapOptions": "io.github.loihiemu.nir.MapOptions",
        "Board": "io.github.loihiemu.core.chip.Board",
        "BoardConfig": "io.github.loihiemu.core.chip.BoardConfig",
    }
    return type("N", (), {k: jpype.JClass(v) for k, v in names.items()})


def java_mapping(N, name, dt=1e-3, repair=False):
    mode = N.Mode.REPAIR if repair else N.Mode.STRICT
    graph = N.NirReader.read(N.Path.of(str(SAMPLES / name)), mode)
    return N.NirMapper.map(graph, N.MapOptions.defaults().withDt(dt))


def java_run(N, mapping, spikes, threads=1, seed=0):
    """The Java API driven as loihi-nir's tests drive it: spike (t, port) stamped t, run T steps, every part probed.

    Returns {neuron node: bool [T, size]}, built one recorded spike at a time (test code only)."""
    steps = spikes.shape[0]
    config = N.BoardConfig.defaults().withThreads(threads).withSeed(seed)
    out = {}
    with N.Board.compile(mapping.network(), config) as board:
        probes = {str(n): [(board.probeSpikes(p.group()), p) for p in mapping.parts(n)]
                  for n in mapping.neurons().keySet()}
        spike_input = board.spikeInput(next(iter(mapping.inputs().values())))
        for t, port in zip(*np.nonzero(spikes)):
            spike_input.addSpike(int(port), int(t))
        board.run(steps)
        for node, parts in probes.items():
            size = sum(len(p.neurons()) for _, p in parts)
            m = np.zeros((steps, size), dtype=bool)
            for probe, part in parts:
                for k in range(probe.size()):
                    m[probe.time(k) - 1, part.neuron(probe.index(k))] = True
            out[node] = m
    return out


def random_spikes(steps, size, p, seed):
    return np.random.default_rng(seed).random((steps, size)) < p


@pytest.mark.parametrize("name, dt, repair, p", [
    ("lif_norse.nir", 1e-3, False, 0.3),
    ("lif_rockpool.nir", 1e-3, False, 0.3),
    ("two_lif_neurons.nir", 1e-3, False, 0.3),
    ("braille_noDelay_bias_zero_subgraph.nir", BRAILLE_DT, True, 0.1),
])
def test_samples_spike_as_the_java_api_driven_directly(N, name, dt, repair, p):
    model = le.load_nir(SAMPLES / name, dt=dt, repair=repair)
    spikes = random_spikes(200, sum(model.inputs.values()), p, seed=len(name))
    with model.compile() as board:
        got = board.run(spikes)
    expected = java_run(N, java_mapping(N, name, dt, repair), spikes)
    assert set(expected) == set(model.neurons)
    total = 0
    for node, m in expected.items():
        assert got[node].dtype == np.bool_ and got[node].shape == (200, model.neurons[node])
        np.testing.assert_array_equal(got[node], m, err_msg=f"{name}: {node}")
        total += int(m.sum())
    assert total > 0, "the comparison has spikes to compare"


def test_integer_counts_threads_and_runs_in_pieces_give_the_same_spikes(N):
    model = le.load_nir(SAMPLES / "two_lif_neurons.nir")
    spikes = random_spikes(120, 1, 0.3, seed=5)
    spikes[60] = False                              # a later run's first row is for a step already run
    expected = java_run(N, java_mapping(N, "two_lif_neurons.nir"), spikes)
    with model.compile(threads=2, seed=3) as board:
        first = board.run(spikes[:60].astype(np.int8))
        assert board.time == 60
        second = board.run(spikes[60:].astype(np.int64))
    np.testing.assert_array_equal(np.concatenate([first["lif1"], second["lif1"]]), expected["lif1"])
    np.testing.assert_array_equal(np.concatenate([first["lif2"], second["lif2"]]), expected["lif2"])
    # the Output node names the neuron node whose spikes it shows
    assert model.outputs == {"out": "lif2"}
    assert first["out"] is first["lif2"]


def test_nodes_sizes_and_the_quantisation_report():
    model = le.load_nir(SAMPLES / "lif_norse.nir")
    assert model.dt == 1e-3 and model.v_th_mant == 16384
    assert model.inputs == {"input": 1} and model.neurons == {"1": 1}
    assert model.nodes["1"] == {"type": "LIF", "input_shape": (1,), "output_shape": (1,)}
    assert set(model.nodes) == {"0", "1", "input", "output"} and model.nodes["0"]["type"] == "Affine"
    assert model.report_text.startswith("quantisation at dt = ")
    assert "neuron node" in model.report_text and "input -> 1" in model.report_text
    r = model.report
    assert r["dt"] == 1e-3
    assert r["notes"] == ["'1': threshold mantissa 7372 instead of 16384, so that one step's input cannot wrap the "
                          "22-bit dendritic accumulator: all synapses of one sign spiking in one step would bring "
                          "4.000 levels, and 90% of 2^21 - 1 must hold that (the margin covers the weights' rounding)"]
    assert r["notes"][0] in model.report_text
    (neuron,) = r["neurons"]
    assert neuron["node"] == "1" and neuron["type"] == "LIF" and neuron["voltage_decay"] == 1638
    assert neuron["v_th_mant"] == 7372 and neuron["size"] == 1 and neuron["threshold_error"] == 0.0
    (connection,) = r["connections"]
    assert (connection["source"], connection["target"]) == ("input", "1")
    assert connection["max_weight"] == pytest.approx(4.0, abs=1e-6)
    assert connection["sign_mode"] == "excitatory" and connection["bits"] == 8
    assert (connection["min_delay"], connection["max_delay"]) == (0, 0)
    assert "NirModel('lif_norse.nir', dt 0.001 s" in repr(model)


def test_braille_nodes_the_options_and_the_repair_note():
    model = le.load_nir(str(SAMPLES / "braille_noDelay_bias_zero_subgraph.nir"), dt=BRAILLE_DT, repair=True,
                        v_th_mant=4096)
    assert model.inputs == {"input": 12} and model.neurons == {"lif1.lif1": 38, "lif2": 7}
    assert model.outputs == {"output": "lif2"}
    assert any("lif" in note for note in model.notes), model.notes
    assert all(n["v_th_mant"] <= 4096 for n in model.report["neurons"])
    assert len(model.report["connections"]) == 3 and model.report["notes"]


def test_energy_report_and_closing():
    model = le.load_nir(SAMPLES / "lif_norse.nir")
    board = model.compile()
    with board:
        board.run(np.ones((10, 1), dtype=bool))
        energy = board.energy_report()
        assert energy["steps"] == 10 and energy["spikes"] > 0 and energy["total_energy_pj"] > 0
        board.reset_energy()
        assert board.energy_report()["steps"] == 0
    with pytest.raises(RuntimeError, match="closed"):
        board.run(np.zeros((1, 1), dtype=bool))


@pytest.fixture(scope="module")
def board():
    with le.load_nir(SAMPLES / "two_lif_neurons.nir").compile() as b:
        yield b


@pytest.mark.parametrize("spikes, error, text", [
    (np.zeros((10, 2), dtype=bool), ValueError, r"Input node 'in': shape \(10, 2\), expected \[steps, 1\]"),
    (np.zeros(10, dtype=bool), ValueError, r"shape \(10,\), expected \[steps, 1\]"),
    (np.zeros((10, 1)), TypeError, "dtype float64 is neither bool nor an integer dtype"),
    (np.full((3, 1), 2), ValueError, "2 spikes at row 0, port 0; a port sends at most one spike per step"),
    (np.full((3, 1), -1), ValueError, "-1 spikes at row 0, port 0"),
    ({"nope": np.zeros((3, 1), dtype=bool)}, ValueError, "no Input node 'nope'; the Input nodes are in"),
])
def test_bad_input_arrays_are_named(board, spikes, error, text):
    with pytest.raises(error, match=text):
        board.run(spikes)
    assert board.time == 0, "nothing ran"


def test_a_later_run_cannot_send_spikes_for_a_step_already_run():
    with le.load_nir(SAMPLES / "two_lif_neurons.nir").compile() as board:
        board.run(np.zeros((5, 1), dtype=bool), steps=7)
        assert board.time == 7
        with pytest.raises(ValueError, match="input row 0 of Input node 'in' is for step 7, which the board already"):
            board.run(np.ones((3, 1), dtype=bool))
        with pytest.raises(ValueError, match="steps = 2 is less than the input's 3 rows"):
            board.run(np.zeros((3, 1), dtype=bool), steps=2)


def test_bad_files_and_graphs_raise_python_exceptions_naming_the_problem(tmp_path):
    text = tmp_path / "notes.nir"
    text.write_text("not a NIR graph\n")
    with pytest.raises(le.NirFormatError, match="notes.nir: not an HDF5 file") as e:
        le.load_nir(text)
    assert isinstance(e.value, ValueError) and "\n" not in str(e.value)
    with pytest.raises(le.NirFormatError, match="REPAIR"):
        le.load_nir(SAMPLES / "braille_noDelay_bias_zero_subgraph.nir", dt=BRAILLE_DT)
    with pytest.raises(FileNotFoundError, match="load_nir: no file .*missing.nir"):
        le.load_nir(tmp_path / "missing.nir")
    with pytest.raises(ValueError, match="dt = -0.001 must be a positive number of seconds"):
        le.load_nir(SAMPLES / "lif_norse.nir", dt=-1e-3)
    with pytest.raises(ValueError, match="vThMant = 0 is outside 1..131071"):
        le.load_nir(SAMPLES / "lif_norse.nir", v_th_mant=0)
    with pytest.raises(TypeError, match="dt must be a number of seconds"):
        le.load_nir(SAMPLES / "lif_norse.nir", dt="1ms")


def test_the_sinabs_cnn_maps_compiles_and_runs():
    # convolutions and pooling become sparse connections; the packer counts their rows' index bits, so every core
    # fits its synaptic memory
    cnn = le.load_nir(SAMPLES / "cnn_sinabs.nir")
    rng = np.random.default_rng(1)
    with cnn.compile() as board:
        out = board.run(rng.random((5, *cnn.inputs.values())) < 0.2)
    assert set(out) == {"1", "10", "12", "3", "6", "output"}
    assert out["12"].shape == (5, 10) and out["1"].shape == (5, 16 * 16 * 16)


def test_reading_a_graph_logs_nothing(capfd):
    """jhdf logs INFO for every dataset it reads; the package's logback configuration (warnings only) hides it."""
    le.load_nir(SAMPLES / "braille_noDelay_bias_zero.nir", dt=BRAILLE_DT)
    out, err = capfd.readouterr()
    assert "INFO" not in out + err and "io.jhdf" not in out + err


def test_the_example_of_docs_python_md_runs_as_written(monkeypatch):
    import re
    docs = _jvm.repository_root() / "docs" / "python.md"
    text = docs.read_text(encoding="utf-8")
    code = re.compile(r"```python\n(.*?)```", re.S).search(text, text.index("## NIR graphs")).group(1)
    monkeypatch.chdir(docs.parent.parent)
    scope = {"np": np, "le": le}
    exec(compile(code, "docs/python.md", "exec"), scope)
    assert set(scope["counts"]) == {"lif1.lif", "lif2", "output"}
    assert scope["counts"]["lif1.lif"].shape == (38,) and scope["counts"]["output"].shape == (7,)
    assert scope["counts"]["lif2"].sum() > 0 and scope["energy"]["steps"] == 256


def test_a_graph_built_in_java_with_an_output_of_the_input(N, tmp_path):
    """Input [4] -> Linear -> LIF, with one Output of the LIF and one straight after the Input (NirWriter's file)."""
    nir = "io.github.loihiemu.nir."
    NirNode, NodeType, NirArray = (jpype.JClass(nir + n) for n in ("NirNode", "NodeType", "NirArray"))
    NirGraph, NirEdge, NirWriter = (jpype.JClass(nir + n) for n in ("NirGraph", "NirEdge", "NirWriter"))
    HashMap, ArrayList = jpype.JClass("java.util.LinkedHashMap"), jpype.JClass("java.util.ArrayList")

    def node(name, kind, **parameters):
        p = HashMap()
        for key, value in parameters.items():
            p.put(key, value)
        return NirNode.of(name, getattr(NodeType, kind), p)

    def f64(shape, values):
        return NirArray.float64(jpype.JArray(jpype.JInt)(shape), values)

    nodes = ArrayList([
        node("in", "INPUT", shape=NirArray.int64([4])),
        node("w", "LINEAR", weight=f64([4, 4], [3.0 if i % 5 == 0 else 0.0 for i in range(16)])),
        node("lif", "LIF", tau=f64([4], [0.01] * 4), r=f64([4], [1.0] * 4), v_leak=f64([4], [0.0] * 4),
             v_threshold=f64([4], [1.0] * 4)),
        node("out", "OUTPUT", shape=NirArray.int64([4])),
        node("echo", "OUTPUT", shape=NirArray.int64([4])),
    ])
    edges = ArrayList([NirEdge(a, b) for a, b in (("in", "w"), ("w", "lif"), ("lif", "out"), ("in", "echo"))])
    path = tmp_path / "built.nir"
    NirWriter.write(NirGraph.of(nodes, edges), N.Path.of(str(path)))
    model = le.load_nir(path)
    assert model.inputs == {"in": 4} and model.neurons == {"lif": 4}
    assert model.outputs == {"out": "lif", "echo": "in"}
    spikes = np.zeros((6, 4), dtype=np.uint8)
    spikes[:, 1] = 1
    with model.compile() as board:
        out = board.run(spikes, steps=8)
    assert set(out) == {"lif", "out", "echo"} and out["out"] is out["lif"]
    np.testing.assert_array_equal(out["echo"][:6], spikes.astype(bool))
    assert out["echo"].shape == (8, 4) and not out["echo"][6:].any()
    # weight 3 * dt/tau 0.1 = 0.3 of the threshold per spike: v 0.3, 0.57, 0.813, 1.03 -> a spike in row 3
    assert np.flatnonzero(out["lif"][:, 1]).tolist()[:1] == [3] and not out["lif"][:, [0, 2, 3]].any()


def _python_network():
    net = le.Network()
    gen = net.spike_generator("in", 4)
    a = net.compartment_group("a", 3, current_decay=1000, voltage_decay=300, v_th_mant=50, bias_mant=5, bias_exp=1)
    b = net.compartment_group("b", 2, current_decay=4096, voltage_decay=200, v_th_mant=80)
    net.connect(gen, a, np.array([[40, -20, 60, 10], [0, 80, -40, 30], [70, 10, 0, -60]]), weight_exponent=1)
    net.connect(a, b, np.array([[100, 0, 50], [30, 90, 0]]), sign_mode="excitatory", num_weight_bits=6,
                weight_exponent=2)
    return net, gen, (a, b)


def test_save_nir_writes_a_network_that_loads_back_and_spikes_identically(tmp_path):
    net, gen, groups = _python_network()
    path = le.save_nir(net, tmp_path / "mine.nir", dt=2e-3)
    model = le.load_nir(path)                       # the dt recorded in the graph's metadata
    assert (model.dt, model.dt_source) == (2e-3, "graph")
    assert le.load_nir(path, dt=1e-3).dt_source == "given"
    assert le.load_nir(SAMPLES / "lif_norse.nir").dt_source == "default"
    assert model.nodes["a"]["type"] == "CubaLIF" and model.nodes["b"]["type"] == "LIF"
    assert model.outputs == {"output": "b"}
    assert [n["v_th_mant"] for n in model.report["neurons"]] == [50, 80]
    rng = np.random.default_rng(4)
    spikes = rng.random((150, 4)) < 0.4
    with model.compile() as board:
        back = board.run(spikes)
    with le.Board(net) as board:
        probes = [board.probe_spikes(g) for g in groups]
        t, k = np.nonzero(spikes)
        board.spike_input(gen).add(k, t)
        board.run(150)
        for g, probe in zip(groups, probes):
            direct = np.zeros((150, len(g)), dtype=bool)
            direct[np.asarray(probe.times) - 1, np.asarray(probe.indices)] = True
            assert direct.sum() > 5, g.name
            np.testing.assert_array_equal(direct, back[g.name])


def test_save_nir_refusals_name_the_group_and_check_the_folder_first(tmp_path):
    net = le.Network()
    net.compartment_group("slow", 2, voltage_decay=10, current_decay=4096, refractory_delay=3)
    with pytest.raises(le.NirExportError, match="^group 'slow': refractory delay 3: NIR's neurons have no "
                                                  "refractory period$"):
        le.save_nir(net, tmp_path / "x.nir")
    with pytest.raises(ValueError, match="the folder .* does not exist"):
        le.save_nir(_python_network()[0], tmp_path / "no" / "x.nir")
    with pytest.raises(TypeError, match="save_nir: network must be a loihi_emu.Network"):
        le.save_nir("net", tmp_path / "x.nir")
