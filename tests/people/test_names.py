"""One name style per locale: family name first in Japanese, Chinese and Korean."""

import pytest
from django.template import Context, Template
from django.utils import translation

from cadre.people.models import Officer
from cadre.people.names import name_format, officer_name, officer_name_with_reading, officer_reading


def _officer(**kwargs) -> Officer:
    return Officer(**{"given_name": "Taro", "family_name": "Yamada", **kwargs})


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Taro Yamada"),
        ("fr", "Taro Yamada"),
        ("th", "Taro Yamada"),
        ("ja", "Yamada Taro"),
        ("zh-hans", "Yamada Taro"),
        ("ko", "Yamada Taro"),
    ],
)
def test_latin_names_follow_the_locale_order(language, expected):
    assert officer_name(_officer(), language) == expected


@pytest.mark.parametrize(
    ("given", "family", "language", "expected"),
    [
        ("太郎", "山田", "ja", "山田 太郎"),
        ("太郎", "山田", "en", "太郎 山田"),
        ("伟", "王", "zh", "王伟"),
        ("민준", "김", "ko", "김민준"),
        ("", "山田", "ja", "山田"),
    ],
)
def test_names_in_their_own_script(given, family, language, expected):
    assert name_format(given=given, family=family, language=language) == expected


def test_the_active_language_decides_and_str_follows_it():
    officer = _officer()
    with translation.override("ja"):
        assert str(officer) == "Yamada Taro"
        assert officer.full_name == "Yamada Taro"
    with translation.override("en"):
        assert str(officer) == "Taro Yamada"


def test_a_stored_reading_follows_the_same_order():
    officer = _officer(
        given_name="太郎", family_name="山田", given_name_reading="たろう", family_name_reading="やまだ"
    )
    assert officer_reading(officer, "ja") == "やまだ たろう"
    assert officer_name_with_reading(officer, "ja") == "山田 太郎 (やまだ たろう)"
    assert officer_name_with_reading(officer, "en") == "太郎 山田 (たろう やまだ)"
    assert officer_reading(_officer(), "ja") == ""


def test_template_filters():
    officer = _officer(
        given_name="太郎", family_name="山田", given_name_reading="Taro", family_name_reading="Yamada"
    )
    template = Template("{% load people_names %}{{ o|officer_name }}|{{ o|officer_name_ruby }}")
    with translation.override("ja"):
        out = template.render(Context({"o": officer}))
    assert out == "山田 太郎|<ruby>山田 太郎<rp>(</rp><rt>Yamada Taro</rt><rp>)</rp></ruby>"
    with translation.override("en"):
        assert template.render(Context({"o": _officer()})) == "Taro Yamada|Taro Yamada"
