"""Time an officer import of 5,000 rows: preview, apply, and re-import of the same file.

Run: DEBUG=1 .venv/bin/python bench/bench_officer_import.py [rows]
Uses a temporary SQLite database; prints one JSON line at the end.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["CADRE_VAR_DIR"] = tempfile.mkdtemp(prefix="cadre-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402


def main(rows: int) -> dict[str, object]:
    from django.contrib.auth import get_user_model

    from cadre.core.models import AuditEvent
    from cadre.people.imports import officer_import_apply, officer_import_preview
    from cadre.people.models import Officer, Position
    from cadre.tenancy.models import Administration, Membership, OrgUnit, Region

    call_command("migrate", verbosity=0)
    region = Region.objects.create(code="ap", name="Asia/Pacific")
    admin = Administration.objects.create(region=region, code="alpha", name="Alpha Customs")
    units = [
        OrgUnit.objects.create(administration=admin, code=f"U{i:03d}", name=f"Unit {i}") for i in range(60)
    ]
    for unit in units:
        unit.path = f"/{unit.pk}/"
        unit.save(update_fields=["path"])
    for i in range(40):
        Position.objects.create(administration=admin, code=f"P{i:03d}", title=f"Position {i}")
    user = get_user_model().objects.create_user(username="tm", password=None)
    Membership.objects.create(user=user, role="training_manager", administration=admin)

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(
        [
            "Employee No",
            "First Name",
            "Surname",
            "Email",
            "Unit Code",
            "Position",
            "Grade",
            "Start Date",
            "Languages",
            "Reports To",
            "Active",
        ]
    )
    for i in range(rows):
        boss = "" if i < 50 else f"E{(i // 50) - 1:06d}"  # supervisors appear earlier or later in the file
        writer.writerow(
            [
                f"E{i:06d}",
                ["花子", "สมชาย", "ليلى", "Maria"][i % 4],
                f"Family{i}",
                f"e{i}@alpha.example",
                f"U{i % 60:03d}",
                f"P{i % 40:03d}",
                f"G{i % 9}",
                f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "en, ja" if i % 2 else "th",
                boss,
                "yes" if i % 17 else "no",
            ]
        )
    content = out.getvalue().encode("utf-8")
    args = {"actor": user, "administration": admin, "filename": "hr.csv", "content": content}
    xlsx = _as_xlsx(out.getvalue())

    cpu_s: dict[str, float] = {}  # CPU seconds: a fairer figure than wall time on a shared runner

    def timed(label, service):  # type: ignore[no-untyped-def]
        reset_queries()
        start, cpu = time.perf_counter(), time.process_time()
        plan = service(**args)
        cpu_s[label] = round(time.process_time() - cpu, 3)
        return plan, time.perf_counter() - start, len(connection.queries)

    preview, preview_s, preview_q = timed("preview", officer_import_preview)
    assert not preview.errors, preview.errors[:5]
    assert len(preview.creates) == rows
    start = time.perf_counter()
    xlsx_plan = officer_import_preview(**{**args, "filename": "hr.xlsx", "content": xlsx})
    preview_xlsx_s = time.perf_counter() - start
    assert len(xlsx_plan.creates) == rows
    _applied, apply_s, apply_q = timed("apply", officer_import_apply)
    assert Officer.objects.count() == rows
    events = AuditEvent.objects.count()
    again, reimport_s, reimport_q = timed("reimport", officer_import_apply)
    assert (len(again.creates), len(again.updates), again.unchanged) == (0, 0, rows)
    assert AuditEvent.objects.count() == events
    return {
        "bench": "officer_import",
        "rows": rows,
        "bytes": len(content),
        "preview_s": round(preview_s, 3),
        "apply_s": round(apply_s, 3),
        "reimport_s": round(reimport_s, 3),
        "preview_xlsx_s": round(preview_xlsx_s, 3),
        "cpu_s": cpu_s,
        "queries": {"preview": preview_q, "apply": apply_q, "reimport": reimport_q},
        "audit_events": events,
    }


def _as_xlsx(text: str) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in csv.reader(io.StringIO(text)):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)))
