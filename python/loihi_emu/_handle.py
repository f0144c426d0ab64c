"""What every Python object that owns a Java engine object shares: it is closed once, refuses use after that, and
works as a context manager."""

from ._errors import java_errors


class JavaHandle:
    """Owns ``self._java`` (an AutoCloseable); subclasses set ``_kind`` for the closed-use message."""

    _kind = "object"
    _closed = False

    def _live(self):
        if self._closed:
            raise RuntimeError(f"this {self._kind} is closed")
        return self._java

    def close(self):
        """Stops the Java object's worker threads; it cannot run afterwards."""
        if not self._closed:
            self._closed = True
            self._java.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class EnergyBoard(JavaHandle):
    """A handle on a Java ``Board``-like object with an energy meter."""

    _kind = "board"

    @java_errors
    def energy_report(self):
        """Energy, time and operation totals since the board was built or ``reset_energy``, as a dict (see
        ``loihi_emu.board.energy_report_dict``)."""
        from .board import energy_report_dict
        return energy_report_dict(self._live().energyReport())

    @java_errors
    def reset_energy(self):
        """Resets the energy meter and the operation counters."""
        self._live().resetEnergy()
