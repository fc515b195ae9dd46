"""``cadre demo``: migrate, load the demo data, print the logins and serve it on localhost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadre.demo.data import DEMO_PASSWORD, MIN_BIG_OFFICERS, DemoSize, demo_load
from cadre.demo.names import BIG


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
        # Background jobs (needs-analysis snapshots, reminders) run in a worker beside the server.
        worker = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from cadre.cli import main; main(['db_worker', '--interval', '1', '--no-reload'])",
            ],
            env=dict(os.environ),
        )
        self.stdout.write(f"Serving http://{options['addr']}/  (Ctrl+C to stop)")
        try:
            call_command("runserver", options["addr"], use_reloader=False, skip_checks=True)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
