"""The current-level rule (cadre.competencies.selectors docstring), by example and by property.

An officer's current level in a competency is the level of their latest *validated* assessment,
ordered by ``assessed_on`` then by entry order; with none, the level is unknown (absent), not 0.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadre.competencies.models import Assessment
from cadre.competencies.selectors import current_levels, officer_requirement_status
from tests.support import factories as f

DAY = dt.date(2025, 1, 1)
PENDING, VALIDATED, REJECTED = "pending", "validated", "rejected"


@pytest.fixture
def people(db):
    """Three officers of one administration and three competencies of its regional framework."""
    administration = f.AdministrationFactory()
    framework = f.FrameworkFactory(region=administration.region)
    officers = [f.OfficerFactory(administration=administration) for _ in range(3)]
    competencies = [f.CompetencyFactory(framework=framework) for _ in range(3)]
    return officers, competencies


def _assess(officer, competency, level, *, day=0, source="supervisor", validation=VALIDATED):
    return f.AssessmentFactory(
        officer=officer,
        competency=competency,
        level=level,
        assessed_on=DAY + dt.timedelta(days=day),
        source=source,
        validation=validation,
    )


# --- by example ------------------------------------------------------------------------------


def test_a_later_pending_self_assessment_does_not_override_a_validated_supervisor_one(people):
    (officer, *_), (competency, *_) = people
    _assess(officer, competency, 2, day=0, source="supervisor")
    _assess(officer, competency, 4, day=5, source="self", validation=PENDING)
    assert current_levels(officer_ids=[officer.pk]) == {(officer.pk, competency.pk): 2}


def test_a_rejected_assessment_never_counts(people):
    (officer, *_), (competency, *_) = people
    _assess(officer, competency, 1, day=0)
    _assess(officer, competency, 4, day=5, source="self", validation=REJECTED)
    assert current_levels(officer_ids=[officer.pk]) == {(officer.pk, competency.pk): 1}


def test_a_self_assessment_counts_once_validated(people):
    (officer, *_), (competency, *_) = people
    _assess(officer, competency, 2, day=0)
    pending = _assess(officer, competency, 3, day=5, source="self", validation=PENDING)
    pending.validation = VALIDATED
    pending.save(update_fields=["validation"])
    assert current_levels(officer_ids=[officer.pk]) == {(officer.pk, competency.pk): 3}


@pytest.mark.parametrize(("first", "second"), [(1, 3), (3, 1)])
def test_same_date_ties_are_resolved_by_entry_order(people, first, second):
    # given two assessments on the same day, whichever level is higher
    (officer, *_), (competency, *_) = people
    _assess(officer, competency, first, day=3)
    _assess(officer, competency, second, day=3, source="test")
    # then the one entered last wins
    assert current_levels(officer_ids=[officer.pk])[(officer.pk, competency.pk)] == second


def test_the_date_wins_over_entry_order(people):
    # given a recent assessment, then an older one entered afterwards (a late paper record)
    (officer, *_), (competency, *_) = people
    _assess(officer, competency, 3, day=10)
    _assess(officer, competency, 1, day=2, source="certificate")
    assert current_levels(officer_ids=[officer.pk])[(officer.pk, competency.pk)] == 3


def test_never_assessed_is_absent_not_zero(people):
    (officer, other, _), (competency, second, _) = people
    _assess(officer, competency, 0)
    _assess(other, second, 2, validation=PENDING)
    levels = current_levels(officer_ids=[officer.pk, other.pk])
    assert levels == {(officer.pk, competency.pk): 0}  # assessed at 0 is known, and is 0
    assert (other.pk, second.pk) not in levels  # only a pending one: unknown
    assert (officer.pk, second.pk) not in levels  # never assessed: unknown


def test_competency_and_officer_filters(people):
    (o1, o2, o3), (c1, c2, _c3) = people
    for officer in (o1, o2, o3):
        for competency in (c1, c2):
            _assess(officer, competency, 2)
    levels = current_levels(officer_ids=[o1.pk, o2.pk], competency_ids=[c2.pk])
    assert set(levels) == {(o1.pk, c2.pk), (o2.pk, c2.pk)}
    assert current_levels(officer_ids=[]) == {}


def test_requirement_status_reports_unknown_separately_from_a_gap(people):
    # given a position requiring three competencies at level 3
    (officer, *_), (c1, c2, c3) = people
    position = f.PositionFactory(administration=officer.administration)
    profile = f.RoleProfileFactory(position=position)
    for competency in (c1, c2, c3):
        f.RoleRequirementFactory(profile=profile, competency=competency, required_level=3)
    officer.position = position
    officer.save(update_fields=["position"])
    _assess(officer, c1, 1)
    _assess(officer, c2, 4)
    # then c1 has a gap of 2, c2 meets the requirement, c3 is unknown with no gap figure
    statuses = {s.requirement.competency_id: s for s in officer_requirement_status(officer=officer)}
    assert (statuses[c1.pk].current, statuses[c1.pk].gap, statuses[c1.pk].meets) == (1, 2, False)
    assert (statuses[c2.pk].current, statuses[c2.pk].gap, statuses[c2.pk].meets) == (4, 0, True)
    assert (statuses[c3.pk].current, statuses[c3.pk].gap, statuses[c3.pk].meets) == (None, None, False)


def test_current_levels_is_one_query_for_any_number_of_officers(db, django_assert_num_queries):
    # given 40 officers with a few assessments each
    administration = f.AdministrationFactory()
    framework = f.FrameworkFactory(region=administration.region)
    competencies = [f.CompetencyFactory(framework=framework) for _ in range(3)]
    unit = f.OrgUnitFactory(administration=administration)
    officers = [f.OfficerFactory(administration=administration, org_unit=unit) for _ in range(40)]
    Assessment.objects.bulk_create(
        Assessment(
            administration=administration,
            officer=officer,
            competency=competency,
            level=(i + j) % 5,
            source="supervisor",
            assessed_on=DAY + dt.timedelta(days=day),
            validation=VALIDATED,
        )
        for i, officer in enumerate(officers)
        for j, competency in enumerate(competencies)
        for day in (0, 1)
    )
    # then a handful of officers and all forty cost the same single query
    with django_assert_num_queries(1):
        few = current_levels(officer_ids=[o.pk for o in officers[:2]])
    with django_assert_num_queries(1):
        many = current_levels(
            officer_ids=[o.pk for o in officers], competency_ids=[c.pk for c in competencies]
        )
    assert len(few) == 6
    assert len(many) == 120


# --- by property: agreement with a slow, obviously correct reference ---------------------------


def reference_current_levels(
    history: list[Assessment], officer_ids: set[int], competency_ids: set[int] | None
) -> dict[tuple[int, int], int]:
    """Replay the history in (date, entry) order; each validated assessment overwrites the last."""
    levels: dict[tuple[int, int], int] = {}
    for assessment in sorted(history, key=lambda a: (a.assessed_on, a.pk)):
        if assessment.officer_id not in officer_ids:
            continue
        if competency_ids is not None and assessment.competency_id not in competency_ids:
            continue
        if assessment.validation == VALIDATED:
            levels[(assessment.officer_id, assessment.competency_id)] = assessment.level
    return levels


record = st.tuples(
    st.integers(0, 2),  # officer index
    st.integers(0, 2),  # competency index
    st.integers(0, 6),  # day: a narrow range makes same-day ties frequent
    st.sampled_from(Assessment.Source.values),
    st.sampled_from(Assessment.Validation.values),
    st.integers(0, 4),  # level
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    history=st.lists(record, max_size=25),
    asked_officers=st.sets(st.integers(0, 2)),
    asked_competencies=st.none() | st.sets(st.integers(0, 2)),
)
def test_current_levels_agree_with_the_reference(people, history, asked_officers, asked_competencies):
    # given a random history entered in list order (so ids give the entry order)
    officers, competencies = people
    stored = [
        _assess(officers[o], competencies[c], level, day=day, source=source, validation=validation)
        for o, c, day, source, validation, level in history
    ]
    try:
        officer_ids = {officers[i].pk for i in asked_officers}
        competency_ids = (
            None if asked_competencies is None else {competencies[i].pk for i in asked_competencies}
        )
        # when current levels are computed
        levels = current_levels(officer_ids=officer_ids, competency_ids=competency_ids)
        # then they equal the reference replay
        assert levels == reference_current_levels(stored, officer_ids, competency_ids)
    finally:
        Assessment.objects.filter(pk__in=[a.pk for a in stored]).delete()
