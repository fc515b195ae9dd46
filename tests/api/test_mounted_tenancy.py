"""Every strategy, needs, catalogue, delivery, evaluation, practices and community operation stays apart.

The apps' own tests drive their routers with ``ninja.testing.TestClient``, which skips the root's
authentication and error handlers. Here every operation is read from /api/v1/openapi.json and called
through the real URLconf: anonymous callers get 401, Beta's users get 404 for any Alpha id (and a
refused write changes nothing), and Beta's lists never show an Alpha object. An id parameter this file
cannot map to an object fails the run, so a new endpoint cannot slip past unchecked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from cadre.catalogue.models import Citation, Course, CourseObjective, Edition, LegalInstrument, Module
from cadre.cmi5.models import AssignableUnit, CoursePackage, LaunchSession, Registration
from cadre.cmi5.services.imports import course_package_import
from cadre.cmi5.services.launches import au_launch, registration_get_or_create
from cadre.community import services as community
from cadre.community.models import MissionRequest, Nomination
from cadre.competencies.models import Assessment, Competency
from cadre.delivery.models import Enrolment, Instructor, Session
from cadre.delivery.selectors import session_days
from cadre.delivery.services import attendance_record, completion_record
from cadre.evaluation.models import FollowUp, Programme
from cadre.needs.models import GapSnapshot
from cadre.needs.services import gap_snapshot_create
from cadre.people.models import Officer, Position
from cadre.planning.models import AnnualPlan, PlannedAssignment, PlanRun, UnitBudget
from cadre.planning.services import plan_create
from cadre.practices.models import Practice
from cadre.practices.services import PracticeInput, practice_create
from cadre.strategy import services as strategy
from cadre.strategy.models import KPI, StrategicObjective
from cadre.tenancy.access import actor_for
from cadre.tenancy.models import Membership, OrgUnit
from tests.api.support import API, assert_error
from tests.delivery.conftest import make_course, make_enrolment, make_instructor, make_session
from tests.planning.builders import finished_run, unit_budget
from tests.support import factories as f
from tests.support.world import Side, World

pytestmark = pytest.mark.django_db

MOUNTED = (
    "strategy",
    "needs",
    "catalogue",
    "delivery",
    "evaluation",
    "practices",
    "community",
    "planning",
    "cmi5",
)
WRITES = frozenset({"post", "put", "patch", "delete"})
#: Ids of regional objects every member of the region reads (events, the expert pool): not an
#: administration's, so a path takes the region's object (``Estate.value``) and is not a foreign slot.
REGIONAL = frozenset({"event_id", "expert_id"})
#: Tables a refused write must leave exactly as they were (AuditEvent lives in core).
FINGERPRINTED_APPS = (
    "cmi5",
    "core",
    "tenancy",
    "people",
    "competencies",
    "strategy",
    "needs",
    "catalogue",
    "delivery",
    "evaluation",
    "practices",
    "community",
    "planning",
)


# --- the operations, from the published document ---------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as published, e.g. /api/v1/strategy/objectives/{objective_id}
    params: tuple[dict[str, Any], ...]
    has_body: bool

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def params_in(self, location: str) -> list[dict[str, Any]]:
        return [p for p in self.params if p["in"] == location]

    @property
    def path_id_names(self) -> list[str]:
        return [
            p["name"]
            for p in self.params_in("path")
            if p["name"].endswith("_id") and p["name"] not in REGIONAL
        ]

    @property
    def query_id_names(self) -> list[str]:
        """Ids in the query that must name a visible object: required ones, and all of a sub-resource's."""
        return [
            p["name"]
            for p in self.params_in("query")
            if p["name"].endswith("_id") and (p.get("required") or self.path_id_names)
        ]


def _operations() -> list[Operation]:
    """Every operation under the four prefixes, as /api/v1/openapi.json publishes it."""
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200, response.content
    found = []
    for path, ops in json.loads(response.content)["paths"].items():
        if not path.startswith(tuple(f"{API}/{prefix}/" for prefix in MOUNTED)):
            continue
        for method, op in ops.items():
            found.append(Operation(method, path, tuple(op.get("parameters", ())), "requestBody" in op))
    return found


OPERATIONS = _operations()
WITH_IDS = [op for op in OPERATIONS if op.path_id_names or op.query_id_names or op.method in WRITES]
LISTS = [op for op in OPERATIONS if op.method == "get" and not op.params_in("path")]


# --- what each parameter, body field and response field refers to -----------------------------------

#: Id parameters and fields -> the kind of object they name. A new id parameter must be added here.
KIND_OF = {
    "administration_id": "administration",
    "unit_id": "unit",
    "officer_id": "officer",
    "position_id": "position",
    "owner_id": "user",
    "competency_id": "competency",
    "competency_ids": "competency",
    "objective_id": "objective",
    "kpi_id": "kpi",
    "link_id": "objective_link",
    "snapshot_id": "snapshot",
    "course_id": "course",
    "module_id": "module",
    "edition_id": "edition",
    "instructor_id": "instructor",
    "instructor_ids": "instructor",
    "session_id": "session",
    "next_session_id": "session",
    "enrolment_id": "enrolment",
    "assessment_ids": "assessment",
    "instrument_id": "instrument",
    "superseded_by_id": "edition",
    "adopted_from_id": "course",
    "programme_id": "programme",
    "follow_up_id": "follow_up",
    "course_ids": "course",
    "practice_id": "practice",
    "nomination_id": "nomination",
    "mission_id": "mission",
    "package_id": "cmi5_package",
    "au_id": "cmi5_au",
    "registration_id": "cmi5_registration",
    "launch_session_id": "cmi5_session",
    "catalogue_course_id": "course",
    "event_id": "event",
    "expert_id": "expert",
    "requesting_administration_id": "administration",
    "plan_id": "plan",
    "run_id": "plan_run",
    "budget_id": "unit_budget",
    "assignment_id": "assignment",
    "org_unit_id": "unit",
    # filters on lists, named without the suffix
    "course": "course",
    "session": "session",
    "competency": "competency",
}
KINDS = frozenset(KIND_OF.values())
#: Response fields that name objects no administration owns (regional reference data).
SHARED = frozenset({"region_id", "event_id", "expert_id"})
#: Writes only the region's coordinator makes: their control call is the coordinator's, not Alpha's manager's.
REGIONAL_ONLY = frozenset({("post", "/community/nominations/{nomination_id}/decision")})
#: The kind of the items of each list, when an item does not say it itself (``"kind": "course"``).
LIST_KINDS = {
    "/strategy/objectives": "objective",
    "/needs/snapshots": "snapshot",
    "/catalogue/courses": "course",
    "/catalogue/modules": "module",
    "/catalogue/editions": "edition",
    "/delivery/sessions": "session",
    "/delivery/enrolments": "enrolment",
    "/delivery/instructors": "instructor",
    "/evaluation/programmes": "programme",
    "/evaluation/follow-ups": "follow_up",
    "/cmi5/courses": "cmi5_package",
    "/planning/plans": "plan",
}


@dataclass(frozen=True)
class Ref:
    """A body field holding the id of an object of this kind (filled with Alpha's or Beta's).

    ``refused`` is the status when it names Alpha's object: 404 for a lookup, 400 for a choice
    among allowed values (an owner must be a member), which answers missing and foreign alike.
    """

    kind: str
    refused: int = 404


#: A valid body for each write, so the request reaches the scoped lookup instead of a 422.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/strategy/objectives"): {
        "administration_id": Ref("administration"),
        "title": "Foreign objective",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    },
    ("patch", "/strategy/objectives/{objective_id}"): {"title": "Renamed"},
    ("post", "/strategy/objectives/{objective_id}/kpis"): {"name": "Another", "baseline": 1, "target": 2},
    ("post", "/strategy/kpis/{kpi_id}/measurements"): {"measured_on": "2026-02-01", "value": 3},
    ("post", "/strategy/objectives/{objective_id}/competencies"): {"competency_id": Ref("competency")},
    ("post", "/needs/snapshots"): {"administration_id": Ref("administration")},
    ("post", "/catalogue/courses"): {
        "administration_id": Ref("administration"),
        "code": "FOREIGN-1",
        "title": "Foreign course",
        "languages": ["en"],
        "owner_id": Ref("user", refused=400),
    },
    ("patch", "/catalogue/courses/{course_id}"): {"title": "Renamed", "owner_id": Ref("user", refused=400)},
    ("post", "/catalogue/editions/{edition_id}/supersede"): {"successor_label": "2099"},
    ("post", "/delivery/sessions"): {
        "administration_id": Ref("administration"),
        "course_id": Ref("course"),
        "starts_at": "2031-03-03T09:00:00+09:00",
        "ends_at": "2031-03-03T17:00:00+09:00",
        "language": "en",
        "seats": 5,
        "venue": "Headquarters",
        "room": "Elsewhere",
        "instructor_ids": [Ref("instructor")],
    },
    ("put", "/evaluation/enrolments/{enrolment_id}/scores/{phase}"): {"score": "72.5"},
    ("post", "/evaluation/programmes/{programme_id}/benefits"): {
        "description": "Fewer errors",
        "amount": "1000",
    },
    ("post", "/cmi5/aus/{au_id}/launch"): {"launch_mode": "Normal"},
    ("post", "/cmi5/registrations/{registration_id}/aus/{au_id}/waive"): {"reason": "Administrative"},
    ("post", "/delivery/enrolments"): {"session_id": Ref("session"), "officer_id": Ref("officer")},
    ("post", "/delivery/enrolments/{enrolment_id}/completion"): {"passed": True, "score": "80"},
    ("post", "/delivery/enrolments/bulk"): {"action": "approve", "ids": [Ref("enrolment")]},
    ("put", "/delivery/enrolments/{enrolment_id}/attendance/{day}"): {"present": True},
    ("post", "/practices/entries/{practice_id}/transitions"): {"action": "submit"},
    ("post", "/community/events/{event_id}/nominations"): {
        "officer_id": Ref("officer"),
        "motivation": "Ready",
    },
    ("post", "/community/nominations/{nomination_id}/decision"): {"decision": "select"},
    ("post", "/community/experts/{expert_id}/missions"): {
        "administration_id": Ref("administration"),
        "purpose": "Needs assessment",
        "starts_on": "2031-05-01",
        "ends_on": "2031-05-03",
    },
    ("post", "/community/missions/{mission_id}/decision"): {"approve": True},
    ("post", "/planning/plans"): {
        "administration_id": Ref("administration"),
        "snapshot_id": Ref("snapshot"),
        "name": "Foreign plan",
        "year": 2031,
        "budget": "1000",
    },
    ("post", "/planning/plans/{plan_id}/runs"): {"kind": "solve"},
    ("put", "/planning/plans/{plan_id}/assignments/{assignment_id}/lock"): {"locked": True},
    ("put", "/planning/plans/{plan_id}/unit-budgets"): {"org_unit_id": Ref("unit"), "amount": "10"},
    ("put", "/planning/plans/{plan_id}/capacities"): {"qualification": "RISK", "period": 1, "days": "2"},
    ("post", "/delivery/instructors"): {
        "administration_id": Ref("administration"),
        "kind": "officer",
        "officer_id": Ref("officer"),
        "qualifications": [{"competency_id": Ref("competency"), "level": 2}],
    },
}


def _short(path: str) -> str:
    return path.removeprefix(API)


# --- one administration's objects in every app --------------------------------------------------------


@dataclass
class Estate:
    """One administration's objects in every app, and the ids of everything it owns, by kind."""

    side: Side
    objects: dict[str, Any]
    owned: dict[str, set[int]] = field(default_factory=dict)

    def id_of(self, kind: str) -> int:
        return int(self.objects[kind].pk)

    def value(self, name: str) -> str:
        """A value for a path parameter that is not an id."""
        if name == "day":
            return session_days(session=self.objects["session"])[0].isoformat()
        if name in REGIONAL:
            return str(self.objects[KIND_OF[name]].pk)
        raise AssertionError(f"path parameter {name!r} has no value: add it to Estate.value")


def _build(world: World, side: Side) -> Estate:
    code = side.administration.code.upper()
    c1, c2, c3 = world.competencies[:3]
    national = f.CompetencyFactory(framework=side.framework, code=f"{code}-N1", title="National law")
    o1, o2, o3, _o4 = side.officers
    f.AssessmentFactory(officer=o1, competency=c1, level=1)
    f.AssessmentFactory(officer=o2, competency=c2, level=3)
    f.AssessmentFactory(officer=o3, competency=c3, level=0)
    # strategy
    objective = strategy.objective_create(
        actor=side.tm,
        administration=side.administration,
        title="Border security",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2030, 12, 31),
    )
    kpi = strategy.kpi_create(actor=side.tm, objective=objective, name="Seizures", baseline=10, target=20)
    strategy.kpi_measurement_record(actor=side.tm, kpi=kpi, measured_on=dt.date(2026, 3, 1), value=12)
    strategy.objective_competency_link(actor=side.tm, objective=objective, competency=c1, relevance=1.0)
    # needs
    snapshot = gap_snapshot_create(actor=side.tm, administration=side.administration)
    assert snapshot.status == GapSnapshot.Status.DONE, snapshot.error
    # catalogue
    course = make_course(
        side.administration, code=f"{code}-RISK", owner=side.tm, last_reviewed_on=dt.date(2020, 1, 1)
    )
    CourseObjective.objects.create(course=course, competency=c1, target_level=3)
    module = Module.objects.create(
        administration=side.administration,
        course=course,
        sequence=1,
        code=f"{code}-M1",
        title="Risk in ten minutes",
        kind="link",
        url="https://learn.example.org/m1",
        minutes=10,
        owner=side.tm,
    )
    law = LegalInstrument.objects.create(administration=side.administration, code="CA", title="Customs Act")
    edition = Edition.objects.create(instrument=law, label="2020", in_force_from=dt.date(2020, 4, 1))
    Citation.objects.create(course=course, edition=edition)
    # delivery: an upcoming session with a request, and one that has run with a recorded pass
    instructor = make_instructor(side.administration, name=f"{code} Expert")
    session = make_session(course, room=f"{code}-1")
    session.instructors.set([instructor])
    enrolment = make_enrolment(session, o2, Enrolment.State.REQUESTED)
    now = timezone.now()
    past = make_session(course, start=now - dt.timedelta(hours=3), room=f"{code}-2")
    past.ends_at = now - dt.timedelta(minutes=5)
    past.save(update_fields=["ends_at"])
    attended = make_enrolment(past, side.learner_officer, Enrolment.State.CONFIRMED)
    for day in session_days(session=past):
        attendance_record(actor=side.tm, enrolment=attended, day=day, present=True)
    completion_record(actor=side.tm, enrolment=attended, score=Decimal("90"), passed=True)
    # evaluation: the passed completion's follow-up, and a programme of the course
    follow_up = FollowUp.objects.create(
        administration=side.administration, enrolment=attended, due_on=now.date() - dt.timedelta(days=1)
    )
    programme = Programme.objects.create(
        administration=side.administration,
        name=f"{code} programme",
        period_start=now.date() - dt.timedelta(days=30),
        period_end=now.date() + dt.timedelta(days=30),
    )
    programme.courses.set([course])
    # practices: a draft (only its administration reads it); community: a regional workshop with an
    # open call and one nominee, and an expert of the administration with a mission request
    practice = practice_create(
        actor=side.tm,
        administration=side.administration,
        data=PracticeInput(
            title=f"{code} practice",
            year=2024,
            summary="Peer review of lesson plans.",
            topics=("evaluation",),
        ),
    )
    event = community.event_create(
        actor=world.coordinator,
        region=world.region,
        code=f"{code.lower()}-workshop",
        title=f"{code} workshop",
        starts_on=now.date() + dt.timedelta(days=60),
        ends_on=now.date() + dt.timedelta(days=62),
        venue="Regional office",
        seats=10,
        languages=["en"],
    )
    community.call_open(
        actor=world.coordinator,
        event=event,
        closes_on=now.date() + dt.timedelta(days=30),
        quota_per_administration=2,
    )
    nomination = community.nomination_create(actor=side.tm, event=event, officer=o1)
    expert = community.expert_register(
        actor=side.tm,
        region=world.region,
        home_administration=side.administration,
        name=f"{code} Expert",
        category="expert_trainer",
        languages=["en"],
    )
    mission = community.mission_request(
        actor=side.tm,
        expert=expert,
        purpose="Curriculum review",
        starts_on=now.date() + dt.timedelta(days=10),
        ends_on=now.date() + dt.timedelta(days=12),
        requesting_administration=side.administration,
    )
    objects = {
        "administration": side.administration,
        "unit": side.house,
        "officer": o3,
        "user": side.tm,
        "competency": national,
        "objective": objective,
        "kpi": kpi,
        "snapshot": snapshot,
        "course": course,
        "module": module,
        "edition": edition,
        "instructor": instructor,
        "session": session,
        "enrolment": enrolment,
        "programme": programme,
        "follow_up": follow_up,
        "practice": practice,
        "event": event,
        "nomination": nomination,
        "expert": expert,
        "mission": mission,
        "coordinator": world.coordinator,
        **_cmi5(side),
        **_planning(side, snapshot, course, o3),
    }
    return Estate(side, objects)


def _planning(side: Side, snapshot: GapSnapshot, course: Course, officer: Officer) -> dict[str, Any]:
    """A draft plan with an assignment, a finished run holding its input, and a unit budget."""
    plan = plan_create(
        actor=actor_for(side.tm),
        administration=side.administration,
        name=f"{side.administration.code} plan",
        year=2031,
        budget=1000,
        snapshot_row=snapshot,
    )
    return {
        "plan": plan,
        "assignment": PlannedAssignment.objects.create(plan=plan, officer=officer, course=course, period=0),
        "plan_run": finished_run(plan=plan, actor=side.tm),
        "unit_budget": unit_budget(plan=plan, org_unit=side.house),
    }


def _cmi5(side: Side) -> dict[str, Any]:
    """An imported cmi5 course, the learner's registration and a launch session."""
    code = side.administration.code.lower()
    xml = (
        '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">'
        f'<course id="https://example.org/{code}/course"><title><langstring>{code} cmi5</langstring></title>'
        "<description><langstring>d</langstring></description></course>"
        f'<au id="https://example.org/{code}/au" moveOn="Completed"><title><langstring>AU</langstring></title>'
        f"<description><langstring>d</langstring></description><url>https://example.org/{code}/au.html</url></au>"
        "</courseStructure>"
    ).encode()
    package = course_package_import(
        actor=actor_for(side.tm), administration=side.administration, data=xml, content_type="text/xml"
    )
    au = package.aus.get()
    registration = registration_get_or_create(officer=side.learner_officer, package=package)
    session = au_launch(registration=registration, au=au, base_url="http://testserver").session
    return {
        "cmi5_package": package,
        "cmi5_au": au,
        "cmi5_registration": registration,
        "cmi5_session": session,
    }


def _owned(administration_id: int) -> dict[str, set[int]]:
    """The ids of everything the administration owns, by kind, read back from the database."""
    a = administration_id

    def pks(qs: Any, field_name: str = "pk") -> set[int]:
        return set(qs.values_list(field_name, flat=True))

    return {
        "administration": {a},
        "unit": pks(OrgUnit.objects.filter(administration_id=a)),
        "officer": pks(Officer.objects.filter(administration_id=a)),
        "position": pks(Position.objects.filter(administration_id=a)),
        "user": pks(Membership.objects.filter(administration_id=a), "user_id"),
        "competency": pks(Competency.objects.filter(framework__administration_id=a)),
        "assessment": pks(Assessment.objects.filter(administration_id=a)),
        "objective": pks(StrategicObjective.objects.filter(administration_id=a)),
        "kpi": pks(KPI.objects.filter(objective__administration_id=a)),
        "objective_link": pks(
            apps.get_model("strategy", "ObjectiveCompetency").objects.filter(objective__administration_id=a)
        ),
        "snapshot": pks(GapSnapshot.objects.filter(administration_id=a)),
        "course": pks(Course.objects.filter(administration_id=a)),
        "module": pks(Module.objects.filter(administration_id=a)),
        "edition": pks(Edition.objects.filter(instrument__administration_id=a)),
        "instrument": pks(LegalInstrument.objects.filter(administration_id=a)),
        "instructor": pks(Instructor.objects.filter(administration_id=a)),
        "session": pks(Session.objects.filter(administration_id=a)),
        "enrolment": pks(Enrolment.objects.filter(session__administration_id=a)),
        "programme": pks(Programme.objects.filter(administration_id=a)),
        "follow_up": pks(FollowUp.objects.filter(administration_id=a)),
        "practice": pks(Practice.objects.filter(administration_id=a)),
        "nomination": pks(Nomination.objects.filter(administration_id=a)),
        "mission": pks(
            MissionRequest.objects.filter(
                Q(requesting_administration_id=a) | Q(expert__home_administration_id=a)
            )
        ),
        # regional objects: every member of the region reads them, no administration owns them
        "event": set(),
        "expert": set(),
        "cmi5_package": pks(CoursePackage.objects.filter(administration_id=a)),
        "cmi5_au": pks(AssignableUnit.objects.filter(package__administration_id=a)),
        "cmi5_registration": pks(Registration.objects.filter(administration_id=a)),
        "cmi5_session": pks(LaunchSession.objects.filter(registration__administration_id=a)),
        "plan": pks(AnnualPlan.objects.filter(administration_id=a)),
        "plan_run": pks(PlanRun.objects.filter(plan__administration_id=a)),
        "unit_budget": pks(UnitBudget.objects.filter(plan__administration_id=a)),
        "assignment": pks(PlannedAssignment.objects.filter(plan__administration_id=a)),
    }


@pytest.fixture
def estates(world: World) -> tuple[Estate, Estate]:
    """Alpha's and Beta's objects, built alike, so every list Beta reads has something of its own."""
    alpha, beta = _build(world, world.a), _build(world, world.b)
    for estate in (alpha, beta):
        estate.owned = _owned(estate.side.administration.pk)
    return alpha, beta


# --- requests --------------------------------------------------------------------------------------------


def _fill(template: Any, pick: Callable[[str, Ref], int], where: str = "") -> Any:
    """The body with each Ref replaced by ``pick(field, ref)``."""
    if isinstance(template, Ref):
        return pick(where, template)
    if isinstance(template, dict):
        return {k: _fill(v, pick, f"{where}.{k}" if where else k) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, pick, f"{where}[{i}]") for i, v in enumerate(template)]
    return template


def _refs(template: Any) -> dict[str, Ref]:
    """Every Ref of a body template, by field."""
    found: dict[str, Ref] = {}

    def note(where: str, ref: Ref) -> int:
        found[where] = ref
        return 0

    _fill(template, note)
    return found


def _kind(name: str, op: Operation) -> str:
    kind = KIND_OF.get(name)
    assert kind is not None, f"{op}: id parameter {name!r} is not mapped: add it to KIND_OF"
    return kind


def _body(op: Operation) -> Any:
    if not op.has_body:
        return None
    body = BODIES.get((op.method, _short(op.path)))
    assert body is not None, f"{op}: no valid body to send: add one to BODIES"
    return body


@dataclass(frozen=True)
class Call:
    """One request: the URL with its path and query filled in, and the JSON body (or None)."""

    op: Operation
    url: str
    body: Any


def _calls(
    op: Operation, alpha: Estate, beta: Estate, *, foreign: str | None, override: dict[str, str] | None = None
) -> list[Call]:
    """Requests where exactly the slot ``foreign`` holds Alpha's id (all of them when None), the rest Beta's.

    A path parameter with an enum (``action``) is sent with each of its values; ``override`` sets
    path or query parameters to given values.
    """
    override = override or {}
    path_ids = {name: _kind(name, op) for name in op.path_id_names}
    query_ids = {name: _kind(name, op) for name in op.query_id_names}
    body = _body(op)

    def side_for(slot: str) -> Estate:
        return alpha if foreign is None or slot == foreign else beta

    variants: list[dict[str, str]] = [{}]
    for param in op.params_in("path"):
        name = param["name"]
        if name in path_ids:
            continue
        choices = param.get("schema", {}).get("enum")
        values = choices or [side_for(name).value(name)]
        variants = [{**v, name: str(value)} for v in variants for value in values]
    calls = []
    for extra in variants:
        url = op.path
        values = {name: str(side_for(name).id_of(kind)) for name, kind in {**path_ids, **query_ids}.items()}
        values.update(extra)
        values.update(override)
        for name in [p["name"] for p in op.params_in("path")]:
            url = url.replace(f"{{{name}}}", values.pop(name))
        query = "&".join(f"{name}={value}" for name, value in values.items())
        filled = None
        if body is not None:
            filled = _fill(body, lambda where, ref: side_for(f"body.{where}").id_of(ref.kind))
        calls.append(Call(op, url + (f"?{query}" if query else ""), filled))
    return calls


def _slots(op: Operation) -> dict[str, int]:
    """Each place an id goes (path, query, ``body.<field>``) and the status when it names Alpha's object."""
    slots = dict.fromkeys([*op.path_id_names, *op.query_id_names], 404)
    slots.update({f"body.{where}": ref.refused for where, ref in _refs(_body(op)).items()})
    return slots


def _send(client: Client, call: Call) -> Any:
    if call.body is None:
        return getattr(client, call.op.method)(call.url)
    return getattr(client, call.op.method)(call.url, json.dumps(call.body), content_type="application/json")


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _fingerprint() -> dict[str, str]:
    """Per table of the domain apps: a digest of every row, so a refused write that changed anything shows."""
    out = {}
    for label in FINGERPRINTED_APPS:
        for model in apps.get_app_config(label).get_models():
            rows = list(model.objects.order_by("pk").values_list())
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
            out[model._meta.label] = f"{len(rows)} rows {digest}"
    return out


# --- the checks ------------------------------------------------------------------------------------------


def test_the_document_has_operations_under_every_prefix():
    for prefix in MOUNTED:
        assert any(op.path.startswith(f"{API}/{prefix}/") for op in OPERATIONS), prefix
    assert WITH_IDS
    assert LISTS


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_anonymous_is_401(op: Operation, estates):
    # given nobody logged in, and a real browser's CSRF checks
    alpha, _beta = estates
    call = _calls(op, alpha, alpha, foreign=None)[0]
    # when the operation is called
    response = _send(Client(enforce_csrf_checks=True), call)
    # then it is refused before anything is read or written, with the challenge to authenticate
    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("op", WITH_IDS, ids=str)
def test_a_foreign_id_is_refused_and_changes_nothing(op: Operation, estates):
    alpha, beta = estates
    slots = _slots(op)
    assert slots, f"{op}: a write that names no object: give it a body with a Ref in BODIES"
    for user in (beta.side.tm, beta.side.sup, beta.side.learner):
        client = _login(user)
        for slot, refused in slots.items():
            for call in _calls(op, alpha, beta, foreign=slot):
                # given one of Beta's users, and one of Alpha's ids among Beta's own
                before = _fingerprint() if op.method in WRITES else None
                # when the operation is called
                response = _send(client, call)
                # then it answers as for a missing object (a 404; a body field's error names it)
                context = f"{user} {call.url} {call.body or ''} with {slot} of Alpha"
                assert response.status_code in {refused, 404}, (
                    f"{context}: {response.status_code} {response.content!r}"
                )
                body = assert_error(response, response.status_code)
                if user == beta.side.tm and slot.startswith("body."):
                    assert response.status_code == refused, context
                    assert any(slot.removeprefix("body.").startswith(e["field"]) for e in body["errors"]), (
                        context
                    )
                # and stores nothing
                if before is not None:
                    assert _fingerprint() == before, f"{context} changed data"
    # and Alpha's own manager reaches the same objects, so the refusals above came from the scoping
    controller = (
        alpha.objects["coordinator"] if (op.method, _short(op.path)) in REGIONAL_ONLY else alpha.side.tm
    )
    for call in _calls(op, alpha, beta, foreign=None):
        response = _send(_login(controller), call)
        allowed = {200} if op.method == "get" else {200, 201, 202, 204, 400}
        assert response.status_code in allowed, (
            f"control {call.url}: {response.status_code} {response.content!r}"
        )


def _seen(payload: Any, op: Operation) -> Iterator[tuple[str, int, str]]:
    """(kind, id, where) of every object a response names: items' ids and every ``*_id`` field."""
    items = payload.get("items", [payload]) if isinstance(payload, dict) else payload
    item_kind = LIST_KINDS.get(_short(op.path))
    for n, item in enumerate(items):
        if isinstance(item, dict) and "id" in item:
            kind = item_kind or item.get("kind")
            assert kind in KINDS, f"{op}: items[{n}] has an id of no known kind: add the list to LIST_KINDS"
            yield kind, item["id"], f"items[{n}].id"
        yield from _walk(item, op, f"items[{n}]")


def _walk(node: Any, op: Operation, where: str) -> Iterator[tuple[str, int, str]]:
    if isinstance(node, list):
        for n, value in enumerate(node):
            yield from _walk(value, op, f"{where}[{n}]")
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        at = f"{where}.{key}"
        if key.endswith(("_id", "_ids")) and key not in SHARED:
            kind = KIND_OF.get(key)
            assert kind is not None, (
                f"{op}: response field {at} names an object of no known kind: add it to KIND_OF"
            )
            for one in value if isinstance(value, list) else [value]:
                if one is not None:
                    yield kind, one, at
        elif isinstance(value, dict) and "id" in value:
            kind = KIND_OF.get(f"{key}_id")
            assert kind is not None, (
                f"{op}: response object {at} has an id of no known kind: add {key}_id to KIND_OF"
            )
            yield kind, value["id"], f"{at}.id"
            yield from _walk(value, op, at)
        elif isinstance(value, list | dict):
            yield from _walk(value, op, at)


def _query(op: Operation, estate: Estate, *, filters: bool) -> str:
    """Required id parameters (and, with ``filters``, every id filter) naming the estate's objects."""
    pairs = []
    for param in op.params_in("query"):
        name = param["name"]
        if name in KIND_OF and (param.get("required") or filters):
            pairs.append(f"{name}={estate.id_of(KIND_OF[name])}")
    return "?" + "&".join(pairs) if pairs else ""


@pytest.mark.parametrize("op", LISTS, ids=str)
def test_lists_never_show_alpha_objects(op: Operation, estates):
    alpha, beta = estates
    plain, filtered = op.path + _query(op, beta, filters=False), op.path + _query(op, alpha, filters=True)
    for user in (beta.side.tm, beta.side.sup, beta.side.learner):
        client = _login(user)
        for url in dict.fromkeys((plain, filtered)):
            # given one of Beta's users, asking plainly or filtering on Alpha's objects
            # when the list is read
            response = client.get(url)
            # then it is refused like a missing object, or shows nothing of Alpha's
            if response.status_code == 404:
                assert_error(response, 404)
                continue
            assert response.status_code == 200, f"{user} {url}: {response.status_code} {response.content!r}"
            seen = list(_seen(response.json(), op))
            leaks = [f"{where}={pk} ({kind})" for kind, pk, where in seen if pk in alpha.owned[kind]]
            assert not leaks, f"{user} {url} shows Alpha's objects: {leaks}"
            # and Beta's manager sees Beta's own, so the check above did not pass on an empty list
            kind = LIST_KINDS.get(_short(op.path))
            if user == beta.side.tm and url == plain and kind:
                assert {pk for k, pk, _ in seen if k == kind} & beta.owned[kind], f"{url}: none of Beta's own"


def _id_params(op: Operation) -> list[str]:
    return [
        p["name"]
        for p in op.params
        if p["in"] in {"path", "query"} and (p["name"].endswith("_id") or p["name"] in KIND_OF)
    ]


@pytest.mark.parametrize("op", [op for op in OPERATIONS if _id_params(op)], ids=str)
def test_an_id_beyond_64_bits_is_not_a_server_error(op: Operation, estates):
    # given Beta's manager, and a client that reports a server error instead of raising it
    _alpha, beta = estates
    client = Client(raise_request_exception=False)
    client.force_login(beta.side.tm)
    for name in _id_params(op):
        for call in _calls(op, beta, beta, foreign=None, override={name: str(2**64)}):
            # when one id is larger than any database column holds
            response = _send(client, call)
            # then it matches nothing (SQLite used to overflow on foreign-key filters: a 500)
            assert response.status_code in {200, 404, 422}, f"{call.url}: {response.status_code}"
            if response.status_code != 200:
                assert_error(response, response.status_code)
