"""Read the catalogue, scoped to the caller.

Visibility: an administration's courses, modules and national legal instruments are read by its
members; the regional catalogue (rows owned by the region) is read by every member of the region.
Editing: an administration's content by its managers; the region's by its regional admins.
A foreign or missing id answers the same 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.catalogue.models import (
    Citation,
    Course,
    CourseObjective,
    CoursePrerequisite,
    Edition,
    LegalInstrument,
    LifecycleStatus,
    Module,
    Notice,
)
from cadre.competencies.models import Competency
from cadre.competencies.selectors import competencies_for_administration, competencies_for_region
from cadre.core.pickers import PickerOption, PickerResult, picker_filter
from cadre.tenancy.access import MANAGERS, MEMBERS, access_for, get_scoped_or_404
from cadre.tenancy.models import Membership
from cadre.tenancy.types import Role
from cadre.translations.selectors import translated_texts, with_translations

#: Days before a review falls due when it shows as "due soon" and its owner gets a reminder.
DEFAULT_REMINDER_DAYS = 30


def _readable(user: Any) -> Q:
    access = access_for(user)
    return Q(administration_id__in=access.administration_ids(MEMBERS)) | Q(region_id__in=access.region_ids())


def _editable(user: Any) -> Q:
    access = access_for(user)
    return Q(administration_id__in=access.administration_ids(MANAGERS)) | Q(
        region_id__in=access.region_ids({Role.REGIONAL_ADMIN})
    )


def may_edit_owner(*, user: Any, administration_id: int | None, region_id: int | None) -> bool:
    """Whether the user may change content owned by this administration (or this region)."""
    access = access_for(user)
    if administration_id is not None:
        return access.has_role(administration_id, MANAGERS)
    return region_id in access.region_ids({Role.REGIONAL_ADMIN})


# Courses ------------------------------------------------------------------------------------------


def courses_visible_to(*, user: Any) -> QuerySet[Course]:
    return Course.objects.filter(_readable(user)).select_related(
        "administration", "region", "owner", "adopted_from"
    )


def course_get_for_user(*, user: Any, course_id: int) -> Course:
    return get_scoped_or_404(courses_visible_to(user=user), pk=course_id)


def courses_editable_by(*, user: Any) -> QuerySet[Course]:
    return Course.objects.filter(_editable(user)).select_related("administration", "region", "adopted_from")


def course_get_editable(*, user: Any, course_id: int) -> Course:
    return get_scoped_or_404(courses_editable_by(user=user), pk=course_id)


def courses_listed_for(*, user: Any) -> QuerySet[Course]:
    """The catalogue list's rows: visible courses, each with its title in the viewer's language
    (``title_tr``, searched by the list's filter too)."""
    return with_translations(courses_visible_to(user=user), kind="course", fields=["title"])


def course_search(
    *,
    user: Any,
    mode: str | None = None,
    competency_id: int | None = None,
    language: str | None = None,
    status: str | None = None,
    query: str | None = None,
    scope: str | None = None,
) -> QuerySet[Course]:
    """The catalogue with its filters; ``scope`` is "regional" or "national".

    Each course carries its title in the viewer's language (``title_tr``), searched too.
    """
    courses = with_translations(courses_visible_to(user=user), kind="course", fields=["title"])
    if mode:
        courses = courses.filter(delivery_mode=mode)
    if competency_id:
        # __pk: an id past 64 bits matches nothing (competency_id= overflows SQLite: a 500)
        courses = courses.filter(objectives__competency__pk=competency_id)
    if language:
        # The JSON text of the list holds each code in quotes: works on SQLite and PostgreSQL alike.
        courses = courses.filter(languages__icontains=f'"{language}"')
    if status:
        courses = courses.filter(status=status)
    if query:
        courses = courses.filter(
            Q(code__icontains=query)
            | Q(title__icontains=query)
            | Q(title_tr__icontains=query)
            | Q(description__icontains=query)
        )
    if scope == "regional":
        courses = courses.filter(region__isnull=False)
    elif scope == "national":
        courses = courses.filter(administration__isnull=False)
    return courses.distinct().order_by("code", "pk")


@dataclass(frozen=True)
class ReviewState:
    due_on: dt.date
    days_left: int
    overdue: bool
    due_soon: bool


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def reminder_days() -> int:
    return int(getattr(settings, "CADRE_REVIEW_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def review_state(*, item: Course | Module, today: dt.date | None = None) -> ReviewState:
    """When the item's next review is due: its interval after the last review (or its creation)."""
    today = today or timezone.localdate()
    since = item.last_reviewed_on or timezone.localdate(item.created_at)
    due_on = _add_months(since, item.review_interval_months)
    days_left = (due_on - today).days
    return ReviewState(due_on, days_left, days_left < 0, 0 <= days_left <= reminder_days())


@dataclass(frozen=True)
class SupersededCitation:
    citation: Citation
    edition: Edition
    successor: Edition


def superseded_citations(item: Course | Module) -> list[SupersededCitation]:
    """Citations (prefetched) whose edition has been superseded."""
    return [
        SupersededCitation(c, c.edition, c.edition.superseded_by)  # type: ignore[arg-type]
        for c in item.citations.all()
        if c.edition.superseded_by_id is not None
    ]


_CITATIONS = Prefetch(
    "citations",
    queryset=Citation.objects.select_related("edition__instrument", "edition__superseded_by").order_by(
        "edition__instrument__code", "edition__label"
    ),
)


@dataclass(frozen=True)
class CourseDetail:
    course: Course
    objectives: list[CourseObjective]
    modules: list[Module]
    prerequisites: list[CoursePrerequisite]
    citations: list[Citation]
    superseded: list[SupersededCitation]
    review: ReviewState
    can_edit: bool
    revision_available: bool
    adoptable_by: list[Any] = field(default_factory=list)  # administrations the caller could adopt it for


def course_detail(*, user: Any, course_id: int) -> CourseDetail:
    """One visible course with everything its page shows (a fixed number of queries), its texts and
    its objectives' competency titles in the viewer's language where translated."""
    objectives = with_translations(
        CourseObjective.objects.select_related("competency__framework").order_by(
            "competency__sequence", "competency__code"
        ),
        kind="competency",
        fields=["title"],
        record="competency_id",
        prefix="competency_",
    )
    course = get_scoped_or_404(
        with_translations(
            courses_visible_to(user=user), kind="course", fields=["title", "description"]
        ).prefetch_related(
            _CITATIONS,
            Prefetch("objectives", queryset=objectives),
            Prefetch(
                "prerequisites",
                queryset=CoursePrerequisite.objects.select_related("required_course", "competency"),
            ),
            Prefetch("modules", queryset=visible_modules(user=user).order_by("sequence", "code")),
        ),
        pk=course_id,
    )
    adoptable: list[Any] = []
    if course.region_id is not None and course.status != LifecycleStatus.RETIRED:
        adoptable = list(administrations_that_may_adopt(user=user, course=course))
    return CourseDetail(
        course=course,
        objectives=list(course.objectives.all()),
        modules=list(course.modules.all()),
        prerequisites=list(course.prerequisites.all()),
        citations=list(course.citations.all()),
        superseded=superseded_citations(course),
        review=review_state(item=course),
        can_edit=may_edit_owner(
            user=user, administration_id=course.administration_id, region_id=course.region_id
        ),
        revision_available=course_revision_available(course=course),
        adoptable_by=adoptable,
    )


def administrations_that_may_adopt(*, user: Any, course: Course) -> QuerySet[Any]:
    """Administrations the caller manages, in the course's region, that have not adopted it yet."""
    from cadre.tenancy.selectors import administrations_for_user

    return (
        administrations_for_user(user=user, roles=MANAGERS)
        .filter(region_id=course.region_id or 0)
        .exclude(courses__adopted_from=course)
    )


def course_revision_available(*, course: Course) -> bool:
    """An adopted copy whose regional source has moved to another version since adoption."""
    source = course.adopted_from
    return source is not None and source.version != course.adopted_version


def courses_with_regional_revision(*, user: Any) -> QuerySet[Course]:
    """Adopted courses the caller may edit whose regional source has a newer version."""
    from django.db.models import F

    return (
        courses_editable_by(user=user)
        .filter(adopted_from__isnull=False)
        .exclude(adopted_from__version=F("adopted_version"))
    )


@dataclass(frozen=True)
class Difference:
    field: str
    label: Any
    mine: str
    regional: str


_COMPARED = (
    ("title", _("Title")),
    ("description", _("Description")),
    ("delivery_mode", _("Delivery mode")),
    ("duration_days", _("Duration (days)")),
    ("duration_minutes", _("Duration (minutes)")),
    ("languages", _("Languages")),
    ("min_participants", _("Minimum participants")),
    ("max_participants", _("Maximum participants")),
    ("instructor_qualification", _("Instructor qualification")),
    ("version", _("Version")),
    ("status", _("Status")),
)


def _objectives_text(course: Course) -> str:
    rows = course.objectives.select_related("competency").order_by("competency__code")
    return "; ".join(f"{o.competency.code} → {o.target_level}" for o in rows)


def _modules_text(course: Course) -> str:
    return "; ".join(f"{m.code} {m.title}" for m in course.modules.order_by("sequence", "code"))


def course_regional_differences(*, course: Course) -> list[Difference]:
    """What differs between an adopted copy and its regional source today."""
    source = course.adopted_from
    if source is None:
        return []
    out = []
    for name, label in _COMPARED:
        mine, theirs = getattr(course, name), getattr(source, name)
        if mine != theirs:
            out.append(Difference(name, label, str(mine), str(theirs)))
    for name, label, fn in (
        ("objectives", _("Objectives"), _objectives_text),
        ("modules", _("Modules"), _modules_text),
    ):
        mine, theirs = fn(course), fn(source)
        if mine != theirs:
            out.append(Difference(name, label, mine, theirs))
    return out


def competencies_for_owner(*, administration_id: int | None, region_id: int | None) -> QuerySet[Competency]:
    """Competencies content of this owner may target, with scales loaded."""
    if administration_id is not None:
        qs = competencies_for_administration(administration_id=administration_id)
    else:
        qs = competencies_for_region(region_id=region_id or 0)
    return (
        qs.select_related("framework__scale")
        .prefetch_related("framework__scale__levels")
        .order_by("framework__title", "sequence", "code")
    )


def prerequisite_course_choices(*, course: Course) -> QuerySet[Course]:
    """Courses that may be required before this one: same owner, or regional of the same region."""
    region_id = course.region_id or (course.administration.region_id if course.administration else None)
    q = Q(region_id=region_id)
    if course.administration_id is not None:
        q |= Q(administration_id=course.administration_id)
    return Course.objects.filter(q).exclude(pk=course.pk).order_by("code")


def content_owner_choices(*, administration_id: int | None, region_id: int | None) -> QuerySet[Any]:
    """Users who may own content of this owner: its members (regional content: the region's people)."""
    from django.contrib.auth import get_user_model

    if administration_id is not None:
        q = Q(administration_id=administration_id)
    else:
        q = Q(region_id=region_id) | Q(administration__region_id=region_id)
    user_ids = Membership.objects.filter(q).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("username")


# Modules ------------------------------------------------------------------------------------------


def visible_modules(*, user: Any) -> QuerySet[Module]:
    return Module.objects.filter(_readable(user)).select_related(
        "course", "owner", "administration", "region"
    )


def module_get_for_user(*, user: Any, module_id: int) -> Module:
    return get_scoped_or_404(
        visible_modules(user=user).prefetch_related(_CITATIONS, "competencies"), pk=module_id
    )


def modules_editable_by(*, user: Any) -> QuerySet[Module]:
    return Module.objects.filter(_editable(user)).select_related("course")


def module_get_editable(*, user: Any, module_id: int) -> Module:
    return get_scoped_or_404(modules_editable_by(user=user), pk=module_id)


def module_search(
    *, user: Any, query: str | None = None, standalone: bool = False, status: str | None = None
) -> QuerySet[Module]:
    modules = visible_modules(user=user)
    if standalone:
        modules = modules.filter(course__isnull=True)
    if status:
        modules = modules.filter(status=status)
    if query:
        modules = modules.filter(Q(code__icontains=query) | Q(title__icontains=query))
    return modules.order_by("code", "pk")


# Legal instruments and editions ------------------------------------------------------------------


def instruments_visible_to(*, user: Any) -> QuerySet[LegalInstrument]:
    return LegalInstrument.objects.filter(_readable(user)).select_related("administration", "region")


def editions_visible_to(*, user: Any) -> QuerySet[Edition]:
    return (
        Edition.objects.filter(instrument__in=instruments_visible_to(user=user))
        .select_related("instrument__administration", "instrument__region", "superseded_by")
        .order_by("instrument__code", "in_force_from", "label")
    )


def edition_get_for_user(*, user: Any, edition_id: int) -> Edition:
    return get_scoped_or_404(editions_visible_to(user=user), pk=edition_id)


def editions_supersedable_by(*, user: Any) -> QuerySet[Edition]:
    """Editions whose supersession the caller may record: regional admins for regional instruments,
    managers for their administration's national ones."""
    access = access_for(user)
    return editions_visible_to(user=user).filter(
        Q(instrument__administration_id__in=access.administration_ids(MANAGERS))
        | Q(instrument__region_id__in=access.region_ids({Role.REGIONAL_ADMIN}))
    )


def edition_get_supersedable(*, user: Any, edition_id: int) -> Edition:
    return get_scoped_or_404(editions_supersedable_by(user=user), pk=edition_id)


def citable_editions(*, administration_id: int | None, region_id: int | None) -> QuerySet[Edition]:
    """Current (not superseded) editions content of this owner may cite."""
    q = Q(instrument__region_id=region_id)
    if administration_id is not None:
        q |= Q(instrument__administration_id=administration_id)
    return (
        Edition.objects.filter(q, superseded_by__isnull=True)
        .select_related("instrument")
        .order_by("instrument__code", "label")
    )


@dataclass(frozen=True)
class EditionCiters:
    courses: list[Course]
    modules: list[Module]


def edition_citing_items(*, user: Any, edition: Edition) -> EditionCiters:
    """Visible courses and modules citing this edition (the items a supersession flags)."""
    return EditionCiters(
        courses=list(courses_visible_to(user=user).filter(citations__edition=edition).distinct()),
        modules=list(visible_modules(user=user).filter(citations__edition=edition).distinct()),
    )


# Obsolescence -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObsolescenceItem:
    kind: str  # "course" or "module"
    item: Course | Module
    review: ReviewState
    superseded: list[SupersededCitation]

    @property
    def owner(self) -> Any:
        return self.item.owner


@dataclass(frozen=True)
class ObsolescenceReport:
    items: list[ObsolescenceItem]

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.review.overdue)

    @property
    def due_soon(self) -> int:
        return sum(1 for i in self.items if i.review.due_soon)

    @property
    def superseded(self) -> int:
        return sum(1 for i in self.items if i.superseded)


def _flagged(kind: str, rows: QuerySet[Any], today: dt.date) -> list[ObsolescenceItem]:
    out = []
    for row in rows:
        review = review_state(item=row, today=today)
        superseded = superseded_citations(row)
        if review.overdue or review.due_soon or superseded:
            out.append(ObsolescenceItem(kind, row, review, superseded))
    return out


def _obsolescence(courses: QuerySet[Course], modules: QuerySet[Module], today: dt.date) -> ObsolescenceReport:
    courses = (
        courses.exclude(status=LifecycleStatus.RETIRED).select_related("owner").prefetch_related(_CITATIONS)
    )
    modules = (
        modules.exclude(status=LifecycleStatus.RETIRED).select_related("owner").prefetch_related(_CITATIONS)
    )
    items = _flagged("course", courses, today) + _flagged("module", modules, today)
    items.sort(key=lambda i: (not i.superseded, i.review.due_on, i.item.code))
    return ObsolescenceReport(items)


def obsolescence_report(*, user: Any, today: dt.date | None = None) -> ObsolescenceReport:
    """Overdue or soon-due reviews and superseded citations: everything the caller manages, plus
    the visible items the caller owns."""
    today = today or timezone.localdate()
    mine = Q(owner_id=user.pk)
    courses = Course.objects.filter(_editable(user) | (mine & _readable(user)))
    modules = Module.objects.filter(_editable(user) | (mine & _readable(user)))
    return _obsolescence(courses, modules, today)


def obsolescence_report_system_wide(*, today: dt.date) -> ObsolescenceReport:
    """Every flagged item of the installation: for the reminder task only, never for a page."""
    return _obsolescence(
        Course.objects.filter(owner__isnull=False), Module.objects.filter(owner__isnull=False), today
    )


def obsolescence_visible_to(*, user: Any) -> bool:
    """Managers, regional admins, and anyone who owns content."""
    access = access_for(user)
    if access.administration_ids(MANAGERS) or access.region_ids({Role.REGIONAL_ADMIN}):
        return True
    return (
        Course.objects.filter(owner_id=user.pk).exists() or Module.objects.filter(owner_id=user.pk).exists()
    )


# Notices ------------------------------------------------------------------------------------------


def notices_for(*, user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(user_id=user.pk)


def notice_get_for_user(*, user: Any, notice_id: int) -> Notice:
    return get_scoped_or_404(notices_for(user=user), pk=notice_id)


def courses_for_planning(*, administration_id: int) -> QuerySet[Course]:
    """Active courses an administration can run, with objectives and prerequisites (the planner's input)."""
    return Course.objects.filter(
        administration_id=administration_id, status=LifecycleStatus.ACTIVE
    ).prefetch_related("objectives", "prerequisites")


def modules_for_activity(*, administration_id: int, region_id: int, activity_iri: str) -> QuerySet[Module]:
    """Modules of an administration (or of its region) that an xAPI activity IRI is linked to."""
    return (
        Module.objects.filter(activity_iri=activity_iri)
        .filter(Q(administration_id=administration_id) | Q(region_id=region_id))
        .select_related("course")
        .prefetch_related("competencies", "course__objectives")
    )


def course_tracked_modules(*, course_id: int) -> list[Module]:
    """The modules of a course that report through xAPI (an activity IRI): what completes it online."""
    return list(
        Module.objects.filter(course_id=course_id)
        .exclude(activity_iri="")
        .exclude(status=LifecycleStatus.RETIRED)
        .order_by("sequence", "code", "pk")
    )


def _launchable(*, administration_id: int, region_id: int) -> QuerySet[Module]:
    return (
        Module.objects.filter(Q(administration_id=administration_id) | Q(region_id=region_id))
        .filter(kind=Module.Kind.XAPI, status=LifecycleStatus.ACTIVE)
        .exclude(activity_iri="")
        .exclude(url="")
        .select_related("course")
    )


def modules_launchable_for(*, administration_id: int, region_id: int) -> QuerySet[Module]:
    """Active xAPI modules with a launch address that an officer of this administration may start."""
    return _launchable(administration_id=administration_id, region_id=region_id).order_by(
        "course__code", "sequence", "code", "pk"
    )


def module_get_launchable(*, administration_id: int, region_id: int, module_id: int) -> Module:
    """One launchable module; a foreign, missing or non-launchable id answers the same 404."""
    return get_scoped_or_404(
        _launchable(administration_id=administration_id, region_id=region_id), pk=module_id
    )


# Pickers ------------------------------------------------------------------------------------------


def course_option(course: Course) -> PickerOption:
    owner = (
        course.administration.name
        if course.administration_id and course.administration
        else (course.region.name if course.region_id and course.region else "")
    )
    return PickerOption(
        pk=course.pk,
        label=f"{course.code} {course.title}",
        details=tuple(d for d in (owner, course.get_delivery_mode_display()) if d),
    )


def courses_search(*, user: Any, query: str, limit: int) -> PickerResult:
    """Courses the caller can read whose code or title matches ``query``."""
    courses = courses_visible_to(user=user).order_by("code", "pk")
    return picker_filter(courses, query=query, fields=("code", "title"), limit=limit, describe=course_option)


def courses_by_id(*, course_ids: list[int]) -> dict[int, Course]:
    """The courses with these ids, by id (one query; unknown ids are left out)."""
    return Course.objects.in_bulk(course_ids)


def course_module_activity_iris(*, course_id: int) -> set[str]:
    """The xAPI activity IRIs of a course's modules (any status): where its test scores are reported."""
    return set(
        Module.objects.filter(course_id=course_id)
        .exclude(activity_iri="")
        .values_list("activity_iri", flat=True)
    )


# for home (moved from translations.selectors, which may not import catalogue):
def course_titles_for_viewer(*, user: Any) -> dict[int, str]:
    """Course id → title in the viewer's language, for the courses the user may see that have one
    (one query, for pages that name courses gathered from many querysets, such as the work queues)."""
    return translated_texts(
        kind="course", field="title", record_ids=courses_visible_to(user=user).values("pk")
    )
