"""Course services: validation, scoping of writes, objectives, prerequisites, adoption."""

from __future__ import annotations

import pytest

from cadre.catalogue import services
from cadre.catalogue.models import Course, CourseObjective, CoursePrerequisite, Module
from cadre.catalogue.selectors import course_regional_differences, course_revision_available
from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from tests.catalogue.conftest import course
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def fields_of(error: DomainError) -> set[str]:
    return {e.field for e in error.errors}


def test_manager_creates_a_course_and_it_is_audited(world):
    # when Alpha's training manager creates a course
    created = services.course_create(
        actor=world.a.tm,
        administration=world.a.administration,
        code="A-RISK",
        title="Risk analysis",
        delivery_mode="blended",
        languages=["en", "ja", "en"],
        min_participants=5,
        max_participants=20,
    )
    # then it belongs to Alpha, the caller owns it, and the creation is in the audit log
    assert created.administration == world.a.administration
    assert created.owner == world.a.tm
    assert created.languages == ["en", "ja"]
    assert AuditEvent.objects.filter(entity_type="catalogue.course", entity_id=str(created.pk)).exists()


def test_regional_admin_creates_regional_courses_but_a_manager_cannot(world):
    regional = services.course_create(
        actor=world.regional_admin, region=world.region, code="R1", title="Regional"
    )
    assert regional.region == world.region
    with pytest.raises(NOT_FOUND):
        services.course_create(actor=world.a.tm, region=world.region, code="R2", title="Not allowed")
    assert not Course.objects.filter(code="R2").exists()


def test_invalid_course_names_every_field_and_stores_nothing(world):
    # given bad input across many fields
    with pytest.raises(DomainError) as exc:
        services.course_create(
            actor=world.a.tm,
            administration=world.a.administration,
            code="",
            title=" ",
            delivery_mode="teleport",
            languages=["english!"],
            min_participants=10,
            max_participants=5,
            cost_per_session=-1,
            review_interval_months=0,
        )
    # then each problem names its field, and no course exists
    assert fields_of(exc.value) >= {
        "code",
        "title",
        "delivery_mode",
        "languages",
        "max_participants",
        "cost_per_session",
        "review_interval_months",
    }
    assert Course.objects.filter(administration=world.a.administration).count() == 0


def test_course_code_is_unique_per_owner(cat):
    with pytest.raises(DomainError) as exc:
        services.course_create(
            actor=cat.world.a.tm, administration=cat.world.a.administration, code="A-VAL", title="Again"
        )
    assert fields_of(exc.value) == {"code"}
    # the same code in another administration is fine
    services.course_create(
        actor=cat.world.b.tm, administration=cat.world.b.administration, code="A-VAL", title="B's"
    )


def test_owner_must_belong_to_the_owning_administration(cat):
    with pytest.raises(DomainError) as exc:
        services.course_update(actor=cat.world.a.tm, course=cat.course_a, owner=cat.world.b.tm)
    assert fields_of(exc.value) == {"owner"}
    cat.course_a.refresh_from_db()
    assert cat.course_a.owner == cat.world.a.tm


def test_foreign_manager_cannot_update_and_nothing_changes(cat):
    # when Beta's manager tries to change Alpha's course
    with pytest.raises(NOT_FOUND):
        services.course_update(actor=cat.world.b.tm, course=cat.course_a, title="Hijacked")
    # then the course is untouched
    cat.course_a.refresh_from_db()
    assert cat.course_a.title == "Valuation basics"


def test_update_refuses_min_above_max_and_keeps_the_row(cat):
    with pytest.raises(DomainError) as exc:
        services.course_update(actor=cat.world.a.tm, course=cat.course_a, min_participants=30)
    assert fields_of(exc.value) == {"max_participants"}
    cat.course_a.refresh_from_db()
    assert cat.course_a.min_participants == 1


def test_objectives_use_competencies_of_the_owner_and_levels_of_the_scale(cat):
    w = cat.world
    foreign = f.CompetencyFactory(framework=w.b.framework)
    with pytest.raises(DomainError) as exc:
        services.course_objectives_set(
            actor=w.a.tm,
            course=cat.course_a,
            objectives=[
                services.ObjectiveInput(w.competencies[1], 9),
                services.ObjectiveInput(foreign, 2),
            ],
        )
    assert fields_of(exc.value) == {"objectives[0].target_level", "objectives[1].competency"}
    assert not cat.course_a.objectives.exists()
    services.course_objectives_set(
        actor=w.a.tm, course=cat.course_a, objectives=[services.ObjectiveInput(w.competencies[1], 3, "Apply")]
    )
    assert list(cat.course_a.objectives.values_list("competency_id", "target_level")) == [
        (w.competencies[1].pk, 3)
    ]


def test_prerequisites_same_owner_or_regional_and_no_cycles(cat):
    w = cat.world
    second = course(administration=w.a.administration, code="A-VAL2", title="Valuation advanced")
    # a course of A may require a regional course and another A course, and a competency level
    services.course_prerequisites_set(
        actor=w.a.tm,
        course=second,
        courses=[cat.course_a, cat.regional],
        levels=[services.LevelPrerequisite(w.competencies[1], 2)],
    )
    assert second.prerequisites.count() == 3
    # a foreign course is refused
    with pytest.raises(DomainError) as exc:
        services.course_prerequisites_set(
            actor=w.a.tm, course=cat.course_a, courses=[cat.course_b], levels=[]
        )
    assert fields_of(exc.value) == {"courses[0]"}
    # closing the loop A-VAL -> A-VAL2 -> A-VAL is a cycle, refused; nothing changes
    with pytest.raises(DomainError) as exc:
        services.course_prerequisites_set(actor=w.a.tm, course=cat.course_a, courses=[second], levels=[])
    assert fields_of(exc.value) == {"courses"}
    assert not CoursePrerequisite.objects.filter(course=cat.course_a).exists()


def test_adoption_copies_the_course_and_notices_a_regional_revision(cat):
    w = cat.world
    Module.objects.create(
        region=w.region,
        course=cat.regional,
        code="R-M1",
        title="GIR 1",
        kind="link",
        url="https://x.example/1",
    )
    # when Alpha adopts the regional course
    adopted = services.course_adopt(actor=w.a.tm, administration=w.a.administration, regional=cat.regional)
    # then it is Alpha's copy with objectives, modules and citations, remembering its source
    assert adopted.administration == w.a.administration
    assert (adopted.adopted_from, adopted.adopted_version) == (cat.regional, "1.0")
    assert adopted.objectives.count() == 1
    assert adopted.citations.count() == 1
    assert list(adopted.modules.values_list("code", "administration_id")) == [("R-M1", w.a.administration.pk)]
    assert not course_revision_available(course=adopted)
    # when the region revises its course
    services.course_update(
        actor=w.regional_admin, course=cat.regional, version="2.0", title="HS classification 2027"
    )
    adopted.refresh_from_db()
    # then the copy is flagged and the differences are listed
    assert course_revision_available(course=adopted)
    assert {d.field for d in course_regional_differences(course=adopted)} == {"title", "version"}
    # when Alpha takes the changes, the flag is gone
    services.course_adoption_review(actor=w.a.tm, course=adopted, apply=True)
    adopted.refresh_from_db()
    assert adopted.title == "HS classification 2027"
    assert not course_revision_available(course=adopted)


def test_adoption_refusals(cat):
    w = cat.world
    services.course_adopt(actor=w.a.tm, administration=w.a.administration, regional=cat.regional)
    with pytest.raises(DomainError) as exc:
        services.course_adopt(actor=w.a.tm, administration=w.a.administration, regional=cat.regional)
    assert "administration" in fields_of(exc.value)
    with pytest.raises(DomainError) as exc:
        services.course_adopt(actor=w.b.tm, administration=w.b.administration, regional=cat.course_a)
    assert fields_of(exc.value) == {"course"}
    # a manager of Beta cannot adopt for Alpha; nothing is created
    before = Course.objects.count()
    with pytest.raises(NOT_FOUND):
        services.course_adopt(actor=w.b.tm, administration=w.a.administration, regional=cat.regional)
    assert Course.objects.count() == before


def test_adoption_needs_the_regional_framework(cat):
    w = cat.world
    other = f.AdministrationFactory(region=w.region)
    f.MembershipFactory(user=w.a.tm, role="training_manager", administration=other)
    from cadre.tenancy.access import forget_access

    forget_access(w.a.tm)
    with pytest.raises(DomainError) as exc:
        services.course_adopt(actor=w.a.tm, administration=other, regional=cat.regional)
    assert fields_of(exc.value) == {"objectives"}
    assert not CourseObjective.objects.filter(course__administration=other).exists()
