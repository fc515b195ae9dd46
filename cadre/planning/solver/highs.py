"""Create HiGHS solvers that keep quiet: no banner or progress in the server's log."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading

import highspy

_lock = threading.Lock()


def _flush_c_stdout() -> None:
    """Flush C's stdio buffers: HiGHS prints with printf, which buffers when stdout is a pipe."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)


def highs_quiet() -> highspy.Highs:
    """A ``Highs()`` with ``output_flag`` off.

    The first solver of a process prints HiGHS's copyright banner from its C++ constructor, before
    any option can be set; it is sent to /dev/null (file descriptor 1 for the instant of
    construction, under a lock), so the demo's and production's logs hold only Cadre's own lines.
    """
    with _lock:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                solver = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy ships no annotation for it
                _flush_c_stdout()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    solver.setOptionValue("output_flag", False)
    return solver
