"""Strategy pages: managers use them; a foreign administration's manager gets 404 and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cadre.strategy import services
from cadre.strategy.models import KPI, KPIMeasurement, ObjectiveCompetency, StrategicObjective

pytestmark = pytest.mark.django_db


@pytest.fixture
def objective(world):
    objective = services.objective_create(
        actor=world.a.tm,
        administration=world.a.administration,
        title="Revenue integrity",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2027, 12, 31),
        priority_weight=2,
    )
    services.kpi_create(actor=world.a.tm, objective=objective, name="Audit yield", baseline=1, target=2)
    services.objective_competency_link(
        actor=world.a.tm, objective=objective, competency=world.competencies[1]
    )
    return objective


def test_manager_creates_objective_through_the_form(client, world):
    client.force_login(world.a.tm)
    response = client.post(
        reverse("strategy:objective_create"),
        {
            "title": "Trade facilitation",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "priority_weight": "1.5",
            "owner": "DG",
        },
    )
    assert response.status_code == 302
    assert StrategicObjective.objects.get().administration == world.a.administration


def test_form_errors_name_the_field(client, world):
    client.force_login(world.a.tm)
    response = client.post(
        reverse("strategy:objective_create"),
        {"title": "X", "period_start": "2026-12-31", "period_end": "2026-01-01", "priority_weight": "1"},
    )
    assert response.status_code == 200
    assert "must not be before the period start" in response.content.decode()
    assert not StrategicObjective.objects.exists()


def test_pages_render_for_the_manager(client, world, objective):
    client.force_login(world.a.tm)
    for url in (
        reverse("strategy:objective_list"),
        reverse("strategy:objective_detail", args=[objective.pk]),
        reverse("strategy:objective_edit", args=[objective.pk]),
        reverse("strategy:alignment"),
        reverse("strategy:alignment") + "?format=csv",
        reverse("strategy:objective_list") + "?format=xlsx",
    ):
        assert client.get(url).status_code == 200, url


def test_measurement_and_link_entry(client, world, objective):
    client.force_login(world.a.tm)
    kpi = objective.kpis.get()
    response = client.post(
        reverse("strategy:measurement_add", args=[objective.pk]),
        {"kpi": kpi.pk, "measured_on": "2026-06-30", "value": "1.4"},
    )
    assert response.status_code == 302
    assert KPIMeasurement.objects.get().value == 1.4
    response = client.post(
        reverse("strategy:link_add", args=[objective.pk]),
        {"competency": world.competencies[2].pk, "relevance": "0.3"},
    )
    assert response.status_code == 302
    assert ObjectiveCompetency.objects.count() == 2


@pytest.mark.parametrize("name", ["objective_detail", "objective_edit"])
def test_foreign_manager_gets_404_on_pages(client, world, objective, name):
    client.force_login(world.b.tm)
    assert client.get(reverse(f"strategy:{name}", args=[objective.pk])).status_code == 404


def test_foreign_administration_parameter_is_404(client, world):
    client.force_login(world.b.tm)
    for name in ("objective_list", "objective_create", "alignment"):
        assert (
            client.get(
                reverse(f"strategy:{name}") + f"?administration={world.a.administration.pk}"
            ).status_code
            == 404
        )


def test_learner_gets_404(client, world, objective):
    client.force_login(world.a.learner)
    assert client.get(reverse("strategy:objective_list")).status_code == 404
    assert client.get(reverse("strategy:objective_detail", args=[objective.pk])).status_code == 404


def test_foreign_posts_change_nothing(client, world, objective):
    client.force_login(world.b.tm)
    kpi = objective.kpis.get()
    link = objective.competency_links.get()
    posts = [
        (
            reverse("strategy:objective_edit", args=[objective.pk]),
            {
                "title": "Hijacked",
                "period_start": "2026-01-01",
                "period_end": "2026-02-01",
                "priority_weight": "1",
            },
        ),
        (reverse("strategy:kpi_add", args=[objective.pk]), {"name": "x", "baseline": "1", "target": "2"}),
        (
            reverse("strategy:measurement_add", args=[objective.pk]),
            {"kpi": kpi.pk, "measured_on": "2026-01-01", "value": "1"},
        ),
        (
            reverse("strategy:link_add", args=[objective.pk]),
            {"competency": world.competencies[0].pk, "relevance": "1"},
        ),
        (reverse("strategy:link_remove", args=[link.pk]), {}),
        (
            reverse("strategy:objective_create") + f"?administration={world.a.administration.pk}",
            {"title": "x", "period_start": "2026-01-01", "period_end": "2026-02-01", "priority_weight": "1"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    objective.refresh_from_db()
    assert objective.title == "Revenue integrity"
    assert KPI.objects.count() == 1
    assert not KPIMeasurement.objects.exists()
    assert ObjectiveCompetency.objects.count() == 1
    assert StrategicObjective.objects.count() == 1
