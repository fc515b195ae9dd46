"""Evaluation pages of a session, a course, an instructor; the overview; score entry and imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadre.core.errors import DomainError
from cadre.core.exports import export_response
from cadre.evaluation import selectors
from cadre.evaluation.charts import Bar, bar_chart_svg, line_chart_svg
from cadre.evaluation.exports import course_table, session_table
from cadre.evaluation.forms import LaunchForm, UploadForm, XapiImportForm
from cadre.evaluation.services import learning, questionnaires
from cadre.evaluation.views._common import report
from cadre.tenancy.access import MANAGERS, access_for, actor_for

if TYPE_CHECKING:
    from cadre.delivery.models import Session


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).administration_ids(MANAGERS):
        raise Http404("Not found")
    courses = list(selectors.courses_for_evaluation(user=request.user).filter(administration__isnull=False))
    effectiveness = selectors.course_effectiveness(course_ids=[c.pk for c in courses])
    rows = [(c, effectiveness[c.pk]) for c in courses]
    top = max([e.high for _c, e in rows] + [e.declared_uplift for _c, e in rows] + [1.0])
    chart = bar_chart_svg(
        bars=[
            Bar(
                f"{c.code}",
                e.estimate,
                f"{e.estimate:.2f} ({e.low:.2f}–{e.high:.2f}) n={e.evidence}",
                marker=e.declared_uplift,
                low=e.low,
                high=e.high,
            )
            for c, e in rows
            if e.evidence
        ],
        maximum=top,
        minimum=min([0.0] + [e.low for _c, e in rows if e.evidence]),
        title=_("Measured uplift per course"),
        # xgettext:no-python-format
        description=_("Bars: estimated levels gained; orange: 95% interval; dashed: declared uplift."),
        id_prefix="overview-uplift",
    )
    return render(
        request,
        "evaluation/overview.html",
        {
            "rows": rows,
            "chart": chart,
            "flags": selectors.courses_flagged_for_review(user=request.user),
            "sessions": selectors.sessions_for_evaluation(user=request.user).order_by("-starts_at")[:30],
            "programmes": selectors.programmes_for_user(user=request.user),
        },
    )


def _reaction_chart(reaction: selectors.ReactionSummary, prefix: str) -> str:
    bars = [
        Bar(r.question.prompt, r.likert_mean, f"{r.likert_mean:.2f} / 5 (n={sum(r.likert_counts)})")
        for r in reaction.questions
        if r.likert_mean is not None
    ]
    if not bars:
        return ""
    return bar_chart_svg(
        bars=bars,
        maximum=5,
        minimum=1,
        title=_("Reaction"),
        description=_("Mean agreement per question, 1 to 5."),
        id_prefix=prefix,
    )


@require_GET
@login_required
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get_for_evaluation(user=request.user, session_id=session_id)
    page = selectors.session_evaluation(session=session)
    download = export_response(session_table(page), request.GET.get("format", ""))
    if download:
        return download
    return render(
        request,
        "evaluation/session.html",
        {
            "page": page,
            "session": session,
            "is_manager": access_for(request.user).has_role(session.administration_id, MANAGERS),
            "launch_form": LaunchForm(
                templates=selectors.templates_for_user(user=request.user).filter(
                    pk__in=[t.pk for t in page.templates]
                )
            )
            if page.can_launch
            else None,
            "upload_form": UploadForm(),
            "xapi_form": _xapi_form(session),
            "reaction_chart": _reaction_chart(page.reaction, "session-reaction"),
        },
    )


@require_POST
@login_required
def session_launch(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get_for_evaluation(user=request.user, session_id=session_id)
    form = LaunchForm(
        request.POST,
        templates=selectors.templates_for_user(user=request.user).filter(
            administration_id=session.administration_id, kind="reaction"
        ),
    )
    template = form.cleaned_data["template"] if form.is_valid() else None
    try:
        survey = questionnaires.survey_launch(actor=request.user, session=session, template=template)
        messages.success(
            request, _("Questionnaire sent to %(n)d participants.") % {"n": survey.invitations.count()}
        )
    except DomainError as exc:
        report(request, exc)
    return redirect("evaluation:session", session.pk)


@require_POST
@login_required
def session_scores(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get_for_evaluation(user=request.user, session_id=session_id)
    scores: dict[tuple[int, str], str] = {}
    for key, value in request.POST.items():
        phase, _sep, ident = key.partition("_")
        if phase in ("pre", "post") and ident.isdigit():
            scores[(int(ident), phase)] = str(value)
    try:
        saved = learning.learning_scores_save(actor=actor_for(request.user), session=session, scores=scores)
        messages.success(request, _("%(n)d scores saved.") % {"n": saved})
    except DomainError as exc:
        report(request, exc)
    return redirect("evaluation:session", session.pk)


@require_POST
@login_required
def session_scores_import(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get_for_evaluation(user=request.user, session_id=session_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file."))
        return redirect("evaluation:session", session.pk)
    try:
        result = learning.learning_scores_import(
            actor=actor_for(request.user), session=session, data=form.cleaned_data["file"].read()
        )
        messages.success(request, _("%(n)d scores imported.") % {"n": result.scores})
    except DomainError as exc:
        report(request, exc)
    return redirect("evaluation:session", session.pk)


def _xapi_form(session: Session) -> XapiImportForm:
    config = selectors.learning_test_activity_for(session=session)
    return XapiImportForm(
        initial={
            "pre_test_iri": config.pre_test_iri if config else "",
            "post_test_iri": config.post_test_iri if config else "",
        }
    )


@require_POST
@login_required
def session_scores_import_xapi(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get_for_evaluation(user=request.user, session_id=session_id)
    form = XapiImportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Activity IRIs have at most 500 characters."))
        return redirect("evaluation:session", session.pk)
    try:
        result = learning.learning_scores_import_xapi(
            actor=actor_for(request.user),
            session=session,
            pre_test_iri=form.cleaned_data["pre_test_iri"],
            post_test_iri=form.cleaned_data["post_test_iri"],
        )
        messages.success(
            request,
            _(
                "%(recorded)d scores recorded from %(statements)d xAPI statements"
                " (%(kept)d entered or imported scores kept)."
            )
            % {"recorded": result.recorded, "statements": result.statements, "kept": result.kept},
        )
    except DomainError as exc:
        report(request, exc)
    return redirect("evaluation:session", session.pk)


@require_GET
@login_required
def course_page(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_get_for_evaluation(user=request.user, course_id=course_id)
    page = selectors.course_evaluation(course=course)
    download = export_response(course_table(page), request.GET.get("format", ""))
    if download:
        return download
    eff = page.effectiveness
    uplift_chart = bar_chart_svg(
        bars=[
            Bar(_("Declared"), eff.declared_uplift, f"{eff.declared_uplift:.2f}"),
            Bar(
                _("Observed"),
                eff.observed_uplift,
                f"{eff.observed_uplift:.2f} (n={eff.evidence})"
                if eff.observed_uplift is not None
                else _("no evidence"),
            ),
            Bar(
                _("Estimate"),
                eff.estimate,
                f"{eff.estimate:.2f} ({eff.low:.2f}–{eff.high:.2f})",
                low=eff.low,
                high=eff.high,
            ),
        ],
        maximum=max(eff.high, eff.declared_uplift, eff.observed_uplift or 0, 1.0),
        minimum=min(0.0, eff.low, eff.observed_uplift or 0),
        title=_("Competency uplift"),
        description=_(
            # xgettext:no-python-format
            "Levels gained: declared in the catalogue, observed, and the shrunk estimate with its 95% interval."
        ),
        id_prefix="course-uplift",
    )
    kpi_charts = [
        (
            k,
            line_chart_svg(
                points=k.series,
                pivot=page.results.first_completion,
                title=k.kpi.name,
                description=_("KPI values over time; dashed line: first completion of the course."),
                pivot_label=_("training"),
                id_prefix=f"kpi-{k.kpi.pk}",
            ),
        )
        for k in page.results.kpis
    ]
    return render(
        request,
        "evaluation/course.html",
        {
            "page": page,
            "course": course,
            "uplift_chart": uplift_chart,
            "kpi_charts": kpi_charts,
            "reaction_chart": _reaction_chart(page.reaction, "course-reaction"),
        },
    )


@require_GET
@login_required
def instructor_page(request: HttpRequest, instructor_id: int) -> HttpResponse:
    instructor = selectors.instructor_get_for_evaluation(user=request.user, instructor_id=instructor_id)
    page = selectors.instructor_evaluation(instructor=instructor)
    return render(
        request,
        "evaluation/instructor.html",
        {
            "page": page,
            "instructor": instructor,
            "reaction_chart": _reaction_chart(page.reaction, "instructor-reaction"),
        },
    )
