"""The README's Python example runs as written and prints what its Java example prints."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_block(language, after):
    """The first ```language block of the README after the heading ``after``."""
    text = README.read_text(encoding="utf-8")
    start = text.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(text, start)
    return match.group(1)


def java_example_output(J):
    """ReadmeExampleTest's code (the README's Java example) run through JPype; its printed line."""
    net = J.Network()
    inp = net.createSpikeGenerator("in", 20)
    h = net.createCompartmentGroup("h", 100, J.CompartmentPrototype.builder()
                                   .vThMant(100).currentDecay(4096).voltageDecay(4096).enableSpikeBackprop(True)
                                   .build())
    stdp = J.LearningRuleSpec.builder().dw("2*x1*y0 - 2*y1*x0").x1(40.0, 4).y1(40.0, 4).build()
    c = net.connect(inp, h, J.ConnectionPrototype.builder().learningRule(stdp).build(),
                    J.Topology.uniform(20, 100, 40))
    with J.Board.compile(net) as board:
        spikes = board.probeSpikes(h)
        for port in range(20):
            board.spikeInput(inp).addSpikes(port, 5, 15, 25)
        board.run(30)
        return f"{spikes.size()} spikes; weight 0: {board.weights(c)[0]}\n"


def test_python_example_prints_what_the_java_example_prints(J):
    code = readme_block("python", "## Python")
    assert len(code.strip().splitlines()) <= 13, "the README promises a short example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})
    assert out.getvalue() == java_example_output(J)
    assert out.getvalue().startswith("300 spikes; weight 0: ")


def test_java_example_in_the_readme_is_the_one_compared_here():
    java = readme_block("java", "## Ten lines of Java")
    for line in ('.dw("2*x1*y0 - 2*y1*x0").x1(40, 4).y1(40, 4)', "Topology.uniform(20, 100, 40)",
                 "addSpikes(port, 5, 15, 25)", "board.run(30)", "board.weights(c)[0]"):
        assert line in java


def test_python_nir_example_runs_as_written(monkeypatch):
    """The README's NIR block, after the first block's imports, from the repository root, prints what it says."""
    code = readme_block("python", "NIR graphs ([docs/nir.md]")
    assert len(code.strip().splitlines()) <= 5, "the README promises a short example"
    monkeypatch.chdir(README.parent)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile("import numpy as np\nimport loihi_emu as le\n" + code, "README.md", "exec"),
             {"__name__": "__readme__"})
    assert out.getvalue() == "{'1': 1} {'output': '1'}\n[ 0  4  8 12 16] 5\n"
    text = README.read_text(encoding="utf-8")
    assert "`{'1': 1} {'output': '1'}` and `[ 0  4  8 12 16] 5`" in text, "the README says what it prints"
