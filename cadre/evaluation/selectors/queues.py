"""What waits for someone in evaluation: selectors behind the home page's work queues."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from cadre.delivery.models import Enrolment, Session
from cadre.delivery.selectors import sessions_managed_by
from cadre.evaluation.models import FollowUp, Invitation, Survey
from cadre.evaluation.selectors.access import follow_ups_for_user, open_invitations_for
from cadre.tenancy.access import Actor, UserLike, actor_for

#: Ended sessions older than this no longer call for a reaction questionnaire on the home page.
EVALUATION_WINDOW = dt.timedelta(days=90)


def follow_ups_due(*, user: Actor | UserLike, today: dt.date) -> QuerySet[FollowUp]:
    """Follow-ups the caller manages or supervises that are due by ``today`` and not done, oldest first."""
    return (
        follow_ups_for_user(user=user)
        .filter(state__in=[FollowUp.State.SCHEDULED, FollowUp.State.OPEN], due_on__lte=today)
        .order_by("due_on", "pk")
    )


def sessions_to_evaluate(*, user: Actor | UserLike) -> QuerySet[Session]:
    """Managed sessions ended in the last 90 days, with participants, and no questionnaire sent; oldest first."""
    now = timezone.now()
    return (
        sessions_managed_by(user=actor_for(user).user)
        .filter(
            ends_at__lt=now,
            ends_at__gte=now - EVALUATION_WINDOW,
            status=Session.Status.SCHEDULED,
            self_paced=False,
        )
        .filter(Exists(Enrolment.objects.filter(session_id=OuterRef("pk"), state=Enrolment.State.CONFIRMED)))
        .exclude(Exists(Survey.objects.filter(session_id=OuterRef("pk"))))
        .order_by("ends_at", "pk")
    )


def invitations_waiting(*, user: Actor | UserLike) -> QuerySet[Invitation]:
    """The caller's questionnaires still to answer, oldest first."""
    return open_invitations_for(user=user).order_by("survey__opened_at", "pk")
