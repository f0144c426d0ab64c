"""Bad input fails with a Python exception that names it, whether Python or Java finds it; never a bare Java trace."""

import numpy as np
import pytest

import loihi_emu as le


@pytest.fixture
def net():
    n = le.Network()
    n.spike_generator("in", 20)
    n.compartment_group("h", 100)
    return n


def no_java_trace(error):
    text = str(error.value)
    assert "\tat " not in text and "at io.github" not in text and "java.lang" not in text, text
    return text


def test_wrong_weight_dtype_is_a_type_error_naming_weights_and_dtype(net):
    inp, h = net.generators[0], net.groups[0]
    with pytest.raises(TypeError, match=r"weights: dtype float64 is not an integer dtype") as e:
        net.connect(inp, h, np.full((100, 20), 40.0))
    no_java_trace(e)
    with pytest.raises(TypeError, match=r"weights: dtype bool"):
        net.connect(inp, h, np.ones((100, 20), dtype=bool))
    with pytest.raises(TypeError, match=r"sources: dtype float64"):
        net.connect(inp, h, sparse=(np.array([0.5]), [0], [2]))


def test_wrong_weight_shape_names_the_shape_and_the_orientation(net):
    inp, h = net.generators[0], net.groups[0]
    with pytest.raises(ValueError, match=r"shape \(20, 100\), expected \(100, 20\) = \[target, source\]"):
        net.connect(inp, h, np.full((20, 100), 40))
    with pytest.raises(ValueError, match=r"expected a 2-d array, got shape \(2000,\)"):
        net.connect(inp, h, np.full(2000, 40))
    with pytest.raises(ValueError, match=r"mask: shape \(100, 19\)"):
        net.connect(inp, h, np.full((100, 20), 40), mask=np.ones((100, 19), dtype=bool))
    with pytest.raises(ValueError, match=r"sources 2, targets 2, weights 1"):
        net.connect(inp, h, sparse=([0, 1], [0, 1], [2]))


def test_out_of_range_weight_brings_the_java_message(net):
    inp, h = net.generators[0], net.groups[0]
    with pytest.raises(ValueError, match=r"weight 300 is outside -256..254 allowed by sign mode MIXED") as e:
        net.connect(inp, h, np.full((100, 20), 300))
    no_java_trace(e)
    assert type(e.value) is ValueError and e.value.java_exception is not None
    with pytest.raises(ValueError, match=r"weight -2 is outside 0..255 allowed by sign mode EXCITATORY"):
        net.connect(inp, h, sparse=([0], [0], [-2]), sign_mode="excitatory")
    with pytest.raises(ValueError, match=r"value 4294967296 does not fit in int32"):
        net.connect(inp, h, np.full((100, 20), 2 ** 32))
    c = net.connect(inp, h, np.full((100, 20), 40))
    with net.compile() as board:
        with pytest.raises(ValueError, match=r"weight 255 is outside -256..254"):
            board.set_weights(c, np.full((100, 20), 255))
        with pytest.raises(ValueError, match=r"shape \(100, 21\), expected \(100, 20\)"):
            board.set_weights(c, np.full((100, 21), 2))


def test_unknown_learning_rule_variable_is_named_with_its_position():
    with pytest.raises(le.LearningRuleError) as e:
        le.LearningRule(dw="2*x1*q0 - y1")
    text = no_java_trace(e)
    assert "unknown variable 'q0'" in text and "at position 5" in text
    assert isinstance(e.value, ValueError)
    assert (e.value.target, e.value.rule, e.value.position) == ("dw", "2*x1*q0 - y1", 5)
    assert text.splitlines()[1:] == ["  2*x1*q0 - y1", "       ^"]
    with pytest.raises(le.LearningRuleError, match="dd"):
        le.LearningRule(dw="dd = x0")
    with pytest.raises(TypeError, match="unknown keyword 'z1'"):
        le.LearningRule(dw="x0", z1=(1, 2))
    with pytest.raises(ValueError, match=r"x1Impulse = 200.0 is outside \[0, 128\)"):
        le.LearningRule(dw="x0", x1=(200, 2))


def test_bad_prototype_parameters_are_named(net):
    with pytest.raises(TypeError, match="unknown prototype parameter 'v_th'"):
        net.compartment_group("g", 3, v_th=5)
    with pytest.raises(ValueError, match=r"vThMant = 0 is outside 1..131071"):
        net.compartment_group("g", 3, v_th_mant=0)
    with pytest.raises(TypeError, match="v_th_mant must be an integer, got 1.5"):
        net.compartment_group("g", 3, v_th_mant=1.5)
    with pytest.raises(TypeError, match="enable_noise must be True or False"):
        net.compartment_group("g", 3, enable_noise=1)
    with pytest.raises(ValueError, match="the name h is already used"):
        net.compartment_group("h", 3)
    with pytest.raises(ValueError, match="sign_mode 'signed' is not one of mixed, excitatory, inhibitory"):
        net.connect(net.generators[0], net.groups[0], 2, sign_mode="signed")


def test_bad_spike_input_is_named():
    n = le.Network()
    inp = n.spike_generator("in", 4)
    n.compartment_group("g", 1)
    with n.compile() as board:
        spikes = board.spike_input(inp)
        with pytest.raises(ValueError, match="spike input in: port 4 is outside 0..3"):
            spikes.add([1, 4], [1, 1])
        with pytest.raises(TypeError, match="times: dtype float64"):
            spikes.add([1], [1.5])
        with pytest.raises(ValueError, match="port 2 has two spikes at time 3"):
            spikes.add([2, 2], [3, 3])
        with pytest.raises(ValueError, match=r"ports of shape \(2,\) and times of shape \(3,\) do not broadcast"):
            spikes.add([1, 2], [1, 2, 3])
        assert spikes.pending == 0, "a refused call schedules nothing"
        spikes.add(1, 3)
        with pytest.raises(ValueError, match="port 1 already has a spike at time 3") as e:
            spikes.add(1, 3)                         # found by the Java input
        no_java_trace(e)
        board.run(5)
        with pytest.raises(ValueError, match="time 5 is not after the board's current time 5"):
            spikes.add(0, 5)


def test_objects_of_another_network_or_board_are_refused():
    a, b = le.Network(), le.Network()
    ga = a.compartment_group("g", 2)
    gb = b.compartment_group("g", 2)
    with pytest.raises(TypeError, match="target must be a compartment group of this network"):
        a.connect(a.spike_generator("in", 2), gb, 2)
    with a.compile() as board_a:
        with pytest.raises(ValueError, match="g is not a compartment group of this board's network"):
            board_a.probe_spikes(gb)
        with pytest.raises(TypeError, match="expected a CompartmentGroup"):
            board_a.probe_compartments("g")
        with pytest.raises(ValueError, match="setCurrents g: 3 values given, the group has 2 compartments"):
            board_a.set_currents(ga, [1, 2, 3])
        with pytest.raises(ValueError, match="steps = -1 must not be negative"):
            board_a.run(-1)


def test_a_network_that_does_not_fit_raises_resource_limit_error():
    n = le.Network()
    g = n.compartment_group("g", 2000)
    n.place(g, 0, 1)                              # 2000 compartments on one core of 1024
    with pytest.raises(le.ResourceLimitError) as e:
        n.compile()
    assert isinstance(e.value, ValueError)
    no_java_trace(e)
