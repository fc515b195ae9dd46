"""Main pages render wholly in Japanese for a user who chose Japanese: no English UI text is left."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cadre.needs.services import gap_snapshot_create
from cadre.planning.services import plan_create
from cadre.tenancy.access import actor_for
from tests.core.test_translation_catalog import ENTRIES

pytestmark = pytest.mark.django_db

#: The language switcher names each language in itself, so "English" stays English on a Japanese page.
LANGUAGE_NAMES = frozenset({"English"})
#: Texts of the catalog that a page might show; a whole text node equal to one of them is UI text.
UI_TEXTS = {
    e.msgid: e.msgstr[0]
    for e in ENTRIES
    if not e.msgid_plural and not e.context and "%" not in e.msgid and re.search(r"[A-Za-z]{3}", e.msgid)
}


class _Texts(HTMLParser):
    """The text nodes and the title/aria-label/placeholder attributes of a page, scripts left out."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.texts += [v.strip() for k, v in attrs if k in ("title", "aria-label", "placeholder") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def _texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def _page(user, url: str, language: str) -> str:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    return response.content.decode()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    translation.activate("en")


@pytest.fixture
def pages(world):
    """The main page of each persona: (user, url, English texts it shows, their Japanese)."""
    snapshot = gap_snapshot_create(actor=world.a.tm, administration=world.a.administration)
    plan = plan_create(
        actor=actor_for(world.a.tm),
        administration=world.a.administration,
        name="Plan 2027",
        year=2027,
        budget=1000,
        snapshot_row=snapshot,
    )
    officer = world.a.learner_officer
    return {
        "learner home": (
            world.a.learner,
            reverse("home:home"),
            {
                "Questionnaires to answer": "回答するアンケート",
                "My gaps": "自分のギャップ",
                "My learning": "自分の学習",
            },
        ),
        "my learning": (
            world.a.learner,
            reverse("delivery:my_learning"),
            {
                "My upcoming sessions": "今後の自分のセッション",
                "Courses recommended for me": "おすすめのコース",
                "Short modules for my gaps": "自分のギャップに合う短いモジュール",
            },
        ),
        "officer profile": (
            world.a.tm,
            reverse("people:officer_detail", args=[officer.pk]),
            {
                "Completed courses": "修了したコース",
                "Module progress": "モジュールの進捗",
                "Assessment history": "評価履歴",
            },
        ),
        "plan": (
            world.a.tm,
            reverse("planning:detail", args=[plan.pk]),
            {
                "Solve in the background": "バックグラウンドで求解",
                "Sessions per period": "期間別のセッション",
                "Scenarios side by side": "シナリオの比較",
                "No run yet.": "実行はまだありません。",
            },
        ),
        "needs heatmap": (
            world.a.tm,
            reverse("needs:heatmap"),
            {
                "Heatmap": "ヒートマップ",
                "Meeting their profile": "プロファイルを充足",
                "Mean gap by unit and competency": "組織・コンピテンシー別の平均ギャップ",
                "Weighted demand": "加重需要",
            },
        ),
        "catalogue": (
            world.a.tm,
            reverse("catalogue:course_list"),
            {
                "Course catalogue": "コースカタログ",
                "Microlearning modules": "マイクロラーニング・モジュール",
                "Delivery mode": "実施形態",
                "No course matches.": "該当するコースはありません。",
            },
        ),
    }


@pytest.mark.parametrize(
    "name", ["learner home", "my learning", "officer profile", "plan", "needs heatmap", "catalogue"]
)
def test_a_main_page_shows_its_headings_and_buttons_in_japanese(pages, name):
    user, url, samples = pages[name]
    # given the page in English shows these texts (so their absence below means something)
    english_texts = _texts(_page(user, url, "en"))
    english = " ".join(english_texts)
    assert all(text in english for text in samples), name
    assert (
        len({t for t in english_texts if t in UI_TEXTS}) > 10
    )  # the whole-page check below has texts to find
    # when the same user reads it with Japanese chosen
    japanese = _texts(_page(user, url, "ja"))
    shown = " ".join(japanese)
    # then the texts appear in Japanese and no English sample is left
    assert [text for text in samples if text in shown] == []
    assert [text for text in samples.values() if text not in shown] == []
    # and no text node of the page is a UI text of the catalog left in English
    left = sorted({t for t in japanese if t in UI_TEXTS and t not in LANGUAGE_NAMES and UI_TEXTS[t] != t})
    assert left == []
