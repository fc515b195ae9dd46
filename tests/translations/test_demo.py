"""The demo's Japanese texts reach the records they translate, and the Japanese pages show them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cadre.catalogue.services.courses import course_create
from cadre.demo.translations import COMPETENCIES, COURSES, demo_translations_load
from cadre.translations.models import TranslatedText

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_demo_translations_cover_the_administration_and_its_region(client, world):
    # given an Alpha course and the region's competencies, named like the demo's
    course = course_create(
        actor=world.a.tm, administration=world.a.administration, code="ORI", title="Rules of origin"
    )
    # when the demo's translations are loaded for Alpha
    stored = demo_translations_load(administration_code=world.a.administration.code)
    # then the course and the regional competencies have their Japanese titles, owned like them
    assert stored >= 1 + len(world.competencies)
    title = TranslatedText.objects.get(kind="course", record_id=course.pk, field="title")
    assert (title.text, title.administration_id) == (COURSES["Rules of origin"], world.a.administration.pk)
    origin = next(c for c in world.competencies if c.title == "Origin of Goods")
    row = TranslatedText.objects.get(kind="competency", record_id=origin.pk, field="title")
    assert (row.region_id, row.administration_id) == (world.region.pk, None)
    # and the Japanese framework page shows them; the English one keeps the originals
    client.force_login(world.a.tm)
    url = reverse("competencies:framework_detail", args=[world.regional_framework.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    assert COMPETENCIES["Origin of Goods"][0] in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert COMPETENCIES["Origin of Goods"][0] not in client.get(url).content.decode()


def test_loading_twice_adds_nothing(world):
    demo_translations_load(administration_code=world.a.administration.code)
    count = TranslatedText.objects.count()
    demo_translations_load(administration_code=world.a.administration.code)
    assert TranslatedText.objects.count() == count
    assert demo_translations_load(administration_code="no-such") == 0
