"""The nominations page: a filtered, paginated list of enrolments with bulk decisions.

The bulk form takes the ticked rows, all rows of the page, or every enrolment matching the filter
(then the filter itself is posted, with the count the page showed).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadre.core.bulk import bulk_result_read, bulk_result_store
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.bulk import (
    BulkAction,
    EnrolmentSelection,
    enrolments_bulk_decide,
    session_label,
    session_nominate_many,
)
from cadre.delivery.enrolment_lists import (
    MAX_SELECT_OPTIONS,
    EnrolmentFilter,
    course_id_for_code,
    enrolment_filter_choices,
    enrolments_matching,
    enrolments_pending_counts,
    officers_for_nomination,
    positions_for_nomination,
    unit_id_for_code,
    units_for_nomination,
)
from cadre.delivery.forms import NominateManyForm
from cadre.delivery.models import Enrolment, Session
from cadre.delivery.selectors import enrolment_actions, session_get_for_user
from cadre.tenancy.access import MANAGERS, access_for

PER_PAGE = 50
SCOPES = ("ticked", "page", "matching")


def _filters(request: HttpRequest, data: QueryDict) -> tuple[EnrolmentFilter, list[FieldError]]:
    """The filter from the query; a typed course or unit code becomes its id (or an error naming it)."""
    filters = EnrolmentFilter.from_query(data)
    errors: list[FieldError] = []
    course_code = (data.get("course_code") or "").strip()
    if filters.course_id is None and course_code:
        course_id = course_id_for_code(user=request.user, code=course_code)
        if course_id is None:
            errors.append(FieldError("course_code", _("no course with this code has nominations you see")))
        filters = replace(filters, course_id=course_id)
    unit_code = (data.get("unit_code") or "").strip()
    if filters.unit_id is None and unit_code:
        unit_id = unit_id_for_code(user=request.user, code=unit_code)
        if unit_id is None:
            errors.append(FieldError("unit_code", _("no unit with this code in your administrations")))
        filters = replace(filters, unit_id=unit_id)
    return filters, errors


def _bulk_actions(user: Any) -> list[tuple[str, str]]:
    """The bulk buttons the caller may use at all (per item the single action still decides)."""
    access = access_for(user)
    actions: list[tuple[str, str]] = []
    if access.supervised_paths or access.administration_ids(MANAGERS):
        actions += [(BulkAction.APPROVE, _("Approve")), (BulkAction.REJECT, _("Reject"))]
    if access.administration_ids(MANAGERS):
        actions += [
            (BulkAction.CONFIRM, _("Confirm")),
            (BulkAction.WAITLIST, _("Move to the waiting list")),
        ]
    if actions:
        actions.append((BulkAction.CANCEL, _("Cancel")))
    return actions


def _list_page(
    request: HttpRequest,
    data: QueryDict,
    *,
    errors: list[FieldError] | None = None,
    ticked: set[int] | None = None,
    status: int = 200,
) -> HttpResponse:
    filters, filter_errors = _filters(request, data)
    paginator = Paginator(enrolments_matching(user=request.user, filters=filters), PER_PAGE)
    page = paginator.get_page(data.get("page"))
    rows = [(e, enrolment_actions(user=request.user, enrolment=e)) for e in page.object_list]
    all_errors = filter_errors + (errors or [])
    query = {**filters.as_query(), "page": str(page.number)}
    return render(
        request,
        "delivery/enrolment_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "filters": filters,
            "filter_query": filters.as_query(),
            "choices": enrolment_filter_choices(user=request.user, filters=filters),
            "states": Enrolment.State.choices,
            "pending": enrolments_pending_counts(user=request.user),
            "bulk_actions": _bulk_actions(request.user),
            "errors": all_errors,
            "error_fields": {e.field for e in all_errors},
            "ticked": ticked or set(),
            "scope": data.get("scope", "ticked"),
            "reason": data.get("reason", ""),
            "next_url": f"{reverse('delivery:enrolment_list')}?{urlencode(query)}",
            "course_code": data.get("course_code", ""),
            "unit_code": data.get("unit_code", ""),
        },
        status=status,
    )


@require_GET
@login_required
def enrolment_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, request.GET)


def _ids(values: list[str]) -> tuple[int, ...]:
    try:
        ids = tuple(int(v) for v in values)
    except ValueError as exc:
        raise Http404("Not found") from exc
    if any(not 0 < i < 2**63 for i in ids):
        raise Http404("Not found")
    return ids


def _expected(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@require_POST
@login_required
def enrolment_bulk(request: HttpRequest) -> HttpResponse:
    """Decide the selection in one go and show what was done and what was refused, and why."""
    data = request.POST
    scope = data.get("scope", "ticked")
    if scope not in SCOPES:
        scope = "ticked"
    filters = _filters(request, data)[0]
    if scope == "matching":
        selection = EnrolmentSelection(filters=filters, expected=_expected(data.get("expected")))
    else:
        selection = EnrolmentSelection(ids=_ids(data.getlist("page_ids" if scope == "page" else "ids")))
    try:
        summary = enrolments_bulk_decide(
            actor=request.user,
            selection=selection,
            action=data.get("action", ""),
            reason=data.get("reason", ""),
        )
    except DomainError as exc:
        if exc.status == 404:
            raise Http404("Not found") from exc
        return _list_page(request, data, errors=exc.errors, ticked=set(selection.ids), status=400)
    query = filters.as_query()
    bulk_result_store(
        request.session,
        app="delivery",
        summary=summary,
        title=_("Nominations: what was done"),
        what_label=_("Session"),
        back_url=reverse("delivery:enrolment_list") + (f"?{urlencode(query)}" if query else ""),
    )
    return redirect("delivery:bulk_result")


@require_GET
@login_required
def bulk_result(request: HttpRequest) -> HttpResponse:
    """What the last bulk action did: shown after the POST's redirect, again on reload."""
    stored = bulk_result_read(request.session, app="delivery")
    if stored is None:
        return redirect("delivery:enrolment_list")
    return render(request, "cadre/bulk_summary_page.html", stored)


# --- nominating a unit for a session ----------------------------------------------------------------


def _listed(rows: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
    return None if len(rows) > MAX_SELECT_OPTIONS else rows


def nominate_many_form(
    request: HttpRequest, session: Session, data: QueryDict | None = None
) -> NominateManyForm:
    """The form, its units and positions listed when few (the session page and the POST share it)."""
    administration_id = session.administration_id
    units = units_for_nomination(user=request.user, administration_id=administration_id)
    positions = positions_for_nomination(administration_id=administration_id)
    return NominateManyForm(
        data,
        units=_listed(list(units.values_list("pk", "name")[: MAX_SELECT_OPTIONS + 1])),
        positions=_listed(list(positions.values_list("pk", "title")[: MAX_SELECT_OPTIONS + 1])),
        may_confirm=access_for(request.user).has_role(administration_id, MANAGERS),
        prefix="many",
    )


def _chosen(request: HttpRequest, session: Session, form: NominateManyForm) -> tuple[int | None, int | None]:
    data = form.cleaned_data
    administration_id = session.administration_id
    unit_id = data.get("unit")
    if unit_id is None and data.get("unit_code"):
        unit_id = (
            units_for_nomination(user=request.user, administration_id=administration_id)
            .filter(code__iexact=data["unit_code"].strip())
            .values_list("pk", flat=True)
            .first()
        )
        if unit_id is None:
            form.add_error("unit_code", _("no unit with this code whose officers you may nominate"))
    position_id = data.get("position")
    if position_id is None and data.get("position_code"):
        position_id = (
            positions_for_nomination(administration_id=administration_id)
            .filter(code__iexact=data["position_code"].strip())
            .values_list("pk", flat=True)
            .first()
        )
        if position_id is None:
            form.add_error("position_code", _("no position with this code"))
    return unit_id, position_id


@require_POST
@login_required
def session_nominate_unit(request: HttpRequest, session_id: int) -> HttpResponse:
    """Nominate every officer of a unit (with sub-units, of a position) and show who was and why not."""
    session = session_get_for_user(user=request.user, session_id=session_id)
    form = nominate_many_form(request, session, request.POST)
    back = reverse("delivery:session_detail", args=[session.pk])
    if form.is_valid():
        unit_id, position_id = _chosen(request, session, form)
    if not form.is_valid() or unit_id is None:
        for field, problems in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label if field in form.fields else field}: {problems[0]}"
            )
        return redirect(back)
    officers = list(
        officers_for_nomination(
            user=request.user,
            administration_id=session.administration_id,
            unit_id=unit_id,
            include_subunits=form.cleaned_data["include_subunits"],
            position_id=position_id,
        )
    )
    try:
        summary = session_nominate_many(
            actor=request.user,
            session=session,
            officers=officers,
            confirm=form.cleaned_data.get("confirm", False),
        )
    except DomainError as exc:
        messages.error(request, "; ".join(e.reason for e in exc.errors) or exc.detail)
        return redirect(back)
    bulk_result_store(
        request.session,
        app="delivery",
        summary=summary,
        title=_("Nominations for %(session)s: what was done") % {"session": session_label(session)},
        what_label=_("Session"),
        back_url=back,
    )
    return redirect("delivery:bulk_result")
