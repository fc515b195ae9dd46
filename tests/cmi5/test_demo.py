"""The demo cmi5 course: imported like any package, linked to a self-paced course, loaded once."""

from __future__ import annotations

import pytest
from django.test import Client

from cadre.catalogue.models import DeliveryMode
from cadre.cmi5.demo import DEMO_COURSE_ID, load_cmi5_demo
from cadre.cmi5.models import CoursePackage

pytestmark = pytest.mark.django_db


def test_the_demo_course_loads_once_and_serves_its_au_sandboxed(world):
    # when the demo is loaded twice
    first = load_cmi5_demo(administration=world.a.administration, actor=world.a.tm)
    again = load_cmi5_demo(administration=world.a.administration, actor=world.a.tm)

    # then one course package exists, linked to a self-paced e-learning course with one module per AU
    assert first.pk == again.pk
    assert CoursePackage.objects.filter(publisher_id=DEMO_COURSE_ID).count() == 1
    au = first.aus.get()
    assert (au.move_on, str(au.mastery_score), au.url) == ("CompletedAndPassed", "0.7500", "index.html")
    course = first.catalogue_course
    assert course.delivery_mode == DeliveryMode.ELEARNING
    assert course.modules.count() == 1
    # and its files are served from Cadre, sandboxed, with no external resource
    for name in ("index.html", "au.js", "au.css"):
        response = Client().get(f"/launch/content/{first.identifier}/{name}")
        assert response.status_code == 200
        assert response["Content-Security-Policy"].startswith("sandbox")
        body = b"".join(response.streaming_content)
        assert b"http://" not in body.replace(b"http://adlnet.gov/expapi/verbs/", b"")
        assert b"https://" not in body.replace(b"https://w3id.org/xapi/cmi5/", b"")
