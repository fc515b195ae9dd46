"""``cadre cmi5_abandon_idle``: abandon cmi5 launch sessions idle past the timeout and claim missed
satisfaction. Run it every few minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cadre.cmi5.tasks import cmi5_abandon_idle, cmi5_satisfaction_sweep


class Command(BaseCommand):
    help = (
        "Enqueue the abandoning of idle cmi5 sessions (or, with --now, do it in this process). "
        "Sessions count as idle after CADRE_CMI5_IDLE_MINUTES without a statement, or once expired. "
        "Also claims the satisfaction of registrations whose evaluation never ran."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run in this process instead of enqueueing.")
        parser.add_argument(
            "--administration", type=int, help="Only this administration's sessions (its id)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        administration_id = options["administration"]
        if options["now"]:
            done = cmi5_abandon_idle.call(administration_id=administration_id)
            swept = cmi5_satisfaction_sweep.call(administration_id=administration_id)
            self.stdout.write(f"{done} idle sessions abandoned.")
            self.stdout.write(f"{swept} registrations with unclaimed satisfaction evaluated.")
            return
        enqueued = cmi5_abandon_idle.enqueue(administration_id=administration_id)
        cmi5_satisfaction_sweep.enqueue(administration_id=administration_id)
        self.stdout.write(f"Idle-session sweep enqueued (task result {enqueued.id}).")
