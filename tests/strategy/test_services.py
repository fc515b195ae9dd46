"""Strategy services: validation names the field and changes nothing; links only to usable competencies."""

from __future__ import annotations

import datetime as dt

import pytest

from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from cadre.strategy import selectors, services
from cadre.strategy.models import ObjectiveCompetency, StrategicObjective
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2028, 12, 31)


def make_objective(world, **extra):
    return services.objective_create(
        actor=world.a.tm,
        administration=world.a.administration,
        title="Faster clearance",
        period_start=START,
        period_end=END,
        priority_weight=extra.pop("priority_weight", 2.0),
        **extra,
    )


def test_create_objective_is_audited(world):
    # when
    objective = make_objective(world)
    # then
    assert AuditEvent.objects.filter(
        entity_type="strategy.strategicobjective", entity_id=str(objective.pk)
    ).exists()


def test_invalid_objective_names_fields_and_saves_nothing(world):
    # when / then
    with pytest.raises(DomainError) as exc:
        services.objective_create(
            actor=world.a.tm,
            administration=world.a.administration,
            title=" ",
            period_start=END,
            period_end=START,
            priority_weight=0,
        )
    assert {e.field for e in exc.value.errors} == {"title", "period_end", "priority_weight"}
    assert not StrategicObjective.objects.exists()


def test_foreign_manager_cannot_create_or_update(world):
    objective = make_objective(world)
    with pytest.raises(NOT_FOUND):
        services.objective_create(
            actor=world.b.tm,
            administration=world.a.administration,
            title="x",
            period_start=START,
            period_end=END,
        )
    with pytest.raises(NOT_FOUND):
        services.objective_update(actor=world.b.tm, objective=objective, title="Hijacked")
    objective.refresh_from_db()
    assert objective.title == "Faster clearance"


def test_update_rejects_bad_period_and_keeps_row(world):
    objective = make_objective(world)
    with pytest.raises(DomainError) as exc:
        services.objective_update(actor=world.a.tm, objective=objective, period_end=dt.date(2020, 1, 1))
    assert exc.value.errors[0].field == "period_end"
    objective.refresh_from_db()
    assert objective.period_end == END


def test_link_requires_a_usable_competency(world):
    # given: a competency of Beta's national framework, which Alpha does not use
    objective = make_objective(world)
    foreign = f.CompetencyFactory(framework=world.b.framework)
    # when / then
    with pytest.raises(DomainError) as exc:
        services.objective_competency_link(actor=world.a.tm, objective=objective, competency=foreign)
    assert exc.value.errors[0].field == "competency"
    assert not ObjectiveCompetency.objects.exists()


def test_link_touches_profiles_and_officers_and_sets_relevance(world):
    # given
    objective = make_objective(world)
    # when: linking a competency Alpha's examiner profile requires
    services.objective_competency_link(
        actor=world.a.tm, objective=objective, competency=world.competencies[0], relevance=0.5
    )
    # then
    assert list(selectors.objective_role_profiles(objective=objective)) == [world.a.profile]
    assert selectors.objective_officers(objective=objective).count() == 4
    assert selectors.strategic_relevance(administration_id=world.a.administration.pk, as_of=START) == {
        world.competencies[0].pk: 1.0
    }
    # and relinking changes the relevance instead of duplicating
    services.objective_competency_link(
        actor=world.a.tm, objective=objective, competency=world.competencies[0], relevance=1.0
    )
    assert ObjectiveCompetency.objects.get().relevance == 1.0


def test_relevance_mode_max_and_ended_objectives(world):
    first = make_objective(world, priority_weight=2.0)
    second = make_objective(world, priority_weight=3.0)
    ended = services.objective_create(
        actor=world.a.tm,
        administration=world.a.administration,
        title="Old",
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2021, 1, 1),
        priority_weight=9.0,
    )
    comp = world.competencies[1]
    for o in (first, second, ended):
        services.objective_competency_link(actor=world.a.tm, objective=o, competency=comp, relevance=0.5)
    kwargs = {"administration_id": world.a.administration.pk, "as_of": START}
    assert selectors.strategic_relevance(**kwargs) == {comp.pk: 2.5}
    assert selectors.strategic_relevance(**kwargs, mode="max") == {comp.pk: 1.5}


def test_kpi_and_measurements(world):
    objective = make_objective(world)
    kpi = services.kpi_create(
        actor=world.a.tm, objective=objective, name="Clearance time", unit="hours", baseline=48, target=24
    )
    services.kpi_measurement_record(actor=world.a.tm, kpi=kpi, measured_on=dt.date(2026, 3, 31), value=40)
    services.kpi_measurement_record(actor=world.a.tm, kpi=kpi, measured_on=dt.date(2026, 3, 31), value=39)
    assert list(kpi.measurements.values_list("value", flat=True)) == [39]
    with pytest.raises(DomainError) as exc:
        services.kpi_measurement_record(
            actor=world.a.tm, kpi=kpi, measured_on=dt.date(2026, 4, 1), value=float("nan")
        )
    assert exc.value.errors[0].field == "value"
    with pytest.raises(DomainError):
        services.kpi_create(
            actor=world.a.tm, objective=objective, name="Clearance time", baseline=1, target=2
        )
