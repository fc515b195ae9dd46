"""The plan page prints counts as integers, money with the administration's currency and the solver's
method as a translated name, in English and Japanese."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cadre.planning import services
from cadre.planning.labels import solver_method_label
from cadre.tenancy.access import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after():
    """A Japanese request leaves Japanese active in the thread; later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def solved(planned):
    a = planned.a
    plan = services.plan_create(
        actor=actor_for(a.tm),
        administration=a.administration,
        name="2027",
        year=2027,
        budget="130",
        snapshot_row=a.snapshot,
    )
    return services.plan_solve(actor=actor_for(a.tm), plan=plan, time_limit=5)


def _page(client_for, user, plan, language):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("planning:detail", args=[plan.pk])).content.decode()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_counts_are_integers_and_money_carries_the_currency(planned, solved, client_for, language):
    # given a solved plan of Alpha (time zone Asia/Tokyo, so JPY)
    page = _page(client_for, planned.a.tm, solved, language)
    methods = page[page.index('id="methods"') : page.index("</table>", page.index('id="methods"'))]
    # then the sessions and officers rows carry no decimals, and the cost row its currency
    sessions_row = re.search(
        r"<tr><th scope=\"row\">[^<]*</th><td>([^<]*)</td><td>([^<]*)</td></tr>", methods
    )
    assert sessions_row
    assert not re.search(r"\d\.00<", methods.split("JPY")[-1])
    assert "JPY" in methods
    assert f"JPY\u00a0{solved.budget:,.0f}" in page
    assert ".00 JPY" not in page


def test_method_is_a_translated_name_not_a_code(planned, solved, client_for):
    page = _page(client_for, planned.a.tm, solved, "ja")
    method = solved.result["method"]
    assert f"({method})" not in page
    with translation.override("en"):
        assert solver_method_label("colgen+improve") == "Column generation + improvement rounds"
        assert solver_method_label("greedy") == "Greedy heuristic"
        assert solver_method_label("unknown") == "unknown"


def test_run_phases_are_names_in_the_viewers_language():
    from cadre.planning.labels import run_phase_label

    with translation.override("en"):
        assert run_phase_label("greedy") == "greedy baseline"
    with translation.override("ja"):
        assert run_phase_label("greedy") == "貪欲法ベースライン"
        assert solver_method_label("greedy") == "貪欲法"
    assert run_phase_label("something-new") == "something-new"
    assert run_phase_label(None) == ""
