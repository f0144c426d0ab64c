"""Measures what reading a compartment probe of 1,000 steps x 1,000 compartments costs from Python.

Prints the median of several reads of u, v and spikes through the flat accessors the package uses (one bulk copy
each), next to the per-step int[][] arrays converted row by row, and to the emulated run itself.
Run: /usr/bin/python3 python/tools/probe_read_overhead.py  (from the repository root; docs/python.md has results)
"""

import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import loihi_emu as le  # noqa: E402  (after the path)

STEPS = COMPARTMENTS = 1000
REPEATS = 15


def median_ms(action):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    net = le.Network()
    g = net.compartment_group("g", COMPARTMENTS, bias_mant=200, bias_exp=3, v_th_mant=1000, current_decay=4096,
                              voltage_decay=100)
    with net.compile() as board:
        probe = board.probe_compartments(g)
        start = time.perf_counter()
        board.run(STEPS)
        run_ms = (time.perf_counter() - start) * 1e3
        assert probe.u.shape == (STEPS, COMPARTMENTS) and probe.spikes.any()
        java = probe._java
        flat = median_ms(lambda: (probe.u, probe.v, probe.spikes))
        java_flat = median_ms(lambda: (java.currentsFlat(), java.voltagesFlat(), java.spikesFlat()))

        def rows():
            return [np.array([np.asarray(memoryview(r)) for r in m])
                    for m in (java.currents(), java.voltages(), java.spikes())]

        by_row = median_ms(rows)
        for a, b in zip(rows(), (probe.u, probe.v, probe.spikes)):
            np.testing.assert_array_equal(a, b)
    megabytes = STEPS * COMPARTMENTS * 9 / 1e6         # 4 bytes of u, 4 of v, 1 of spike per entry
    print(f"probe of {STEPS} steps x {COMPARTMENTS} compartments (u, v, spikes: {megabytes:.0f} MB)")
    print(f"  emulated run of {STEPS} steps with the probe: {run_ms:8.1f} ms")
    print(f"  read u, v, spikes as numpy (flat accessors):  {flat:8.1f} ms (median of {REPEATS})")
    print(f"    of which the Java copies alone:             {java_flat:8.1f} ms")
    print(f"  the same from the int[][] arrays, per row:    {by_row:8.1f} ms")


if __name__ == "__main__":
    main()
