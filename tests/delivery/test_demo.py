"""The delivery demo loads instructors, sessions, enrolments in several states and completions."""

import random

import pytest

from cadre.competencies.models import Assessment
from cadre.delivery.demo import load_delivery_demo
from cadre.delivery.models import Completion, Enrolment, Instructor, Session

# The demo builds its year around the day it is loaded: rerun at the awkward instants too.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def test_demo_loads_once(world, delivery):
    for officer in world.a.officers:
        officer.languages = ["en", "ja"]
        officer.save()
    summary = load_delivery_demo(big_administration=world.a.administration, rng=random.Random(7))
    assert summary.instructors >= 3
    assert summary.sessions >= 2
    assert Session.objects.filter(administration=world.a.administration).count() == summary.sessions + 1
    states = set(Enrolment.objects.values_list("state", flat=True))
    assert len(states) >= 2
    assert summary.completions > 0
    assert Completion.objects.filter(passed=True).exists()
    assert Assessment.objects.filter(source="training").exists()
    again = load_delivery_demo(big_administration=world.a.administration, rng=random.Random(7))
    assert again.sessions == 0
    assert Instructor.objects.filter(administration=world.b.administration).count() == 1
