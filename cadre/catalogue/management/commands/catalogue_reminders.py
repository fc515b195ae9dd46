"""``cadre catalogue_reminders``: remind content owners of due reviews and superseded citations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cadre.catalogue.tasks import catalogue_reminders


class Command(BaseCommand):
    help = "Enqueue the content-review reminders (or, with --now, send them in this process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run in this process instead of enqueueing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            result = catalogue_reminders.call()
            self.stdout.write(f"{result['notices']} notices created, {result['emails']} emails sent.")
            return
        enqueued = catalogue_reminders.enqueue()
        self.stdout.write(f"Reminders enqueued (task result {enqueued.id}).")
