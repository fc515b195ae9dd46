"""Needs-analysis pages: snapshots, heatmap and drill-down, tables, comparison, my gaps, regional view,
and the strategic alignment page (objectives against the latest snapshot; served under strategy's URL names).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre.core.errors import DomainError
from cadre.core.exports import Table, export_response
from cadre.core.http import HtmxHttpRequest
from cadre.needs import selectors as sel
from cadre.needs import tables
from cadre.needs.charts import HeatCell, HeatRow, heatmap_svg
from cadre.needs.forms import NeedsSettingsForm
from cadre.needs.listings import SNAPSHOTS, UNIT_OFFICERS
from cadre.needs.services import gap_snapshot_request, needs_settings_for, needs_settings_update
from cadre.tenancy.selectors import managed_administration


def _int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name) or request.POST.get(name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Http404("Not found") from exc


def _context(request: HttpRequest) -> tuple[Any, Any]:
    administration = managed_administration(
        user=request.user, administration_id=_int(request, "administration")
    )
    snapshot = sel.snapshot_for_page(
        user=request.user, administration=administration, snapshot_id=_int(request, "snapshot")
    )
    return administration, snapshot


@require_GET
@login_required
def snapshot_list(request: HttpRequest) -> HttpResponseBase:
    administration = managed_administration(
        user=request.user, administration_id=_int(request, "administration")
    )
    snapshots = sel.snapshots_for_user(user=request.user).filter(administration=administration)
    result = SNAPSHOTS.respond(request, snapshots.defer("parameters"))
    if isinstance(result, HttpResponseBase):
        return result
    return render(request, "needs/snapshot_list.html", {"administration": administration, "listing": result})


@require_POST
@login_required
def snapshot_run(request: HttpRequest) -> HttpResponse:
    administration = managed_administration(
        user=request.user, administration_id=_int(request, "administration")
    )
    snapshot = gap_snapshot_request(actor=request.user, administration=administration)
    return redirect("needs:snapshot_detail", snapshot_id=snapshot.pk)


@require_GET
@login_required
def snapshot_detail(request: HtmxHttpRequest, snapshot_id: int) -> HttpResponse:
    snapshot = sel.snapshot_get_for_user(user=request.user, snapshot_id=snapshot_id)
    template = "needs/_snapshot_status.html" if request.htmx else "needs/snapshot_detail.html"
    return render(request, template, {"snapshot": snapshot})


def _legend() -> list[str]:
    return ["0", "≤ 0.5", "≤ 1", "≤ 1.5", "≤ 2", "> 2"]


def _heat_svg(request: HttpRequest, hm: sel.Heatmap) -> Any:
    base = reverse("needs:heatmap")
    rows = []
    for row in hm.rows:
        href = f"{base}?snapshot={hm.snapshot.pk}&unit={row.unit_id}" if row.has_children else None
        officers_href = reverse("needs:unit_officers") + f"?snapshot={hm.snapshot.pk}&unit={row.unit_id}"
        cells = []
        for cell in row.cells:
            comp = hm.competencies[cell.competency_index]
            m = cell.metrics
            if m["mean_gap"] is None:
                text = _("%(unit)s, %(comp)s: no officer assessed (%(n)s required)") % {
                    "unit": row.name,
                    "comp": comp["title"],
                    "n": m["officers"],
                }
            else:
                text = _(
                    "%(unit)s, %(comp)s: mean gap %(gap).2f; %(ge1)s of %(n)s officers with a gap; %(never)s never assessed"
                ) % {
                    "unit": row.name,
                    "comp": comp["title"],
                    "gap": m["mean_gap"],
                    "ge1": m["gap_ge1"],
                    "n": m["officers"],
                    "never": m["never_assessed"],
                }
            cells.append(HeatCell(m["mean_gap"], text, officers_href if m["officers"] else None))
        rows.append(HeatRow(row.name, cells, href or officers_href))
    return heatmap_svg(
        rows=rows,
        columns=[c["code"] for c in hm.competencies],
        column_titles=[c["title"] for c in hm.competencies],
        title=_("Mean gap by unit and competency"),
        description=_(
            "Rows are units (with their subtrees), columns are competencies; darker means a larger mean gap."
        ),
        legend_labels=_legend(),
        no_data_label=_("not assessed"),
    )


@require_GET
@login_required
def heatmap(request: HttpRequest) -> HttpResponse:
    administration, snapshot = _context(request)
    if snapshot is None:
        return render(request, "needs/no_snapshot.html", {"administration": administration})
    hm = sel.heatmap(snapshot=snapshot, unit_id=_int(request, "unit"))
    download = export_response(tables.heatmap_table(hm), request.GET.get("format", ""))
    if download:
        return download
    return render(
        request,
        "needs/heatmap.html",
        {
            "administration": administration,
            "hm": hm,
            "svg": _heat_svg(request, hm),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def unit_officers(request: HttpRequest) -> HttpResponseBase:
    """Officers of a unit's subtree with their gaps in the snapshot, a page at a time."""
    administration, snapshot = _context(request)
    unit_id = _int(request, "unit")
    if snapshot is None or unit_id is None:
        raise Http404("Not found")
    fmt = request.GET.get("format", "")
    if fmt:  # one row per officer and competency, as before the list mechanism
        items = sel.unit_officer_gaps(user=request.user, snapshot=snapshot, unit_id=unit_id)
        download = export_response(
            tables.officer_gaps_table(f"officer-gaps-{snapshot.pk}-{unit_id}", items), fmt
        )
        if download:
            return download
    result = UNIT_OFFICERS.respond(
        request,
        sel.unit_officers_in_snapshot(user=request.user, snapshot=snapshot, unit_id=unit_id),
        decorate=lambda officers: sel.officer_gaps_in_snapshot(snapshot=snapshot, officers=officers),
    )
    if isinstance(result, HttpResponseBase):
        return result
    hm = sel.heatmap(snapshot=snapshot, unit_id=unit_id)
    keep = request.GET.copy()
    for name in ("format", "export", "page"):
        keep.pop(name, None)
    return render(
        request,
        "needs/unit_officers.html",
        {
            "administration": administration,
            "snapshot": snapshot,
            "hm": hm,
            "listing": result,
            "query": keep.urlencode(),
        },
    )


@require_GET
@login_required
def position_gaps(request: HttpRequest) -> HttpResponse:
    administration, snapshot = _context(request)
    if snapshot is None:
        return render(request, "needs/no_snapshot.html", {"administration": administration})
    rows = sel.position_table(snapshot=snapshot)
    table = tables.positions_table(snapshot.pk, rows)
    return export_response(table, request.GET.get("format", "")) or render(
        request,
        "needs/table.html",
        {
            "table": table,
            "snapshot": snapshot,
            "title": _("Gaps by position"),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def competency_gaps(request: HttpRequest) -> HttpResponse:
    administration, snapshot = _context(request)
    if snapshot is None:
        return render(request, "needs/no_snapshot.html", {"administration": administration})
    table = tables.competencies_table(snapshot.pk, sel.competency_table(snapshot=snapshot))
    return export_response(table, request.GET.get("format", "")) or render(
        request,
        "needs/table.html",
        {
            "table": table,
            "snapshot": snapshot,
            "title": _("Gaps by competency"),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def compare(request: HttpRequest) -> HttpResponse:
    administration = managed_administration(
        user=request.user, administration_id=_int(request, "administration")
    )
    snapshots = list(
        sel.snapshots_for_user(user=request.user).filter(administration=administration, status="done")[:50]
    )
    before_id, after_id = _int(request, "before"), _int(request, "after")
    result = None
    if before_id and after_id:
        before = sel.snapshot_get_for_user(user=request.user, snapshot_id=before_id)
        after = sel.snapshot_get_for_user(user=request.user, snapshot_id=after_id)
        result = sel.snapshot_compare(before=before, after=after)
        fmt = request.GET.get("format", "")
        table_name = request.GET.get("table", "units")
        if fmt:
            rows = result["competencies"] if table_name == "competencies" else result["units"]
            first = _("Competency") if table_name == "competencies" else _("Unit")
            download = export_response(
                tables.compare_table(f"compare-{before_id}-{after_id}-{table_name}", rows, first), fmt
            )
            if download:
                return download
    return render(
        request,
        "needs/compare.html",
        {
            "administration": administration,
            "snapshots": snapshots,
            "result": result,
            "before_id": before_id,
            "after_id": after_id,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def my_gaps(request: HttpRequest) -> HttpResponse:
    officer, snapshot, gaps = sel.my_gaps(user=request.user)
    download = export_response(
        tables.officer_gaps_table("my-gaps", [(officer, gaps)] if gaps else []), request.GET.get("format", "")
    )
    if download:
        return download
    from cadre.core.charts import GapBar, gap_chart_svg

    chart = None
    if gaps:
        chart = gap_chart_svg(
            bars=[
                GapBar(f"{g.competency['code']} {g.competency['title']}", g.current, g.required) for g in gaps
            ],
            max_level=max(g.required for g in gaps),
            title=_("My competency gaps"),
            description=_("Current level against the level my position requires, per competency."),
            labels={
                "current": _("Current"),
                "required": _("Required"),
                "not_assessed": _("not yet assessed"),
            },
        )
    return render(
        request,
        "needs/my_gaps.html",
        {"officer": officer, "snapshot": snapshot, "gaps": gaps, "chart": chart},
    )


@require_GET
@login_required
def regional(request: HttpRequest) -> HttpResponse:
    data = sel.regional_gaps(user=request.user)
    download = export_response(tables.regional_table(data), request.GET.get("format", ""))
    return download or render(request, "needs/regional.html", {"data": data})


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    administration = managed_administration(
        user=request.user, administration_id=_int(request, "administration")
    )
    current = needs_settings_for(administration=administration)
    initial = {
        "weight_gap": current.weight_gap,
        "weight_criticality": current.weight_criticality,
        "weight_strategy": current.weight_strategy,
        "relevance_mode": current.relevance_mode,
    }
    form = NeedsSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            needs_settings_update(actor=request.user, administration=administration, **form.cleaned_data)
        except DomainError as exc:
            for error in exc.errors:
                form.add_error(error.field if error.field in form.fields else None, error.reason)
        else:
            return redirect(reverse("needs:settings") + f"?administration={administration.pk}")
    return render(request, "needs/settings.html", {"administration": administration, "form": form})


@require_GET
@login_required
def alignment_page(request: HttpRequest) -> HttpResponse:
    administration = managed_administration(
        user=request.user, administration_id=_int(request, "administration")
    )
    snapshot, rows = sel.alignment(user=request.user, administration=administration)
    table = Table(
        "strategic-alignment",
        [
            "Objective",
            "Priority weight",
            "Code",
            "Competency",
            "Relevance",
            "Officers requiring",
            "Meeting",
            "Never assessed",
            "Mean gap",
        ],
        [
            [o.title, o.priority_weight, line.competency.code, line.competency.title, line.relevance]
            + (
                [
                    line.standing["officers"],
                    line.standing["meeting"],
                    line.standing["never_assessed"],
                    None if line.standing["mean_gap"] is None else round(line.standing["mean_gap"], 2),
                ]
                if line.standing
                else [None, None, None, None]
            )
            for o, lines in rows
            for line in lines
        ],
    )
    download = export_response(table, request.GET.get("format", ""))
    return download or render(
        request,
        "needs/alignment.html",
        {
            "administration": administration,
            "snapshot": snapshot,
            "rows": rows,
            "query": request.GET.urlencode(),
        },
    )
