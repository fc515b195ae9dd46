"""Publishing a solved plan creates delivery sessions and nominations, once, for its own managers only."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from cadre.delivery.models import Enrolment, Session
from cadre.planning import services
from cadre.planning.models import PublishedSession
from cadre.tenancy.access import actor_for
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db

YEAR = timezone.now().year + 1


def _solved(world, budget="5000"):
    plan = services.plan_create(
        actor=actor_for(world.a.tm),
        administration=world.a.administration,
        name="Next year",
        year=YEAR,
        budget=budget,
        snapshot_row=world.a.snapshot,
    )
    return services.plan_solve(actor=actor_for(world.a.tm), plan=plan, time_limit=5)


def test_publish_creates_sessions_in_their_period_and_nominations(planned):
    # given a solved plan
    plan = _solved(planned)
    planned_rows = list(plan.sessions.all())
    assert planned_rows
    # when published
    result = services.plan_publish(actor=actor_for(planned.a.tm), plan=plan)
    # then each planned session is a delivery session at 09:00 Tokyo on its period's first working day
    assert result.sessions_created == sum(s.count for s in planned_rows)
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    for row in PublishedSession.objects.filter(plan=plan).select_related("session"):
        local = timezone.localtime(row.session.starts_at, tokyo)
        first = services.period_first_day(year=YEAR, period=row.period, period_kind=plan.period_kind)
        assert local.date() == first + dt.timedelta(days=7 * row.index)
        assert (local.hour, local.minute) == (9, 0)
        assert local.date().weekday() < 5
        assert row.session.administration_id == planned.a.administration.pk
        assert row.session.language == "en"
        # the course lasts 2 days: 17:00 on the second day
        end = timezone.localtime(row.session.ends_at, tokyo)
        assert (end.date() - local.date()).days == 1
        assert end.hour == 17
    # and every assigned officer is nominated, awaiting approval
    enrolments = Enrolment.objects.filter(session__in=[p.session for p in PublishedSession.objects.all()])
    assert result.nominations_created == plan.assignments.count() == enrolments.count()
    assert {e.origin for e in enrolments} == {Enrolment.Origin.NOMINATION}
    assert {e.state for e in enrolments} <= {Enrolment.State.REQUESTED, Enrolment.State.APPROVED}
    assert AuditEvent.objects.filter(entity_type="planning.annualplan", entity_id=str(plan.pk)).exists()


def test_publishing_twice_creates_nothing_new(planned):
    plan = _solved(planned)
    services.plan_publish(actor=actor_for(planned.a.tm), plan=plan)
    counts = (Session.objects.count(), Enrolment.objects.count(), AuditEvent.objects.count())
    again = services.plan_publish(actor=actor_for(planned.a.tm), plan=plan)
    assert (again.sessions_created, again.nominations_created) == (0, 0)
    assert (Session.objects.count(), Enrolment.objects.count(), AuditEvent.objects.count()) == counts


def test_foreign_manager_gets_404_and_nothing_changes(planned):
    plan = _solved(planned)
    counts = (Session.objects.count(), Enrolment.objects.count(), PublishedSession.objects.count())
    with pytest.raises(NOT_FOUND):
        services.plan_publish(actor=actor_for(planned.b.tm), plan=plan)
    assert (Session.objects.count(), Enrolment.objects.count(), PublishedSession.objects.count()) == counts


def test_an_unsolved_plan_is_refused_naming_the_field(planned):
    plan = services.plan_create(
        actor=actor_for(planned.a.tm),
        administration=planned.a.administration,
        name="Draft",
        year=YEAR,
        budget="5000",
        snapshot_row=planned.a.snapshot,
    )
    with pytest.raises(DomainError) as err:
        services.plan_publish(actor=actor_for(planned.a.tm), plan=plan)
    assert [e.field for e in err.value.errors] == ["plan"]
    assert not Session.objects.filter(course=planned.a.course).exists()


def test_session_times_for_months_and_short_courses(planned):
    plan = _solved(planned)
    plan.period_kind = "month"
    # 2028-01-01 is a Saturday: the first working day is Monday the 3rd
    plan.year = 2028
    start, end = services.session_times(
        plan=plan, period=0, index=0, duration_days=Decimal("0.5"), zone="UTC"
    )
    assert start == dt.datetime(2028, 1, 3, 9, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(hours=4)
