"""Demo data for the LRS: a client per administration, and a phone-sized xAPI module with its course.

The module (``static/lrs/activities/customs-valuation``) is written for Cadre and served from its
own static files: four screens on customs valuation and a four-question quiz that reports
launched/experienced/answered/completed/passed (or failed) with a scaled score. Its course is a
self-paced e-learning course, so passing the quiz completes the course in delivery, and the score
bands below turn the pass into "xapi" competency evidence on the valuation competency.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings

from cadre.catalogue.models import Course, DeliveryMode, LifecycleStatus, Module
from cadre.catalogue.services import ObjectiveInput, course_create, course_objectives_set, module_create
from cadre.lrs.models import LrsClient, Scope, ScoreBand
from cadre.lrs.services.clients import lrs_client_install
from cadre.tenancy.access import Actor, UserLike, actor_for

if TYPE_CHECKING:
    from cadre.competencies.models import Competency
    from cadre.tenancy.models import Administration

DEMO_SECRET = "demo-lrs-secret-not-for-production"  # noqa: S105 - the embedded demo only

DEMO_COURSE_CODE = "VAL-EL1"
DEMO_ACTIVITY_IRI = "https://cadre.invalid/xapi/activities/customs-valuation-essentials"
DEMO_PASS_MARK = 0.75
#: (lowest scaled score, level): a pass (3 of 4) evidences "Trained", a full score "Advanced".
DEMO_BANDS = ((0.75, 2), (1.0, 3))


def demo_activity_path() -> str:
    return f"{settings.STATIC_URL.rstrip('/')}/lrs/activities/customs-valuation/index.html"


def load_lrs_demo(*, administration: Administration) -> LrsClient:
    """Install (idempotently) the demo LRS client ``demo-<code>`` with every scope."""
    return lrs_client_install(
        administration=administration,
        name="Demo e-learning player",
        key=f"demo-{administration.code}",
        secret=DEMO_SECRET,
        scopes=list(Scope.values),
    )


@dataclass(frozen=True)
class DemoModule:
    course: Course
    module: Module


def load_xapi_module_demo(
    *, administration: Administration, competency: Competency, actor: Actor | UserLike
) -> DemoModule:
    """Install (idempotently) the valuation e-learning course, its xAPI module and score bands."""
    user = actor_for(actor).user
    course = Course.objects.filter(administration=administration, code=DEMO_COURSE_CODE).first()
    if course is not None:
        return DemoModule(
            course=course, module=Module.objects.get(course=course, activity_iri=DEMO_ACTIVITY_IRI)
        )
    course = course_create(
        actor=user,
        administration=administration,
        code=DEMO_COURSE_CODE,
        title="Customs valuation essentials (e-learning)",
        description="The transaction value, its adjustments and the other valuation methods, on a phone.",
        delivery_mode=DeliveryMode.ELEARNING,
        duration_days=0,
        duration_minutes=12,
        languages=["en"],
        max_participants=1000,
        status=LifecycleStatus.ACTIVE,
    )
    course_objectives_set(
        actor=user, course=course, objectives=[ObjectiveInput(competency, DEMO_BANDS[0][1])]
    )
    module = module_create(
        actor=user,
        course=course,
        code=f"{DEMO_COURSE_CODE}-M1",
        title="Customs valuation essentials",
        description="Four short screens and a four-question quiz; 75 % passes.",
        kind=Module.Kind.XAPI,
        minutes=12,
        url=demo_activity_path(),
        activity_iri=DEMO_ACTIVITY_IRI,
        pass_mark=DEMO_PASS_MARK,
        languages=["en"],
        status=LifecycleStatus.ACTIVE,
        competencies=[competency],
    )
    ScoreBand.objects.bulk_create(
        ScoreBand(
            administration=administration,
            activity_iri=DEMO_ACTIVITY_IRI,
            competency=competency,
            min_scaled=min_scaled,
            level=level,
        )
        for min_scaled, level in DEMO_BANDS
    )
    return DemoModule(course=course, module=module)
