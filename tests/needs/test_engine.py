"""The engine agrees with the slow reference implementation, on fixed and random administrations."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadre.competencies.models import Assessment
from cadre.needs.engine import METRICS, Weights, compute_gaps
from tests.needs.reference import TODAY, reference_gaps
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def assert_agrees(administration_id: int, weights: Weights, relevance: dict[int, float]) -> None:
    result = compute_gaps(
        administration_id=administration_id, as_of=TODAY, weights=weights, relevance_by_competency=relevance
    )
    expected = reference_gaps(administration_id=administration_id, weights=weights, relevance=relevance)
    unit_pos = {int(u): i for i, u in enumerate(result.unit_ids)}
    {int(c): i for i, c in enumerate(result.competency_ids)}
    for unit_id, row in expected["rows"].items():
        got = result.unit_rows[unit_pos[unit_id]]
        assert np.allclose(got, [row[m] for m in METRICS]), (unit_id, got, row)
    for u, unit_id in enumerate(result.unit_ids):
        for c, comp_id in enumerate(result.competency_ids):
            want = expected["cells"].get((int(unit_id), int(comp_id)), dict.fromkeys(METRICS, 0.0))
            assert np.allclose(result.unit_cells[u, c], [want[m] for m in METRICS]), (unit_id, comp_id)
    pairs = {
        (int(result.officer_ids[o]), int(result.competency_ids[c])): (int(req), int(cur), float(score))
        for o, c, req, cur, score in zip(
            result.pair_officer,
            result.pair_competency,
            result.pair_required,
            result.pair_current,
            result.pair_score,
            strict=True,
        )
    }
    assert set(pairs) == set(expected["pairs"])
    for key, (req, cur, _gap, score, _unit) in expected["pairs"].items():
        assert pairs[key][0] == req
        assert pairs[key][1] == (-1 if cur is None else cur)
        assert pairs[key][2] == pytest.approx(score, rel=1e-5)
    roots = [u for u, p in zip(result.unit_ids, result.unit_parent, strict=True) if p < 0]
    for m, name in enumerate(METRICS):
        assert result.administration_row[m] == pytest.approx(
            sum(expected["rows"][int(r)][name] for r in roots), rel=1e-6
        )


def test_engine_on_the_world_matches_reference(world):
    # given: assessments for Alpha with a superseded one, a rejected one and a never-assessed officer
    c1, c2, c3 = world.competencies[:3]
    o1, o2, o3, o4 = world.a.officers
    f.AssessmentFactory(officer=o1, competency=c1, level=1, assessed_on=dt.date(2025, 1, 1))
    f.AssessmentFactory(officer=o1, competency=c1, level=3, assessed_on=dt.date(2025, 6, 1))
    f.AssessmentFactory(
        officer=o1,
        competency=c2,
        level=4,
        assessed_on=dt.date(2026, 1, 1),
        validation=Assessment.Validation.REJECTED,
    )
    f.AssessmentFactory(officer=o1, competency=c2, level=0, assessed_on=dt.date(2024, 1, 1))
    f.AssessmentFactory(officer=o2, competency=c3, level=1)
    f.AssessmentFactory(officer=o4, competency=c1, level=2)
    # when / then: the engine and the reference agree on every cell, row and pair
    assert_agrees(world.a.administration.pk, Weights(), {c1.pk: 2.0})
    # and o3 is never assessed: it counts as never assessed, not as a zero gap
    result = compute_gaps(administration_id=world.a.administration.pk, as_of=TODAY, weights=Weights())
    o3_index = int(np.flatnonzero(result.officer_ids == o3.pk)[0])
    assert (result.pair_current[result.pair_officer == o3_index] == -1).all()


def test_engine_with_no_requirements_returns_empty_aggregates(db):
    # given: an administration with officers but no role profile
    officer = f.OfficerFactory()
    # when
    result = compute_gaps(administration_id=officer.administration_id, as_of=TODAY, weights=Weights())
    # then
    assert result.administration_row.sum() == 0
    assert len(result.pair_officer) == 0


@st.composite
def administrations(draw):
    n_units = draw(st.integers(1, 5))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, n_units)]
    n_comps = draw(st.integers(1, 4))
    n_positions = draw(st.integers(1, 3))
    requirements = [
        [(c, draw(st.integers(1, 4)), draw(st.integers(1, 3))) for c in range(n_comps) if draw(st.booleans())]
        for _ in range(n_positions)
    ]
    officers = [
        (
            draw(st.integers(0, n_units - 1)),
            draw(st.one_of(st.none(), st.integers(0, n_positions - 1))),
            draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 7)))
    ]
    assessments = [
        (
            draw(st.integers(0, max(len(officers) - 1, 0))),
            draw(st.integers(0, n_comps - 1)),
            draw(st.integers(0, 4)),
            draw(st.integers(0, 3)),  # day offset: ties on the date are broken by id
            draw(st.sampled_from(["validated", "validated", "pending", "rejected"])),
        )
        for _ in range(draw(st.integers(0, 20)))
    ]
    relevance = {c: draw(st.sampled_from([0.0, 0.5, 1.0, 3.0])) for c in range(n_comps)}
    weights = Weights(
        draw(st.sampled_from([0.0, 1.0, 2.0])),
        draw(st.sampled_from([0.0, 0.5])),
        draw(st.sampled_from([0.0, 1.0])),
    )
    return parents, n_comps, requirements, officers, assessments, relevance, weights


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=administrations())
def test_engine_agrees_with_reference_on_random_administrations(db, data):
    parents, n_comps, requirements, officers_spec, assessments, relevance, weights = data
    with transaction.atomic():
        # given: a random small administration (rolled back after each example)
        admin = f.AdministrationFactory()
        units = []
        for parent in parents:
            units.append(
                f.OrgUnitFactory(administration=admin, parent=None if parent is None else units[parent])
            )
        framework = f.FrameworkFactory(
            region=None, administration=admin, scale=f.ScaleFactory(region=None, administration=admin)
        )
        comps = [f.CompetencyFactory(framework=framework) for _ in range(n_comps)]
        positions = []
        for reqs in requirements:
            position = f.PositionFactory(administration=admin)
            profile = f.RoleProfileFactory(position=position, administration=admin)
            for c, level, crit in reqs:
                f.RoleRequirementFactory(
                    profile=profile, competency=comps[c], required_level=level, criticality=crit
                )
            positions.append(position)
        officers = [
            f.OfficerFactory(
                administration=admin,
                org_unit=units[u],
                position=None if p is None else positions[p],
                active=active,
            )
            for u, p, active in officers_spec
        ]
        if officers:
            for o, c, level, day, validation in assessments:
                f.AssessmentFactory(
                    officer=officers[o],
                    competency=comps[c],
                    level=level,
                    assessed_on=dt.date(2026, 1, 1) + dt.timedelta(days=day),
                    validation=validation,
                )
        # when / then
        assert_agrees(admin.pk, weights, {comps[c].pk: r for c, r in relevance.items()})
        transaction.set_rollback(True)
