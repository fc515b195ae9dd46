"""State labels that share an English word but not a Japanese one."""

from __future__ import annotations

from django.utils import translation

from cadre.delivery.models import Enrolment, Session


def test_a_cancelled_enrolment_and_a_cancelled_session_read_differently_in_japanese():
    # An enrolment is withdrawn (取消), a session is called off (中止): one English word, two Japanese
    with translation.override("ja"):
        assert str(Enrolment.State.CANCELLED.label) == "取消"
        assert str(Session.Status.CANCELLED.label) == "中止"
    with translation.override("en"):
        assert str(Enrolment.State.CANCELLED.label) == str(Session.Status.CANCELLED.label) == "Cancelled"
