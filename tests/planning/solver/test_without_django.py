"""The solver is plain Python: importing it loads no Django, and its tests need no Django settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def test_importing_the_solver_loads_no_django():
    # Given a fresh interpreter without Django settings / when it imports the solver package
    code = (
        "import cadre.planning.solver, sys; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code], env=_env(), cwd=ROOT, capture_output=True, text=True, check=False
    )
    # Then no Django module was loaded
    assert done.returncode == 0, done.stderr


def test_the_solver_tests_run_without_the_django_plugin():
    # Given pytest without pytest-django and without the project's conftests (the root one builds
    # Django worlds) / when it runs the solver's tests
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:django",
            "--noconftest",
            "-k",
            "not without_django",
            str(HERE),
        ],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # Then they all pass
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout
