"""A good practice shows the viewer's language first when translated, marking the original."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cadre.practices.models import PracticeTranslation
from cadre.practices.selectors import practice_translation_for_viewer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def practice(world):
    from cadre.practices.services import practice_create
    from tests.practices.conftest import make_input

    practice = practice_create(
        actor=world.a.tm,
        administration=world.a.administration,
        data=make_input(title="Risk profiling at sea"),
    )
    PracticeTranslation.objects.create(
        practice=practice, language="ja", title="海上のリスクプロファイリング", summary="日本語の要約"
    )
    return practice


def _page(client, practice, language, query=""):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("practices:detail", args=[practice.pk]) + query).content.decode()


def test_japanese_viewer_sees_the_translation_first_and_the_original_marked(client, world, practice):
    client.force_login(world.a.tm)
    page = _page(client, practice, "ja")
    assert page.index("海上のリスクプロファイリング") < page.index("Risk profiling at sea")
    assert "英語からの翻訳" in page
    assert "?original=1" in page


def test_show_original_puts_the_original_first(client, world, practice):
    client.force_login(world.a.tm)
    page = _page(client, practice, "ja", "?original=1")
    assert page.index("<h1>Risk profiling at sea") < page.index("海上のリスクプロファイリング")


def test_english_viewer_sees_the_original(world, practice):
    assert practice_translation_for_viewer(practice=practice, language="en") is None
    assert (
        practice_translation_for_viewer(practice=practice, language="ja").title
        == "海上のリスクプロファイリング"
    )


def test_a_practice_written_in_chinese_names_its_language_on_the_page_and_in_search(client, world, practice):
    # given a practice written in Chinese ("zh", a code Django's own language table does not know)
    type(practice).objects.filter(pk=practice.pk).update(language="zh")
    client.force_login(world.a.tm)
    # when a Japanese viewer reads it and searches the collection
    page = _page(client, practice, "ja")
    results = client.get(reverse("practices:list") + "?q=Risk")
    # then both answer, naming the original language (they answered 500)
    assert "中国語からの翻訳" in page
    assert results.status_code == 200
