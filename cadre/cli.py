"""The ``cadre`` console script: Django's manage.py under Cadre's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cadre", *(argv if argv is not None else sys.argv[1:])])
    return 0
