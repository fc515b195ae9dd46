"""Recommendations and the learner's home: courses and modules that close an officer's largest gaps.

A gap's weight follows the needs engine's priority score with its default weights:
``gap x (1 + 0.5 x criticality + S(c))``, where S(c) is the competency's strategic relevance
(``cadre.strategy.selectors.strategic_relevance``). Gaps never assessed are shown, not weighted:
an unknown level is not a zero. A course scores the weighted share of each gap it closes (up to
its target level); a module scores the weights of the gaps in its competencies. Courses the
officer cannot take (language, prerequisites), already passed or already requested are left out.
A course's score is then multiplied by its measured effectiveness (``Effectiveness.ratio`` from
evaluation: measured uplift / declared uplift, 1 without evidence), so courses that deliver more
than they claim rise and those that deliver less sink.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.models import Course, LifecycleStatus, Module
from cadre.competencies.models import Competency
from cadre.competencies.selectors import officer_competency_profile
from cadre.delivery.hooks import course_effect_multipliers
from cadre.delivery.models import Enrolment, Session
from cadre.delivery.selectors import (
    officer_enrolments,
    officer_passed_course_ids,
    officer_unmet_prerequisites,
    officer_upcoming_sessions,
    today_for,
)
from cadre.people.models import Officer
from cadre.strategy.selectors import objective_titles_by_competency, strategic_relevance

MAX_COURSES = 5
MAX_MODULES = 5


@dataclass(frozen=True)
class Gap:
    competency: Competency
    current: int | None
    required: int
    current_label: str
    required_label: str
    criticality: int
    relevance: float
    objectives: list[str]

    @property
    def size(self) -> int | None:
        return None if self.current is None else max(0, self.required - self.current)

    @property
    def weight(self) -> float:
        if not self.size:
            return 0.0
        return self.size * (1 + 0.5 * self.criticality + self.relevance)

    def reason(self) -> str:
        """The gap in words: "Risk analysis: you are Trained, your role needs Advanced; it serves ..."."""
        text = _("%(competency)s: you are %(current)s, your role needs %(required)s") % {
            "competency": self.competency.title,
            "current": self.current_label,
            "required": self.required_label,
        }
        if self.objectives:
            text += "; " + _("it serves the objective %(objective)s") % {"objective": self.objectives[0]}
        return text


@dataclass(frozen=True)
class Recommendation:
    item: Course | Module
    kind: str  # "course" or "module"
    score: float
    gaps: list[Gap]
    next_session: Session | None = None

    @property
    def reason(self) -> str:
        text = self.gaps[0].reason()
        if len(self.gaps) > 1:
            text += " " + _("(and %(count)d more gaps)") % {"count": len(self.gaps) - 1}
        return text


def officer_gaps(*, officer: Officer) -> list[Gap]:
    """The officer's requirements as gaps, largest weight first (unknown levels last)."""
    profile = officer_competency_profile(officer=officer)
    today = today_for(administration_id=officer.administration_id)
    relevance = strategic_relevance(administration_id=officer.administration_id, as_of=today)
    objectives = objective_titles_by_competency(administration_id=officer.administration_id, as_of=today)
    labels = profile.level_labels

    def label(level: int | None) -> str:
        if level is None:
            return _("not yet assessed")
        return labels.get(level, str(level))

    gaps = [
        Gap(
            competency=s.requirement.competency,
            current=s.current,
            required=s.requirement.required_level,
            current_label=label(s.current),
            required_label=label(s.requirement.required_level),
            criticality=s.requirement.criticality,
            relevance=relevance.get(s.requirement.competency_id, 0.0),
            objectives=objectives.get(s.requirement.competency_id, []),
        )
        for s in profile.statuses
        if not s.meets
    ]
    return sorted(gaps, key=lambda g: (g.current is None, -g.weight, g.competency.title))


def _speaks(officer: Officer, languages: list[str]) -> bool:
    return not languages or bool(set(languages) & set(officer.languages or []))


def _course_recommendations(officer: Officer, gaps: dict[int, Gap]) -> list[Recommendation]:
    taken = officer_passed_course_ids(officer_id=officer.pk) | set(
        Enrolment.objects.filter(officer=officer, state__in=Enrolment.ACTIVE).values_list(
            "session__course_id", flat=True
        )
    )
    courses = (
        Course.objects.filter(
            administration_id=officer.administration_id,
            status=LifecycleStatus.ACTIVE,
            objectives__competency_id__in=list(gaps),
        )
        .exclude(pk__in=taken)
        .distinct()
        .prefetch_related("objectives")
    )
    candidates = [c for c in courses if _speaks(officer, list(c.languages or []))]
    multipliers = course_effectiveness_multipliers(course_ids=[c.pk for c in candidates])
    out = []
    for course in candidates:
        closed: list[tuple[float, Gap]] = []
        for objective in course.objectives.all():
            gap = gaps.get(objective.competency_id)
            if gap is None or gap.current is None or objective.target_level <= gap.current:
                continue
            share = (min(objective.target_level, gap.required) - gap.current) / (gap.required - gap.current)
            closed.append((gap.weight * share, gap))
        if not closed or officer_unmet_prerequisites(course_id=course.pk, officer=officer):
            continue
        closed.sort(key=lambda pair: -pair[0])
        out.append(
            Recommendation(
                item=course,
                kind="course",
                score=sum(w for w, _g in closed) * multipliers.get(course.pk, 1.0),
                gaps=[g for _w, g in closed],
                next_session=_next_session(course, officer),
            )
        )
    return sorted(out, key=lambda r: (-r.score, r.item.code))[:MAX_COURSES]


def course_effectiveness_multipliers(*, course_ids: list[int]) -> dict[int, float]:
    """Measured effectiveness as a multiplier per course: 1 without evidence or without a declared uplift."""
    return course_effect_multipliers(course_ids=course_ids)


def _next_session(course: Course, officer: Officer) -> Session | None:
    return (
        Session.objects.filter(
            course=course,
            status=Session.Status.SCHEDULED,
            self_paced=False,
            starts_at__gte=timezone.now(),
            language__in=list(officer.languages or []),
        )
        .order_by("starts_at")
        .first()
    )


def _module_recommendations(officer: Officer, gaps: dict[int, Gap]) -> list[Recommendation]:
    region_id = officer.administration.region_id
    modules = (
        Module.objects.filter(
            Q(administration_id=officer.administration_id) | Q(region_id=region_id),
            status=LifecycleStatus.ACTIVE,
            competencies__in=list(gaps),
        )
        .distinct()
        .prefetch_related("competencies")
    )
    out = []
    for module in modules:
        if not _speaks(officer, list(module.languages or [])):
            continue
        served = sorted(
            (gaps[c.pk] for c in module.competencies.all() if c.pk in gaps and gaps[c.pk].weight > 0),
            key=lambda g: -g.weight,
        )
        if served:
            out.append(
                Recommendation(item=module, kind="module", score=sum(g.weight for g in served), gaps=served)
            )
    return sorted(out, key=lambda r: (-r.score, getattr(r.item, "minutes", 0), r.item.code))[:MAX_MODULES]


def officer_recommendations(
    *, officer: Officer, gaps: list[Gap] | None = None
) -> tuple[list[Recommendation], list[Recommendation]]:
    """Ranked courses and modules for the officer's weighted gaps: (courses, modules)."""
    gaps = officer_gaps(officer=officer) if gaps is None else gaps
    weighted = {g.competency.pk: g for g in gaps if g.weight > 0}
    if not weighted:
        return [], []
    return _course_recommendations(officer, weighted), _module_recommendations(officer, weighted)


@dataclass(frozen=True)
class LearnerHome:
    officer: Officer
    gaps: list[Gap]
    courses: list[Recommendation]
    modules: list[Recommendation]
    upcoming: list[Session]
    requests: list[Enrolment]


def learner_home(*, officer: Officer) -> LearnerHome:
    """Everything the learner's home page shows, for one officer."""
    gaps = officer_gaps(officer=officer)
    courses, modules = officer_recommendations(officer=officer, gaps=gaps)
    return LearnerHome(
        officer=officer,
        gaps=gaps,
        courses=courses,
        modules=modules,
        upcoming=list(officer_upcoming_sessions(officer=officer)),
        requests=list(officer_enrolments(officer=officer)[:20]),
    )


def recommendations_as_rows(recommendations: list[Recommendation]) -> list[dict[str, Any]]:
    """Plain rows for the API."""
    return [
        {
            "kind": r.kind,
            "id": r.item.pk,
            "code": r.item.code,
            "title": r.item.title,
            "score": round(r.score, 3),
            "reason": r.reason,
            "competency_ids": [g.competency.pk for g in r.gaps],
            "next_session_id": r.next_session.pk if r.next_session else None,
        }
        for r in recommendations
    ]
