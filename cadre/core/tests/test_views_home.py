from django.urls import reverse

from cadre.competencies.models import Assessment
from cadre.tenancy.services import org_unit_create
from cadre.testing import factories as f


def test_anonymous_is_sent_to_login(client, db):
    # when an anonymous visitor opens the home page
    response = client.get(reverse("core:home"))
    # then they are redirected to the login page
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_learner_sees_own_record_and_profile_link(client, world):
    # given the Alpha learner
    client.force_login(world.a.learner)
    # when they open the home page
    response = client.get(reverse("core:home"))
    # then their officer summary and the link to their profile show, and no manager figures
    body = response.content.decode()
    assert response.status_code == 200
    assert world.a.learner_officer.full_name in body
    assert world.a.house.name in body
    assert reverse("people:me") in body
    assert "Training management" not in body


def test_supervisor_sees_unit_and_pending_validations(client, world):
    # given two pending self-assessments in Alpha's supervised house and one in Beta
    for officer in world.a.officers[1:3]:
        f.AssessmentFactory(
            officer=officer,
            competency=world.competencies[0],
            source=Assessment.Source.SELF,
            validation=Assessment.Validation.PENDING,
        )
    f.AssessmentFactory(
        officer=world.b.officers[1],
        competency=world.competencies[0],
        source=Assessment.Source.SELF,
        validation=Assessment.Validation.PENDING,
    )
    client.force_login(world.a.sup)
    # when the Alpha supervisor opens the home page
    response = client.get(reverse("core:home"))
    # then their unit and only Alpha's pending count show
    dashboard = response.context["dashboard"]
    assert [u.pk for u in dashboard.supervisor.units] == [world.a.house.pk]
    assert dashboard.supervisor.pending_validations == 2
    assert world.a.house.name in response.content.decode()


def test_training_manager_sees_counts_and_own_events_in_few_queries(
    client, world, django_assert_max_num_queries
):
    # given changes in both administrations
    org_unit_create(actor=world.a.tm, administration=world.a.administration, code="A-NEW", name="Alpha new")
    org_unit_create(actor=world.b.tm, administration=world.b.administration, code="B-NEW", name="Beta new")
    client.force_login(world.a.tm)
    client.get(reverse("core:home"))  # warm the session's time zone
    # when the Alpha training manager opens the home page
    with django_assert_max_num_queries(10):
        response = client.get(reverse("core:home"))
    # then Alpha's figures and events show, never Beta's
    manager = response.context["dashboard"].manager
    assert manager.officers == len(world.a.officers)
    assert manager.role_profiles == 1
    assert manager.frameworks == 2  # Alpha's national framework and the regional one it extends
    body = response.content.decode()
    assert "Alpha new" in body
    assert "Beta new" not in body


def test_regional_coordinator_sees_member_administrations(client, world):
    # given the regional coordinator
    client.force_login(world.coordinator)
    # when they open the home page
    response = client.get(reverse("core:home"))
    # then the region's administrations are listed by name
    body = response.content.decode()
    assert world.a.administration.name in body
    assert world.b.administration.name in body
    assert response.context["dashboard"].manager is None
