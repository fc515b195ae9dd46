"""``cadre demo``: migrate, load the demo data, print the logins and serve it on localhost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadre.demo.data import DEMO_PASSWORD, MIN_BIG_OFFICERS, DemoSize, demo_load
from cadre.demo.names import BIG

#: The background worker (needs-analysis snapshots, plan runs, reminders) started beside the server.
WORKER = [
    sys.executable,
    "-c",
    "from cadre.cli import main; main(['db_worker', '--interval', '1', '--no-reload'])",
]


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the server the way Ctrl+C does


def _die_with_parent() -> None:
    """In the worker, before exec (Linux): be sent SIGTERM if the demo process itself is killed."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def serve_with_worker(
    *, addr: str, worker: list[str] = WORKER, say: Callable[[str], object] | None = None
) -> None:
    """Run the development server with the worker beside it; the worker ends however the server does
    (Ctrl+C, SIGINT or SIGTERM; and by the kernel, on Linux, if this process is killed outright)."""
    process = subprocess.Popen(  # noqa: S603 - our own worker command line
        worker, env=dict(os.environ), preexec_fn=_die_with_parent if sys.platform == "linux" else None
    )
    previous = signal.signal(signal.SIGTERM, _interrupt)
    if say is not None:
        say(f"Serving http://{addr}/  (Ctrl+C to stop)\n")
    try:
        call_command("runserver", addr, use_reloader=False, skip_checks=True)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(process)


class Command(BaseCommand):
    help = "Load the Asia/Pacific demo (24 fictional administrations, personas) and serve it locally."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the data, then exit.")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Address for the demo server.")
        parser.add_argument(
            "--officers",
            type=int,
            default=5000,
            help="Officers of the fully populated administration (the other 23 scale with it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            # Demo logins share a printed password: never load them into a production database.
            raise CommandError("The demo runs with DEBUG=1 only; start it with `cadre demo`.")
        if options["officers"] < MIN_BIG_OFFICERS:
            raise CommandError(f"--officers: at least {MIN_BIG_OFFICERS}, so every unit has staff.")
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        started = time.perf_counter()
        summary = demo_load(size=DemoSize.for_big(options["officers"]))
        elapsed = time.perf_counter() - started
        if summary.created:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s."))
        else:
            self.stdout.write("Demo data already loaded; nothing added.")
        self.stdout.write(
            f"{summary.administrations} administrations, {summary.competencies} regional competencies, "
            f"{summary.officers} officers, {summary.assessments} assessments.\n"
        )
        self.stdout.write(self.style.MIGRATE_HEADING(f"Logins (password for all: {DEMO_PASSWORD})"))
        width = max((len(p.username) for p in summary.personas), default=10) + 2
        for persona in summary.personas:
            where = f"{persona.scope} — {persona.note}" if persona.note else persona.scope
            self.stdout.write(f"  {persona.username:<{width}}{persona.role:<24}{where}")
        self.stdout.write(
            f"  (every administration also has a training manager tm.<code>, e.g. tm.aldovia; "
            f"the big one is {BIG.code})\n"
        )
        from cadre.lrs.demo import DEMO_SECRET

        self.stdout.write(
            f"xAPI LRS: http://{options['addr']}/xapi/  (basic auth key demo-{BIG.code}, secret {DEMO_SECRET})\n"
        )
        if options["no_serve"]:
            return
        serve_with_worker(addr=options["addr"], say=self.stdout.write)
