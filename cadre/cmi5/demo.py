"""Demo data for cmi5: a one-AU course written for Cadre, imported like any package, linked to a course.

The AU (``demo_au/``: cmi5.xml, index.html, au.js, au.css) is plain HTML and JavaScript with no
external resource. It is zipped and imported through ``course_package_import``, so it is served
sandboxed from ``/launch/content/`` like any imported course, and it does what a cmi5 AU does:
fetch its token, read LMS.LaunchData and the learner preferences, send initialized, completed,
passed or failed with its score, terminated. Its catalogue course is a self-paced e-learning
course, so a pass reaches module progress and the course completion through the LRS outbox.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from cadre.catalogue.models import DeliveryMode, LifecycleStatus
from cadre.catalogue.services import course_create
from cadre.cmi5.models import CoursePackage
from cadre.cmi5.services.imports import course_package_import
from cadre.tenancy.access import Actor, UserLike, actor_for

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration

DEMO_COURSE_ID = "https://cadre.invalid/cmi5/demo/hs-classification"
DEMO_CATALOGUE_CODE = "HS-CMI5"
_FILES = ("cmi5.xml", "index.html", "au.js", "au.css")


def demo_package_zip() -> bytes:
    """The demo AU as a cmi5 ZIP package (cmi5.xml at the root)."""
    folder = Path(__file__).parent / "demo_au"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in _FILES:
            archive.writestr(name, (folder / name).read_bytes())
    return buffer.getvalue()


def load_cmi5_demo(*, administration: Administration, actor: Actor | UserLike) -> CoursePackage:
    """Install (idempotently) the demo cmi5 course and the self-paced catalogue course it completes."""
    actor = actor_for(actor)
    existing = CoursePackage.objects.filter(
        administration=administration, publisher_id=DEMO_COURSE_ID
    ).first()
    if existing is not None:
        return existing
    course = course_create(
        actor=actor.user,
        administration=administration,
        code=DEMO_CATALOGUE_CODE,
        title="Classifying goods in the Harmonized System (cmi5)",
        description="The General Interpretative Rules in one lesson and a four-question check, on a phone.",
        delivery_mode=DeliveryMode.ELEARNING,
        duration_days=0,
        duration_minutes=10,
        languages=["en"],
        max_participants=1000,
        status=LifecycleStatus.ACTIVE,
    )
    return course_package_import(
        actor=actor,
        administration=administration,
        data=demo_package_zip(),
        content_type="application/zip",
        catalogue_course_id=course.pk,
    )
