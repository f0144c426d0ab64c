"""Each call of the Python API, against the Java API's answer where there is one."""

import numpy as np
import pytest

import loihi_emu as le

HOLD = dict(current_decay=0, voltage_decay=0, v_th_mant=100_000)     # integrates, never fires


def test_compartment_group_takes_every_prototype_parameter():
    net = le.Network()
    given = dict(current_decay=100, voltage_decay=200, v_th_mant=300, bias_mant=-5, bias_exp=2, refractory_delay=3,
                 enable_spike_backprop=True, enable_noise=True, v_min_exp=20, v_max_exp=6, noise_exp=4,
                 noise_mant_offset=-7, noise_at_voltage=True)
    g = net.compartment_group("g", 7, **given)
    assert g.prototype == given
    assert (g.name, g.size, len(g)) == ("g", 7, 7)
    # the register form of the current decay: the chip adds one
    assert net.compartment_group("r", 1, current_decay_register=4095).prototype["current_decay"] == 4096
    assert set(le.PROTOTYPE_PARAMETERS) == set(given) | {"current_decay_register"}
    assert len(net.groups) == 2 and net.groups[0] is g and "2 groups" in repr(net)


def test_spike_input_schedules_each_port_and_time():
    net = le.Network()
    inp = net.spike_generator("in", 3)
    g = net.compartment_group("g", 3, **HOLD)
    c = net.connect(inp, g, np.diag([10, 20, 30]), mask=np.eye(3, dtype=bool), sign_mode="excitatory")
    assert c.synapse_count == 3 and c.dense
    with net.compile() as board:
        state = board.probe_compartments(g)
        spikes_in = board.spike_input(inp)
        assert board.spike_input(inp) is spikes_in
        spikes_in.add([0, 1, 2], [0, 2, 2])          # pairs
        spikes_in.add(2, [4, 5])                     # one port, several times (broadcast)
        spikes_in.add([], [])                        # nothing
        assert spikes_in.pending == 5
        board.run(6)
        assert board.time == 6 and spikes_in.pending == 0
        # a spike stamped t arrives at t + 1; u (no decay) sums the weights that arrived
        np.testing.assert_array_equal(state.u[:, 0], [10 * 64] * 6)
        np.testing.assert_array_equal(state.u[:, 1], [0, 0, 20 * 64, 20 * 64, 20 * 64, 20 * 64])
        np.testing.assert_array_equal(state.u[:, 2], np.array([0, 0, 1, 1, 2, 3]) * 30 * 64)
        spikes_in.add(0, 9)
        spikes_in.clear()
        assert spikes_in.pending == 0


def test_probes_read_as_numpy_arrays_with_start_and_interval(J):
    net = le.Network()
    inp = net.spike_generator("in", 4)
    g = net.compartment_group("g", 5, current_decay=2048, voltage_decay=1024, v_th_mant=5)
    net.connect(inp, g, np.full((5, 4), 100), sign_mode="excitatory")
    with net.compile() as board:
        every = board.probe_compartments(g)
        sparse = board.probe_compartments(g, start=3, interval=4)
        spikes = board.probe_spikes(g)
        later = board.probe_spikes(g, start=10, interval=2)
        board.spike_input(inp).add(np.arange(4)[:, None], np.arange(0, 20, 3))
        board.run(20)
        assert len(every) == 20 and len(sparse) == 5
        np.testing.assert_array_equal(sparse.times, [3, 7, 11, 15, 19])
        np.testing.assert_array_equal(sparse.u, every.u[sparse.times - 1])
        np.testing.assert_array_equal(sparse.v, every.v[sparse.times - 1])
        np.testing.assert_array_equal(sparse.spikes, every.spikes[sparse.times - 1])
        t, i = np.nonzero(every.spikes)
        np.testing.assert_array_equal(spikes.times, t + 1)
        np.testing.assert_array_equal(spikes.indices, i)
        assert len(spikes) == t.size > 10
        np.testing.assert_array_equal(spikes.counts, every.spikes.sum(axis=0))
        keep = (spikes.times >= 10) & (spikes.times % 2 == 0)
        np.testing.assert_array_equal(later.times, spikes.times[keep])
        spikes.clear()
        every.clear()
        assert len(spikes) == 0 and len(every) == 0 and every.u.shape == (0, 5)


def test_weights_round_trip_in_dense_masked_and_sparse_layouts():
    net = le.Network()
    inp = net.spike_generator("in", 3)
    g = net.compartment_group("g", 4, **HOLD)
    dense = net.connect(inp, g, np.arange(12, dtype=np.int64).reshape(4, 3) * 2)
    mask = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=bool)
    masked = net.connect(inp, g, np.full((4, 3), 8), mask=mask)
    sparse = net.connect(inp, g, sparse=([2, 0, 1], [3, 1, 0], [6, 4, 2]))
    uniform = net.connect(inp, g, 40)
    with net.compile() as board:
        np.testing.assert_array_equal(board.weights(dense), np.arange(12).reshape(4, 3) * 2)
        np.testing.assert_array_equal(board.weights(masked), mask * 8)
        np.testing.assert_array_equal(board.weights(sparse), [6, 4, 2])       # the order given
        np.testing.assert_array_equal(board.weights(uniform), np.full((4, 3), 40))
        assert board.weights(dense).dtype == np.int32
        board.set_weights(dense, -np.arange(12).reshape(4, 3) * 2)
        board.set_weights(masked, np.where(mask, 10, 99))                    # entries outside the mask: ignored
        board.set_weights(sparse, np.array([-6, -4, -2], dtype=np.int16))
        np.testing.assert_array_equal(board.weights(dense), -np.arange(12).reshape(4, 3) * 2)
        np.testing.assert_array_equal(board.weights(masked), mask * 10)
        np.testing.assert_array_equal(board.weights(sparse), [-6, -4, -2])
        # each synapse took its new weight: one spike per port shows each target's column sums
        state = board.probe_compartments(g)
        board.spike_input(inp).add([0, 1, 2], 1)
        board.run(2)
        expected = (-np.arange(12).reshape(4, 3) * 2).sum(1) + (mask * 10).sum(1) + np.array([-2, -4, 0, -6]) + 120
        np.testing.assert_array_equal(state.u[-1], expected * 64)


def test_sparse_delays_and_longer_dendritic_accumulators():
    net = le.Network()
    inp = net.spike_generator("in", 1)
    g = net.compartment_group("g", 3, **HOLD)
    net.connect(inp, g, sparse=([0, 0, 0], [0, 1, 2], [10, 10, 10], [0, 5, 12]), sign_mode="excitatory")
    with pytest.raises(ValueError, match="delay"):
        net.compile()                                # 12 > 8 - 2
    with net.compile(dendritic_accumulators=16) as board:
        state = board.probe_compartments(g)
        board.spike_input(inp).add(0, 0)
        board.run(14)
        arrival = state.u.argmax(axis=0) + 1     # the first step with the weight
        np.testing.assert_array_equal(arrival, [1, 6, 13])


def test_set_currents_and_voltages():
    net = le.Network()
    g = net.compartment_group("g", 3, **HOLD)
    with net.compile() as board:
        board.set_currents(g, [5, -6, 7])
        board.set_voltages(g, np.array([100, 200, 300], dtype=np.int64))
        state = board.probe_compartments(g)
        board.run(1)
        np.testing.assert_array_equal(state.u[0], [5, -6, 7])
        np.testing.assert_array_equal(state.v[0], [105, 194, 307])


def test_per_compartment_biases():
    net = le.Network()
    g = net.compartment_group("g", 3, current_decay=4096, voltage_decay=0, v_th_mant=40, refractory_delay=3)
    net.set_biases(g, [100, 50, -7], [3, 3, 0])      # biases 800, 400, -7 (docs/loihi-semantics.md, example B)
    with pytest.raises(ValueError, match=r"setBiases g: biasExp\[1\] = 8 is outside 0..7"):
        net.set_biases(g, [0, 0, 0], [0, 8, 0])
    with net.compile() as board:
        state = board.probe_compartments(g)
        board.run(7)
        np.testing.assert_array_equal(state.v[:, 0], [800, 1600, 2400, 0, 0, 0, 800])
        np.testing.assert_array_equal(state.v[:6, 1], [400, 800, 1200, 1600, 2000, 2400])
        np.testing.assert_array_equal(state.v[:, 2], -7 * np.arange(1, 8))
        np.testing.assert_array_equal(np.flatnonzero(state.spikes[:, 1]), [6])   # step 7 is row 6


def test_energy_report_is_a_dict_of_the_java_report(J):
    net = le.Network()
    inp = net.spike_generator("in", 10)
    g = net.compartment_group("g", 10, v_th_mant=1, current_decay=4096, voltage_decay=4096)
    net.connect(inp, g, np.full((10, 10), 100))
    with net.compile() as board:
        board.spike_input(inp).add(np.arange(10), 1)
        board.run(5)
        report = board.energy_report()
        java = board._java.energyReport()
        phases = ["spiking", "pre_learn_management", "learning", "management", "host"]
        assert list(report["dynamic_pj"]) == phases and list(report["time_ns"]) == phases
        assert report["dynamic_pj"]["spiking"] == java.energyPj(J.Phase.SPIKING) > 0
        assert report["total_energy_pj"] == java.totalEnergyPj()
        assert report["total_time_ns"] == java.totalTimeNs()
        assert report["energy_delay_product"] == java.energyDelayProduct()
        assert report["static_pj"] == java.staticPj()
        assert (report["steps"], report["spikes"], report["synaptic_events"]) == (5, 10, 100)
        assert report["parameter_set"] == str(java.parameterSet())
        assert report["cores"] == len(report["core_spiking_ns"]) == 1
        assert report["chips"] == 1 and report["busiest_spiking_core"] == 0
        board.reset_energy()
        assert board.energy_report()["steps"] == 0


def test_threads_and_seed_reach_the_board():
    def run(threads, seed):
        net = le.Network()
        g = net.compartment_group("g", 300, enable_noise=True, noise_exp=7, bias_mant=300, v_th_mant=50,
                                  current_decay=4096, voltage_decay=300)
        net.place(g, 0, 3)                              # three cores, so that two threads share the work
        with net.compile(threads=threads, seed=seed) as board:
            spikes = board.probe_spikes(g)
            board.run(50)
            assert board.energy_report()["cores"] == 3
            return spikes.times, spikes.indices

    one, two, other = run(1, 9), run(2, 9), run(1, 10)
    np.testing.assert_array_equal(one[0], two[0])
    np.testing.assert_array_equal(one[1], two[1])
    assert one[0].size > 100
    assert one[0].size != other[0].size or (one[1] != other[1]).any(), "another seed, other noise"


def test_reinforcement_channel_drives_a_reward_rule():
    net = le.Network()
    inp = net.spike_generator("in", 2)
    reward = net.spike_generator("reward", 1)
    g = net.compartment_group("g", 2, **HOLD)
    rule = le.LearningRule(dw="u0*r1", r1=(10, 100))
    c = net.connect(inp, g, np.full((2, 2), 20), learning_rule=rule)
    net.connect_reinforcement(reward, 0, rule)
    with net.compile() as board:
        board.run(3)
        np.testing.assert_array_equal(board.weights(c), np.full((2, 2), 20))
        board.spike_input(reward).add(0, 5)
        board.run(5)
        assert (board.weights(c) > 20).all()


def test_context_manager_closes_and_a_closed_board_refuses_to_run():
    net = le.Network()
    g = net.compartment_group("g", 1)
    with net.compile() as board:
        state = board.probe_compartments(g)
        board.run(2)
    with pytest.raises(RuntimeError, match="closed"):
        board.run(1)
    assert len(state) == 2                       # probes stay readable
    board.close()                                # twice is fine
    assert "closed" in repr(board)


def test_learning_rule_keeps_its_text():
    rule = le.LearningRule(dw="dw = x1*y0", dd="x0", x1=(1.5, 0), t_epoch=4)
    assert rule.dw == "dw = x1*y0" and rule.t_epoch == 4
    assert "tEpoch=4" in repr(rule)


def test_the_running_jvm_has_the_class_path_it_was_given():
    jars = le.class_path()
    assert jars and all(j.endswith(".jar") for j in jars)
    le.start_jvm()                               # a second start is a no-op
    import jpype
    running = str(jpype.java.lang.System.getProperty("java.class.path"))
    assert all(j in running for j in jars)


def test_compute_layout_changes_speed_never_results():
    net = le.Network()
    inp = net.spike_generator("in", 8)
    fire = dict(current_decay=4096, voltage_decay=4096, v_th_mant=3)
    a = net.compartment_group("a", 40, **fire)
    b = net.compartment_group("b", 40, **fire)
    net.place(a, 0, 10)
    net.place(b, 0, 10)
    net.connect(inp, a, np.arange(320).reshape(40, 8) % 7 * 36)
    net.connect(a, b, (np.arange(1600).reshape(40, 40) % 5) * 20)
    results = []
    for merged in (True, False):
        with net.compile(compute_layout=merged) as board:
            probe = board.probe_spikes(b)
            board.spike_input(inp).add(list(range(8)), 1)
            board.run(20)
            report = board.energy_report()
            per_core = report.pop("core_spiking_ns")
            report.pop("core_learning_ns")
            results.append((probe.times.tolist(), probe.indices.tolist(), report, per_core.tolist()))
    assert len(results[0][0]) > 0, "b must fire"
    assert results[0] == results[1]
    with pytest.raises(TypeError, match="compute_layout"):
        net.compile(compute_layout="no")


def test_the_engine_runs_the_vector_kernel():
    """The package starts the JVM with jdk.incubator.vector where the JDK has it (this one does), so that the
    uniform cores run their vector kernel (docs/performance.md); results are the same without it."""
    import jpype
    import loihi_emu  # noqa: F401  (starts the JVM on first use)
    from loihi_emu import _jvm
    _jvm.start_jvm()
    assert jpype.JClass("io.github.loihiemu.core.util.VectorSupport").available()
