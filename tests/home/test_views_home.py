from django.urls import reverse

from cadre.competencies.models import Assessment
from tests.support import factories as f


def test_anonymous_is_sent_to_login(client, db):
    # when an anonymous visitor opens the home page
    response = client.get(reverse("home:home"))
    # then they are redirected to the login page
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_learner_sees_own_record_and_profile_link(client, world):
    # given the Alpha learner
    client.force_login(world.a.learner)
    # when they open the home page
    response = client.get(reverse("home:home"))
    # then their officer summary and the link to their profile show, and no manager figures
    body = response.content.decode()
    assert response.status_code == 200
    assert world.a.learner_officer.full_name in body
    assert world.a.house.name in body
    assert reverse("people:me") in body
    assert "Training management" not in body
    assert [p.key for p in response.context["page"].panels] == ["officer"]


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
    response = client.get(reverse("home:home"))
    # then their unit and only Alpha's pending count show
    page = response.context["page"]
    assert [u.pk for u in page.supervised_units] == [world.a.house.pk]
    validations = next(q for q in page.panel("supervisor").queues if q.key == "validations")
    assert validations.count == 2
    assert {i.title for i in validations.items} == {o.full_name for o in world.a.officers[1:3]}
    assert world.a.house.name in response.content.decode()


def test_regional_coordinator_sees_member_administrations(client, world):
    # given the regional coordinator
    client.force_login(world.coordinator)
    # when they open the home page
    response = client.get(reverse("home:home"))
    # then the region's administrations are listed by name
    body = response.content.decode()
    assert world.a.administration.name in body
    assert world.b.administration.name in body
    page = response.context["page"]
    assert page.panel("manager") is None
    assert [p.key for p in page.panels] == ["coordinator"]


def test_the_greeting_names_the_person_in_the_locales_order(client, world):
    # given a user called Misaki Sakamoto
    user = world.a.learner
    user.first_name, user.last_name = "美咲", "坂本"
    user.save(update_fields=["first_name", "last_name"])
    client.force_login(user)
    # when they open their home in Japanese and in English
    client.cookies["django_language"] = "ja"
    japanese = client.get(reverse("home:home")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("home:home")).content.decode()
    # then the family name comes first in Japanese only (Django's get_full_name is always given first)
    assert "坂本 美咲" in japanese
    assert "美咲 坂本" in english


def test_queues_name_courses_in_the_viewers_language(client, world):
    # given a session the learner is confirmed on, whose course has a Japanese title
    from cadre.translations.models import TranslatedText
    from tests.delivery.conftest import make_course, make_enrolment, make_session

    session = make_session(make_course(world.a.administration, code="VAL-9"), days=2)
    make_enrolment(session, world.a.learner.officer)
    TranslatedText.objects.create(
        administration=world.a.administration,
        kind="course",
        record_id=session.course_id,
        field="title",
        language="ja",
        text="関税評価の実務",
    )
    client.force_login(world.a.learner)
    # when the learner opens their home in Japanese, then in English
    client.cookies["django_language"] = "ja"
    japanese = client.get(reverse("home:home")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("home:home")).content.decode()
    # then the queue names the course in the viewer's language, with the original as fallback
    assert f"{session.course.code} 関税評価の実務" in japanese
    assert f"{session.course.code} {session.course.title}" in english
