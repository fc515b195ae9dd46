"""The ``cadre`` console script: Django's manage.py under Cadre's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    if args[:1] == ["demo"]:
        # Before settings load: the demo runs with DEBUG=1 and a key kept in var/secret_key.
        from cadre.demo.environment import demo_environment_prepare

        demo_environment_prepare()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cadre", *args])
    return 0
