"""Plan pages: list, create with field errors, detail, solve, locks, explanation; foreign users get 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.planning import services
from cadre.planning.models import AnnualPlan
from cadre.tenancy.access import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(planned):
    # next year, whatever the date: publishing creates sessions, and a session in the past is refused
    year = timezone.now().year + 1
    plan = services.plan_create(
        actor=actor_for(planned.a.tm),
        administration=planned.a.administration,
        name=str(year),
        year=year,
        budget="5000",
        snapshot_row=planned.a.snapshot,
    )
    services.plan_solve(actor=actor_for(planned.a.tm), plan=plan, time_limit=5)
    return plan


def test_list_detail_and_explanation_render(planned, plan, client_for):
    client = client_for(planned.a.tm)
    assert client.get(reverse("planning:list")).status_code == 200
    page = client.get(reverse("planning:detail", args=[plan.pk]))
    assert page.status_code == 200
    assert b"Gap to bound" in page.content
    officer = plan.assignments.first().officer_id
    assert client.get(reverse("planning:explanation", args=[plan.pk, officer])).status_code == 200


def test_create_names_the_bad_field(planned, client_for):
    response = client_for(planned.a.tm).post(
        reverse("planning:create"),
        {"name": "x", "year": "2027", "budget": "abc", "snapshot_id": planned.a.snapshot.pk},
    )
    assert response.status_code == 400
    assert b"budget" in response.content
    assert not AnnualPlan.objects.exists()


def test_lock_and_scenarios(planned, plan, client_for):
    client = client_for(planned.a.tm)
    row = plan.assignments.first()
    client.post(reverse("planning:assignment_lock", args=[plan.pk, row.pk]), {"locked": "1"})
    row.refresh_from_db()
    assert row.locked
    session = plan.sessions.first()
    client.post(reverse("planning:session_lock", args=[plan.pk, session.pk]), {"locked": "1"})
    session.refresh_from_db()
    assert session.locked


def test_foreign_administration_gets_404_and_changes_nothing(planned, plan, client_for):
    client = client_for(planned.b.tm)
    row, session = plan.assignments.first(), plan.sessions.first()
    for name, args in (("detail", [plan.pk]), ("explanation", [plan.pk, row.officer_id])):
        assert client.get(reverse(f"planning:{name}", args=args)).status_code == 404
    for name, args in (
        ("solve", [plan.pk]),
        ("scenarios", [plan.pk]),
        ("assignment_lock", [plan.pk, row.pk]),
        ("session_lock", [plan.pk, session.pk]),
    ):
        assert client.post(reverse(f"planning:{name}", args=args), {"locked": "1"}).status_code == 404
    row.refresh_from_db()
    session.refresh_from_db()
    assert not row.locked
    assert not session.locked
    # a foreign snapshot cannot seed a plan either
    response = client.post(
        reverse("planning:create"),
        {"name": "x", "year": "2027", "budget": "10", "snapshot_id": planned.a.snapshot.pk},
    )
    assert response.status_code == 404
    assert AnnualPlan.objects.count() == 1
    # a learner of the same administration sees nothing
    assert client_for(planned.a.learner).get(reverse("planning:detail", args=[plan.pk])).status_code == 404


def test_publish_page_creates_sessions_once_and_foreign_gets_404(planned, plan, client_for):
    from cadre.delivery.models import Enrolment, Session

    # given a foreign training manager
    response = client_for(planned.b.tm).post(reverse("planning:publish", args=[plan.pk]))
    # then 404 and nothing was created
    assert response.status_code == 404
    assert not Session.objects.filter(course=planned.a.course).exists()
    # when the plan's own manager publishes twice
    client = client_for(planned.a.tm)
    assert client.post(reverse("planning:publish", args=[plan.pk])).status_code == 302
    counts = (Session.objects.count(), Enrolment.objects.count())
    assert counts[0] > 0
    assert counts[1] == plan.assignments.count()
    assert client.post(reverse("planning:publish", args=[plan.pk])).status_code == 302
    # then the second publication created nothing
    assert (Session.objects.count(), Enrolment.objects.count()) == counts
