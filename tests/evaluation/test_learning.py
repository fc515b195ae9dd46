"""Pre/post tests: entry, CSV import (all or nothing), gains per session."""

from __future__ import annotations

import pytest

from cadre.core.errors import DomainError
from cadre.evaluation.models import LearningScore
from cadre.evaluation.selectors import learning_rows, learning_summary_for
from cadre.evaluation.services.learning import (
    learning_score_record,
    learning_scores_import,
    learning_scores_save,
)
from cadre.tenancy.access import actor_for
from tests.support.errors import NOT_FOUND


def test_entered_scores_give_gain_and_normalised_gain(ev):
    tm = ev.world.a.tm
    for enrolment, (pre, post) in zip(ev.enrolments, [(40, 70), (60, 80), (80, 100)], strict=False):
        learning_score_record(actor=actor_for(tm), enrolment=enrolment, phase="pre", score=pre)
        learning_score_record(actor=actor_for(tm), enrolment=enrolment, phase="post", score=post)
    rows = learning_rows(session_ids=[ev.session.pk])
    assert len(rows) == 6  # every confirmed participant, with or without scores
    summary = learning_summary_for(rows)
    assert summary.n == 3
    assert summary.mean_normalised_gain == pytest.approx(2 / 3)


def test_score_out_of_range_is_refused_naming_the_field(ev):
    with pytest.raises(DomainError) as exc:
        learning_score_record(
            actor=actor_for(ev.world.a.tm), enrolment=ev.enrolments[0], phase="pre", score="101"
        )
    assert exc.value.errors[0].field == "score"
    assert not LearningScore.objects.exists()


def test_import_is_all_or_nothing_and_names_rows(ev):
    numbers = [e.officer.employee_number for e in ev.enrolments]
    bad = f"employee_number,pre,post\n{numbers[0]},50,75\nnobody,10,20\n{numbers[1]},abc,90\n".encode()
    with pytest.raises(DomainError) as exc:
        learning_scores_import(actor=actor_for(ev.world.a.tm), session=ev.session, data=bad)
    assert {e.field for e in exc.value.errors} == {"row 3: employee_number", "row 4: pre"}
    assert not LearningScore.objects.exists()
    good = f"employee_number,pre,post\n{numbers[0]},50,75\n{numbers[1]},,90\n".encode()
    result = learning_scores_import(actor=actor_for(ev.world.a.tm), session=ev.session, data=good)
    assert (result.rows, result.scores) == (2, 3)
    assert set(LearningScore.objects.values_list("source", flat=True)) == {"imported"}


def test_form_save_and_foreign_manager_refused(ev):
    e = ev.enrolments[0]
    assert (
        learning_scores_save(
            actor=actor_for(ev.world.a.tm),
            session=ev.session,
            scores={(e.pk, "pre"): "30", (e.pk, "post"): ""},
        )
        == 1
    )
    with pytest.raises(NOT_FOUND):
        learning_scores_save(actor=actor_for(ev.world.b.tm), session=ev.session, scores={(e.pk, "pre"): "99"})
    assert LearningScore.objects.get().score == 30
