"""``cadre demo`` ends its background worker however it is stopped: Ctrl+C (SIGINT) or SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Serve on a free port with a stand-in worker that prints its pid and sleeps (the real db_worker
#: needs a migrated database; what is tested is that the server's end ends the worker).
SERVER = """
import sys, django
django.setup()
from cadre.demo.management.commands.demo import serve_with_worker
worker = [sys.executable, "-c", "import os, time; print(os.getpid(), flush=True); time.sleep(600)"]
serve_with_worker(addr=sys.argv[1], worker=worker)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0): read its state
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _wait_listening(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"the server never listened on {port}")


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_stopping_the_demo_ends_its_worker(tmp_path, signum):
    # given the demo's server running with its worker
    port = _free_port()
    env = dict(
        os.environ,
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="cadre.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CADRE_VAR_DIR=str(tmp_path),
    )
    server = subprocess.Popen(  # noqa: S603 - this test's own script
        [sys.executable, "-c", SERVER, f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        worker_pid = int(server.stdout.readline())
        _wait_listening(port, time.monotonic() + 60)
        assert _alive(worker_pid)
        # when the server is sent the signal
        server.send_signal(signum)
        server.wait(timeout=30)
        # then the worker is gone too
        deadline = time.monotonic() + 15
        while _alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(worker_pid)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
