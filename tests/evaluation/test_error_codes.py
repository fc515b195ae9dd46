"""Each evaluation service names its refusals with a stable code (``entity.reason``)."""

from __future__ import annotations

import pytest

from cadre.core.errors import DomainError
from cadre.evaluation.models import FollowUp
from cadre.evaluation.services.followups import follow_up_complete
from cadre.evaluation.services.learning import learning_scores_import, learning_scores_import_xapi
from cadre.evaluation.services.results import unit_kpi_measurements_import
from cadre.evaluation.services.settings import evaluation_settings_set
from cadre.tenancy.access import actor_for
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def test_a_scores_file_without_the_columns_is_refused_with_its_code(ev):
    with pytest.raises(DomainError) as caught:
        learning_scores_import(actor=actor_for(ev.world.a.tm), session=ev.session, data=b"name,score\nx,1\n")
    assert caught.value.code == "learning_score.columns_missing"
    assert caught.value.field == "file"


def test_a_test_iri_with_spaces_is_refused_with_its_code(ev):
    with pytest.raises(DomainError) as caught:
        learning_scores_import_xapi(
            actor=actor_for(ev.world.a.tm), session=ev.session, pre_test_iri="not an iri"
        )
    assert caught.value.code == "learning_score.test_iri_invalid"


def test_a_foreign_manager_finds_no_session(ev):
    with pytest.raises(NOT_FOUND) as caught:
        learning_scores_import(actor=actor_for(ev.world.b.tm), session=ev.session, data=b"")
    assert caught.value.code == "session.not_found"


def test_a_measurements_file_without_the_columns_is_refused_with_its_code(world):
    with pytest.raises(DomainError) as caught:
        unit_kpi_measurements_import(
            actor=world.a.tm, administration=world.a.administration, data=b"a,b\n1,2\n"
        )
    assert caught.value.code == "kpi_measurement.columns_missing"


def test_settings_out_of_range_are_refused_with_their_code(world):
    with pytest.raises(DomainError) as caught:
        evaluation_settings_set(
            actor=world.a.tm,
            administration=world.a.administration,
            follow_up_weeks=0,
            reminder_after_days=7,
            daily_cost_of_absence="100",
        )
    assert caught.value.code == "evaluation_settings.invalid"


def test_a_foreign_manager_cannot_complete_a_follow_up(ev):
    follow_up = FollowUp.objects.create(
        administration=ev.world.a.administration,
        enrolment=ev.enrolments[0],
        due_on=ev.session.ends_at.date(),
    )
    with pytest.raises(NOT_FOUND) as caught:
        follow_up_complete(actor=ev.world.b.tm, follow_up=follow_up, levels={}, answers={})
    assert caught.value.code == "follow_up.not_found"
