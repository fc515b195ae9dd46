"""Counts, numbers, money, dates and times by the viewer's language (en, ja) and the active zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from cadre.core import l10n

MOMENT = dt.datetime(2026, 5, 13, 1, 30, tzinfo=dt.UTC)  # 10:30 in Tokyo


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        return Template("{% load cadre_l10n %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_counts_never_carry_decimals(language):
    # given a count that reached the template as a float (a solver figure)
    # when it is shown as a count
    # then it reads as an integer, grouped
    assert render("{{ n|count }}", language, n=57.0) == "57"
    assert render("{{ n|count }}", language, n=12345) == "12,345"
    assert render("{{ n|count }}", language, n=None) == ""


@pytest.mark.parametrize("language", ["en", "ja"])
def test_numbers_and_percent(language):
    assert render("{{ x|number }}", language, x=1234.5678) == "1,234.57"
    assert render("{{ x|number:1 }}", language, x=2.0) == "2"
    assert render("{{ p|percent }}", language, p=12.345) == "12.3%"
    assert render("{{ p|ratio_percent }}", language, p=0.25) == "25%"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_money_carries_its_iso_code_and_the_currency_decimals(language):
    assert render('{{ m|money:"JPY" }}', language, m=1234567.5) == "JPY\u00a01,234,568"
    assert render('{{ m|money:"EUR" }}', language, m=-12.5) == "-EUR\u00a012.50"


def test_money_without_a_code_uses_the_active_administration_currency():
    token = l10n.activate_currency("THB")
    try:
        assert render("{{ m|money }}", "ja", m=1500) == "THB\u00a01,500.00"
    finally:
        l10n.deactivate_currency(token)
    assert render("{{ m|money }}", "en", m=1) == "XXX\u00a01.00"


def test_dates_follow_the_language_never_us_order_in_japanese():
    assert render("{{ d|local_date }}", "ja", d=MOMENT) == "2026/05/13"
    assert render("{{ d|local_date }}", "en", d=dt.date(2026, 5, 13)) == "May 13, 2026"


def test_times_are_shown_in_the_active_time_zone():
    # given a moment stored in UTC and the administration's zone (Tokyo) active
    assert render("{{ t|local_datetime }}", "ja", t=MOMENT) == "2026/05/13 10:30"
    assert render("{{ t|local_time }}", "ja", t=MOMENT) == "10:30"
    assert render("{{ t|local_datetime }}", "en", t=MOMENT) == "May 13, 2026, 10:30\u202fAM"


def test_figure_formats_by_kind():
    assert render('{{ v|figure:"count" }}', "en", v=57.0) == "57"
    assert render('{{ v|figure:"percent" }}', "en", v=3.14159) == "3.1%"
    assert render('{{ v|figure:"money" }}', "en", v=10) == "XXX\u00a010.00"
    assert render("{{ v|figure }}", "en", v=3.14159) == "3.14"


def test_currency_from_time_zone():
    assert l10n.currency_for_time_zone("Asia/Tokyo") == "JPY"
    assert l10n.currency_for_time_zone("Asia/Bangkok") == "THB"
    assert l10n.currency_for_time_zone("UTC") == "XXX"
    assert {"JPY", "EUR", "USD"} <= l10n.iso_4217_codes()
    assert "DEM" not in l10n.iso_4217_codes()  # withdrawn


def test_a_day_heading_follows_the_language():
    assert render("{{ d|local_day }}", "en", d=dt.date(2026, 5, 13)) == "Wed, May 13"
    assert render("{{ d|local_day }}", "ja", d=dt.date(2026, 5, 13)) == "5月13日(水)"


def test_a_language_django_does_not_know_is_named_in_the_viewers_language():
    # "zh" is a record's language (a practice written in Chinese); Django knows only zh-hans/zh-hant
    from django.utils import translation

    from cadre.core.l10n import language_name

    with translation.override("en"):
        assert language_name("zh") == "Chinese"
        assert language_name("pt-BR") == "Portuguese (Brazil)"
        assert language_name("not a code") == "not a code"
    with translation.override("ja"):
        assert language_name("zh") == "中国語"
