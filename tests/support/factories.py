"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from cadre.competencies.models import (
    Assessment,
    Competency,
    Framework,
    RoleProfile,
    RoleRequirement,
    Scale,
    ScaleLevel,
)
from cadre.people.models import Officer, Position
from cadre.tenancy.models import Administration, Membership, OrgUnit, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "ap"
    name = "Asia/Pacific"


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"adm{n}")
    name = factory.Sequence(lambda n: f"Customs Administration {n}")
    time_zone = "Asia/Tokyo"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """Creates units with a correct materialised path (as ``org_unit_create`` would)."""

    class Meta:
        model = OrgUnit
        skip_postgeneration_save = True

    administration = factory.SubFactory(AdministrationFactory)
    parent = None
    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = OrgUnit.Kind.OFFICE

    @factory.post_generation
    def set_path(obj, create, extracted, **kwargs):  # noqa: N805
        obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        obj.depth = obj.parent.depth + 1 if obj.parent else 0
        obj.save(update_fields=["path", "depth"])


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    administration = factory.SubFactory(AdministrationFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    title = factory.Sequence(lambda n: f"Position {n}")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    administration = factory.SubFactory(AdministrationFactory)
    org_unit = factory.SubFactory(OrgUnitFactory, administration=factory.SelfAttribute("..administration"))
    position = None
    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    languages = factory.LazyFunction(lambda: ["en"])
    service_start = dt.date(2015, 4, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = "learner"


class ScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scale
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    administration = None
    name = "Proficiency"

    @factory.post_generation
    def levels(obj, create, extracted, **kwargs):  # noqa: N805
        labels = extracted or ["None", "Aware", "Trained", "Advanced", "Expert"]
        ScaleLevel.objects.bulk_create(
            ScaleLevel(scale=obj, value=i, label=label) for i, label in enumerate(labels)
        )


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    region = factory.SubFactory(RegionFactory)
    administration = None
    code = factory.Sequence(lambda n: f"FW{n}")
    title = factory.Sequence(lambda n: f"Framework {n}")
    status = Framework.Status.PUBLISHED
    scale = factory.SubFactory(ScaleFactory, region=factory.SelfAttribute("..region"))


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    title = factory.Sequence(lambda n: f"Competency {n}")
    kind = Competency.Kind.COMPETENCY
    type = Competency.Type.OPERATIONAL
    sequence = factory.Sequence(lambda n: n)


class RoleProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleProfile

    position = factory.SubFactory(PositionFactory)
    administration = factory.SelfAttribute("position.administration")


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement

    profile = factory.SubFactory(RoleProfileFactory)
    competency = factory.SubFactory(CompetencyFactory)
    required_level = 3
    criticality = 2


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    officer = factory.SubFactory(OfficerFactory)
    administration = factory.SelfAttribute("officer.administration")
    competency = factory.SubFactory(CompetencyFactory)
    level = 2
    source = Assessment.Source.SUPERVISOR
    assessed_on = dt.date(2026, 1, 15)
    validation = Assessment.Validation.VALIDATED
