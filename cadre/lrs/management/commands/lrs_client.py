"""Install an LRS client with known credentials: ``cadre lrs_client ADMIN_CODE KEY SECRET``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cadre.core.errors import DomainError
from cadre.lrs.models import Scope
from cadre.lrs.services.clients import lrs_client_install
from cadre.tenancy.selectors import administration_get_by_code


class Command(BaseCommand):
    help = "Create or reset an LRS client (key/secret over basic auth) for an administration."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("administration", help="administration code")
        parser.add_argument("key")
        parser.add_argument("secret")
        parser.add_argument("--name", default="Command-line client")
        parser.add_argument(
            "--scopes", default=",".join(Scope.values), help="comma-separated scopes (default: all)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        administration = administration_get_by_code(code=options["administration"])
        if administration is None:
            raise CommandError(f"No administration with code {options['administration']!r}")
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            client = lrs_client_install(
                administration=administration,
                name=options["name"],
                key=options["key"],
                secret=options["secret"],
                scopes=scopes,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"LRS client {client.key} ready for {administration.code} ({', '.join(client.scopes)})"
        )
