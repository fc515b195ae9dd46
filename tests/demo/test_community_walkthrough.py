"""The community's "done when" on the demo: the coordinator finds an expert for a regional need, and
the 2019 workshop has its evaluation form with answers."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from cadre.community.models import Event
from cadre.community.selectors import expert_supply_vs_demand


def test_the_coordinator_finds_an_expert_for_a_regional_need_and_sees_a_shortfall(small_demo, client):
    # given the demo's coordinator
    coordinator = get_user_model().objects.get(username="coordinator")
    rows = {r.demand.code: r for r in expert_supply_vs_demand(user=coordinator)}
    # then Integrity (VAL1) is met in every language in demand, by accredited experts at level 3 or more
    integrity = rows["VAL1"]
    assert integrity.covered, integrity
    assert {m.name for m in integrity.experts} >= {"Haruka Mori", "Li Wei", "Niran Chaiyasit"}
    assert all(m.level >= (integrity.demand.required_level or 0) for m in integrity.experts)
    # and Risk Analysis (OPS6) lacks a Japanese-speaking expert for Kasumi's officers
    risk = rows["OPS6"]
    assert "ja" in risk.uncovered_languages
    assert (risk.shortfall or 0) > 0
    # and the page shows both, with a link to request the expert for a mission
    client.force_login(coordinator)
    html = client.get(reverse("community:supply_demand")).content.decode()
    assert 'class="covered" data-competency="VAL1"' in html
    assert 'class="shortfall" data-competency="OPS6"' in html
    haruka = next(m for m in integrity.experts if m.name == "Haruka Mori")
    assert reverse("community:expert_detail", args=[haruka.expert_id]) + "?purpose=" in html


def test_the_2019_workshop_has_its_evaluation_form_and_results(small_demo, client):
    coordinator = get_user_model().objects.get(username="coordinator")
    workshop = Event.objects.get(code="tm-workshop-2019")
    client.force_login(coordinator)
    html = client.get(reverse("community:event_detail", args=[workshop.pk])).content.decode()
    assert 'id="evaluation-results"' in html
    assert "24 of 32 participants answered" in html
