"""Session pages name the course in the viewer's language where translated, the original otherwise."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cadre.translations.hooks import translatable_kind
from cadre.translations.services import translations_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize(("language", "expected"), [("ja", "リスク管理"), ("en", "Course RISK-1")])
def test_session_list_and_page_show_the_course_in_the_viewers_language(client, delivery, language, expected):
    a = delivery.world.a
    translations_save(
        actor=a.tm,
        kind=translatable_kind("course"),
        record=delivery.course,
        texts={("title", "ja"): "リスク管理"},
    )
    client.force_login(a.tm)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    listing = client.get(reverse("delivery:session_list")).content.decode()
    page = client.get(reverse("delivery:session_detail", args=[delivery.session.pk])).content.decode()
    assert expected in listing
    assert expected in page
