"""The solver prints no banner into the server's log."""

from __future__ import annotations

import subprocess
import sys


def test_creating_solvers_prints_nothing():
    # given a fresh process (HiGHS prints its banner once per process, at the first solver)
    code = "from cadre.planning.solver.highs import highs_quiet; highs_quiet(); highs_quiet(); print('ok')"
    # when it creates two solvers
    result = subprocess.run(  # noqa: S603 - a fixed script
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    # then only the process's own output reaches stdout, and nothing reaches stderr
    assert result.stdout == "ok\n"
    assert "HiGHS" not in result.stderr
