"""``cadre evaluation_sweep``: send due questionnaires and reminders, schedule and open follow-ups."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cadre.evaluation.tasks import evaluation_sweep


class Command(BaseCommand):
    help = "Enqueue the evaluation sweep (or, with --now, run it in this process). Run it daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run in this process instead of enqueueing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            result = evaluation_sweep.call()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
            return
        enqueued = evaluation_sweep.enqueue()
        self.stdout.write(f"Evaluation sweep enqueued (task result {enqueued.id}).")
