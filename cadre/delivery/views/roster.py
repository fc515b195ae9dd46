"""The roster: per-day attendance and results of a session's confirmed participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadre.core.errors import DomainError
from cadre.delivery import services
from cadre.delivery.models import Enrolment
from cadre.delivery.selectors import session_days, session_get_for_roster, session_roster, today_for


@dataclass
class RosterLine:
    enrolment: Enrolment
    cells: list[tuple[dt.date, bool, bool]]  # day, present, recordable
    completion: Any
    score: str = ""
    result: str = ""
    errors: list[str] | None = None


def _lines(session: Any, roster: list[Enrolment], days: list[dt.date], today: dt.date) -> list[RosterLine]:
    lines = []
    for enrolment in roster:
        if enrolment.state != Enrolment.State.CONFIRMED:
            continue
        present = {a.day for a in enrolment.attendance.all() if a.present}
        lines.append(
            RosterLine(
                enrolment=enrolment,
                cells=[(d, d in present, d <= today) for d in days],
                completion=getattr(enrolment, "completion", None),
            )
        )
    return lines


def _parse(
    request: HttpRequest, lines: list[RosterLine], days: list[dt.date]
) -> tuple[list[services.ResultRow], bool]:
    rows, ok = [], True
    for line in lines:
        pk = line.enrolment.pk
        present = frozenset(d for d in days if request.POST.get(f"present-{pk}-{d.isoformat()}") == "on")
        line.cells = [(d, d in present, recordable) for d, _p, recordable in line.cells]
        line.result = request.POST.get(f"result-{pk}", "")
        line.score = request.POST.get(f"score-{pk}", "").strip()
        score = None
        if line.score and line.completion is None:
            try:
                score = Decimal(line.score)
            except InvalidOperation:
                line.errors = [_("The score must be a number.")]
                ok = False
        record = line.completion is None and line.result in {"pass", "fail"}
        rows.append(
            services.ResultRow(
                enrolment_id=pk,
                present_days=present,
                record_result=record,
                score=score,
                passed=line.result == "pass",
                prefix=f"{pk}:",
            )
        )
    return rows, ok


@require_http_methods(["GET", "POST"])
@login_required
def session_roster_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_get_for_roster(user=request.user, session_id=session_id)
    days = session_days(session=session)
    today = today_for(administration_id=session.administration_id)
    roster = session_roster(session=session)
    lines = _lines(session, roster, days, today)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        rows, ok = _parse(request, lines, days)
        if ok:
            try:
                services.session_results_record(actor=request.user, session=session, rows=rows)
            except DomainError as exc:
                by_line = {str(line.enrolment.pk): line for line in lines}
                for error in exc.errors:
                    pk, _sep, field = error.field.partition(":")
                    line = by_line.get(pk)
                    if line is not None:
                        line.errors = [*(line.errors or []), f"{field}: {error.reason}"]
                    else:
                        errors.append(f"{error.field}: {error.reason}")
            else:
                messages.success(request, _("Attendance and results saved."))
                return redirect("delivery:session_roster", session_id=session.pk)
        status = 400
    waiting = [e for e in roster if e.state != Enrolment.State.CONFIRMED]
    return render(
        request,
        "delivery/session_roster.html",
        {"session": session, "days": days, "lines": lines, "waiting": waiting, "errors": errors},
        status=status,
    )
