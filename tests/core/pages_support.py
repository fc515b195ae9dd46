"""Support for test_pages_tenancy: the site's URL patterns, and Alpha's objects to fill them with."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from cadre.accounts.services import api_token_issue
from cadre.calendars.services import closure_add
from cadre.catalogue.models import Citation
from cadre.catalogue.services.lifecycle import notice_send
from cadre.cmi5.services.imports import course_package_import
from cadre.cmi5.services.launches import au_launch, registration_get_or_create
from cadre.community.services import (
    call_open,
    event_create,
    expert_register,
    mission_request,
    nomination_create,
)
from cadre.core.models import AuditEvent
from cadre.delivery.models import Enrolment, Session
from cadre.delivery.services import calendar_token_issue
from cadre.evaluation.models import FollowUp
from cadre.evaluation.services.programmes import programme_benefit_add, programme_create
from cadre.evaluation.services.questionnaires import (
    QuestionInput,
    questionnaire_template_create,
    survey_launch,
)
from cadre.lrs.demo import load_xapi_module_demo
from cadre.planning.models import PlannedAssignment, PlannedSession
from cadre.planning.services import plan_create
from cadre.practices.services import practice_create
from cadre.tenancy.access import actor_for
from cadre.tenancy.models import Membership
from tests.api.test_mounted_tenancy import _build
from tests.planning.builders import finished_run, unit_budget
from tests.practices.conftest import make_input
from tests.support import factories as f
from tests.support.world import Side, World

#: Under ``xapi/`` only the LRS resources (basic auth, tested in tests/lrs) and its credentials
#: pages are skipped; a page for logged-in officers there (``xapi/launch/``) is swept like any other.
XAPI_RESOURCES = tuple(f"xapi/{r}" for r in ("statements", "activities", "agents", "about", "clients/"))
SKIPPED_PREFIXES = (
    "django-admin/",
    "i18n/",
    "api/v1/",
    "^api/v1/",
    *XAPI_RESOURCES,
    # cmi5's capability URLs (one-time fetch token, package content by unguessable id): no login
    # and no tenant lookup by id; tested in tests/cmi5.
    "launch/",
    "static/",
    "media/",
)
CMI5_ALPHA_XML = (
    b'<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">'
    b'<course id="https://example.org/alpha/course"><title><langstring>Alpha cmi5 course</langstring></title>'
    b"<description><langstring>d</langstring></description></course>"
    b'<au id="https://example.org/alpha/au" moveOn="Completed"><title><langstring>Alpha AU</langstring></title>'
    b"<description><langstring>d</langstring></description><url>https://example.org/alpha/au.html</url></au>"
    b"</courseStructure>"
)
#: Objects of the region, visible to every member by design: Beta may read them, never break them.
REGIONAL = frozenset({"event_id", "expert_id"})
#: (url name, parameter) whose value is not the same kind of object as the bare name says.
QUALIFIED = {
    ("planning:session_lock", "session_id"): "planned_session",
    ("delivery:feed_me_token", "token"): "calendar_token",
    ("delivery:feed_instructor_token", "token"): "calendar_token",
    ("delivery:feed_session_token", "token"): "calendar_token",
    ("evaluation:respond", "token"): "invitation_token",
    ("delivery:certificate", "enrolment_id"): "completed_enrolment",
    ("lrs:module_launch", "module_id"): "launchable_module",
    ("translations:edit", "record_id"): "course",
}
#: Pages Alpha's manager is not the one to reach: the persona of the control, or why there is none.
CONTROL = {
    "tenancy:membership_revoke": "admin",
    "delivery:session_request": "learner",
    "evaluation:respond_survey": "learner",
    "evaluation:respond": "learner",
    "community:nomination_select": "coordinator",
    "community:nomination_waitlist": "coordinator",
    "community:nomination_decline": "coordinator",
    "community:nomination_attended": "coordinator",
    "catalogue:course_adopt": "acts on a regional course, not a national one",
    "catalogue:course_differences": "acts on an adopted course only",
    "catalogue:module_download": "answers only for file modules",
    "practices:request_changes": "the coordinator's, on submitted practices only",
    "practices:publish": "the coordinator's, on submitted practices only",
    "practices:archive": "the coordinator's, on published practices only",
    "community:certificate": "answers only once the nominee attended",
    "cmi5:au_launch": "learner",
    "lrs:module_launch": "learner",
}
#: Parameters that are not ids: every value tried, or a value per kind of object.
CHOICES = {
    "kind": ("course", "module"),
    "action": ("approve", "reject", "confirm", "cancel"),
    "record_kind": ("course",),  # the other kinds: tests/translations
}
#: Path parameter -> key of Estate.values. A new parameter must be added here (or to QUALIFIED).
KIND_OF = {
    "token_id": "api_token",
    "org_unit_id": "unit",
    "membership_id": "membership",
    "officer_id": "officer",
    "framework_id": "framework",
    "profile_id": "profile",
    "position_id": "position",
    "objective_id": "objective",
    "link_id": "objective_link",
    "snapshot_id": "snapshot",
    "course_id": "course",
    "module_id": "module",
    "item_id": "item",  # with "kind": the course or module
    "citation_id": "citation",
    "edition_id": "edition",
    "notice_id": "notice",
    "session_id": "session",
    "enrolment_id": "enrolment",
    "instructor_id": "instructor",
    "plan_id": "plan",
    "assignment_id": "assignment",
    "run_id": "plan_run",
    "budget_id": "unit_budget",
    "programme_id": "programme",
    "benefit_id": "benefit",
    "survey_id": "survey",
    "follow_up_id": "follow_up",
    "administration_id": "administration",
    "practice_id": "practice",
    "event_id": "event",
    "expert_id": "expert",
    "nomination_id": "nomination",
    "mission_id": "mission",
    "package_id": "cmi5_package",
    "au_id": "cmi5_au",
    "closure_id": "closure",
    "registration_id": "cmi5_registration",
    "session_pk": "cmi5_session",
}


@dataclass(frozen=True)
class Page:
    route: str  # e.g. "sessions/<int:session_id>/cancel/"
    name: str  # e.g. "delivery:session_cancel"
    params: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name} /{self.route}"

    def kind_of(self, param: str) -> str | None:
        return QUALIFIED.get((self.name, param)) or KIND_OF.get(param)

    @property
    def regional(self) -> bool:
        return bool(REGIONAL & set(self.params))

    @property
    def own(self) -> bool:
        """Only the caller's own credential in the path (their calendar feed): no object of Alpha's."""
        return all(self.kind_of(p) == "calendar_token" for p in self.params)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[Page]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            found += _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
            found.append(
                Page(route, f"{namespace}:{pattern.name}" if namespace else str(pattern.name), params)
            )
    return found


PAGES = _walk(get_resolver().url_patterns)


@dataclass
class Estate:
    """Alpha's objects for every parameter, and the distinctive names Beta must never see."""

    side: Side
    values: dict[str, Any]
    names: list[str]

    def urls(self, page: Page, *, token_for: Any = None) -> list[str]:
        """Every URL of the page filled with Alpha's objects (one per choice of ``kind``/``action``)."""
        urls = [page.route]
        for param in page.params:
            options: tuple[str, ...]
            if param in CHOICES:
                options = CHOICES[param]
            elif page.kind_of(param) == "calendar_token":
                options = (calendar_token_issue(user=token_for) if token_for else "cal_bogus",)
            else:
                kind = page.kind_of(param)
                assert kind is not None, f"{page}: path parameter {param!r} is unmapped: add it to KIND_OF"
                options = ("",)  # filled below, once ``kind`` is known
            urls = [_sub(u, param, o) for u in urls for o in options] if options != ("",) else urls
        return ["/" + self._fill(u, page) for u in urls]

    def _fill(self, url: str, page: Page) -> str:
        def value(match: re.Match[str]) -> str:
            param = match.group(1)
            kind = page.kind_of(param)
            if param in {"item_id", "citation_id"}:
                on_module = "/module/" in f"/{url}"
                kind = {"item_id": "module" if on_module else "course"}.get(
                    param, f"{'module_' if on_module else ''}citation"
                )
            return str(_id(self.values[kind]))

        return re.sub(r"<(?:\w+:)?(\w+)>", value, url)


def _sub(url: str, param: str, value: str) -> str:
    return re.sub(rf"<(?:\w+:)?{param}>", value, url)


def _id(value: Any) -> Any:
    return value if isinstance(value, str | int) else value.pk


def build_alpha(world: World) -> Estate:
    """Every kind of object the pages name, owned by Alpha (regional ones: in Alpha's region)."""
    a = world.a
    mounted = _build(world, a)
    _build(world, world.b)  # Beta has its own, so its lists are not empty
    o = mounted.objects
    values: dict[str, Any] = {k: o[k] for k in ("administration", "unit", "officer", "objective", "snapshot")}
    values.update({k: o[k] for k in ("course", "module", "edition", "instructor", "session", "enrolment")})
    secret_unit = f.OrgUnitFactory(
        administration=a.administration, parent=a.hq, code="a-SECRET", name="Alpha Secret Unit"
    )
    values.update(
        api_token=api_token_issue(user=a.tm, name="Alpha script").token,
        membership=Membership.objects.get(user=a.sup, administration=a.administration),
        framework=a.framework,
        profile=a.profile,
        position=a.position,
        objective_link=apps.get_model("strategy", "ObjectiveCompetency")
        .objects.filter(objective=o["objective"])
        .get(),
        citation=Citation.objects.filter(course=o["course"]).get(),
        module_citation=Citation.objects.create(module=o["module"], edition=o["edition"]),
        notice=notice_send(
            user=a.tm, key="alpha-only", message="Alpha notice", administration_id=a.administration.pk
        ),
    )
    values["closure"] = closure_add(
        actor=a.tm,
        administration=a.administration,
        name="Alpha year-end closure",
        starts_on=dt.date(2031, 12, 29),
        ends_on=dt.date(2032, 1, 3),
    )
    # planning
    plan = plan_create(
        actor=actor_for(a.tm),
        administration=a.administration,
        name="Alpha plan 2031",
        year=2031,
        budget=10000,
        snapshot_row=o["snapshot"],
    )
    values["plan"] = plan
    values["assignment"] = PlannedAssignment.objects.create(
        plan=plan, officer=o["officer"], course=o["course"], period=0, value=1
    )
    values["planned_session"] = PlannedSession.objects.create(plan=plan, course=o["course"], period=0)
    values["plan_run"] = finished_run(plan=plan, actor=a.tm)
    values["unit_budget"] = unit_budget(plan=plan, org_unit=secret_unit)
    # evaluation: the session that has run gets a survey; its participant a follow-up
    past = Session.objects.filter(administration=a.administration, ends_at__lt=timezone.now()).get()
    attended = Enrolment.objects.get(session=past)
    template = questionnaire_template_create(
        actor=a.tm,
        administration=a.administration,
        name="Alpha reaction",
        kind="reaction",
        anonymous=True,
        questions=[QuestionInput("likert", "Useful")],
    )
    values["survey"] = survey_launch(actor=a.tm, session=past, template=template)
    link = (
        apps.get_model("catalogue", "Notice")
        .objects.filter(user=a.learner, url__contains="/r/")
        .values_list("url", flat=True)
        .first()
    )
    assert link, "survey_launch sent the participant no link with a response token"
    values["invitation_token"] = link.rstrip("/").rsplit("/", 1)[-1]
    values["completed_enrolment"] = attended
    values["follow_up"] = FollowUp.objects.get(enrolment=attended)  # scheduled by the completion
    values["launchable_module"] = load_xapi_module_demo(
        administration=a.administration, competency=world.competencies[0], actor=a.tm
    ).module
    programme = programme_create(
        actor=a.tm,
        administration=a.administration,
        name="Alpha programme",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        course_ids=[o["course"].pk],
    )
    values["programme"] = programme
    values["benefit"] = programme_benefit_add(
        actor=a.tm, programme=programme, description="Alpha benefit", amount=Decimal(5)
    )
    # practices: a draft is Alpha's alone (published ones are regional by design)
    values["practice"] = practice_create(
        actor=a.tm, administration=a.administration, data=make_input(title="Alpha draft practice")
    )
    # community
    event = event_create(
        actor=world.coordinator,
        region=world.region,
        code="ws-1",
        title="Regional workshop",
        starts_on=dt.date(2030, 3, 4),
        ends_on=dt.date(2030, 3, 8),
        venue="Kashiwa",
        seats=4,
        languages=["en"],
    )
    call_open(actor=world.coordinator, event=event, closes_on=dt.date(2030, 2, 1), quota_per_administration=2)
    values["event"] = event
    values["nomination"] = nomination_create(actor=a.tm, event=event, officer=o["officer"])
    expert = expert_register(
        actor=a.tm,
        region=world.region,
        name="Alpha Expert Person",
        category="expert_trainer",
        home_administration=a.administration,
    )
    values["expert"] = expert
    values["mission"] = mission_request(
        actor=a.tm,
        expert=expert,
        purpose="Alpha mission",
        starts_on=dt.date(2030, 5, 1),
        ends_on=dt.date(2030, 5, 3),
        requesting_administration=a.administration,
    )
    # cmi5: an imported course, the learner's registration and a launch session
    cmi5_course = course_package_import(
        actor=actor_for(a.tm),
        administration=a.administration,
        data=CMI5_ALPHA_XML,
        content_type="text/xml",
    )
    values["cmi5_package"] = cmi5_course
    values["cmi5_au"] = cmi5_course.aus.get()
    cmi5_registration = registration_get_or_create(officer=a.learner_officer, package=cmi5_course)
    values["cmi5_registration"] = cmi5_registration
    values["cmi5_session"] = au_launch(
        registration=cmi5_registration, au=values["cmi5_au"], base_url="http://testserver"
    ).session
    beta_names = {str(x) for x in world.b.officers}
    names = [n for n in (str(x) for x in a.officers) if n not in beta_names]
    names += [
        secret_unit.name,
        o["course"].title,
        "Alpha plan 2031",
        "Alpha programme",
        "Alpha draft practice",
        "Alpha cmi5 course",
    ]
    return Estate(a, values, names)


def fingerprint() -> tuple[int, ...]:
    """Row counts of every table, and the audit log's, in one query."""
    tables = sorted({m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy})
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)  # noqa: S608 - model table names
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = tuple(cursor.fetchone())
    return (*counts, AuditEvent.objects.count())


def login(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def describe(response: Any) -> str:
    exc = getattr(response, "exc_info", None)
    if exc:
        return f"{response.status_code} {exc[0].__name__}: {exc[1]}"
    return str(response.status_code)
