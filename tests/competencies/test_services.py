"""Competency writes: frameworks, adoption, mappings, role profiles and assessments."""

import datetime as dt

import pytest
from django.utils import timezone

from cadre.competencies.models import (
    Assessment,
    Competency,
    CompetencyMapping,
    Framework,
    RoleRequirement,
)
from cadre.competencies.selectors import competencies_for_administration
from cadre.competencies.services import (
    GridEntry,
    RequirementInput,
    assessment_record,
    assessment_validate,
    assessments_save_grid,
    competency_create,
    competency_map,
    framework_adopt,
    framework_create,
    framework_set_status,
    role_requirements_set,
)
from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from tests.support import factories as f
from tests.support.errors import NOT_FOUND


def _fields(exc: pytest.ExceptionInfo[DomainError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def _counts() -> tuple[int, ...]:
    return (
        Framework.objects.count(),
        Competency.objects.count(),
        CompetencyMapping.objects.count(),
        RoleRequirement.objects.count(),
        Assessment.objects.count(),
        AuditEvent.objects.count(),
    )


# --- frameworks ------------------------------------------------------------------------------


def test_framework_create_for_own_administration_is_audited(world):
    a = world.a
    framework = framework_create(
        actor=a.tm,
        administration=a.administration,
        code=" A-LEAD ",
        title="Leadership",
        scale=world.regional_framework.scale,
    )
    assert (framework.code, framework.status, framework.administration) == (
        "A-LEAD",
        "draft",
        a.administration,
    )
    event = AuditEvent.objects.get(entity_type="competencies.framework", entity_id=str(framework.pk))
    assert (event.action, event.administration_id, event.region_id) == ("create", a.administration.pk, None)


def test_regional_frameworks_belong_to_regional_admins(world):
    scale = world.regional_framework.scale
    framework = framework_create(
        actor=world.regional_admin, region=world.region, code="PICARD", title="P", scale=scale
    )
    event = AuditEvent.objects.get(entity_type="competencies.framework", entity_id=str(framework.pk))
    assert (event.region_id, event.administration_id) == (world.region.pk, None)
    before = _counts()
    for user in (world.coordinator, world.a.tm, world.a.admin):
        with pytest.raises(NOT_FOUND):
            framework_create(actor=user, region=world.region, code="X", title="X", scale=scale)
    assert _counts() == before


def test_framework_create_for_a_foreign_administration_is_404_whatever_the_input(world):
    # given Beta's existing framework code: a 400 "already exists" would reveal it
    before = _counts()
    for code in ("b-NAT", "fresh", ""):
        with pytest.raises(NOT_FOUND):
            framework_create(
                actor=world.a.tm,
                administration=world.b.administration,
                code=code,
                title="t",
                scale=world.regional_framework.scale,
            )
    assert _counts() == before


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"code": " "}, {"code"}),
        ({"title": ""}, {"title"}),
        ({"code": "a-NAT"}, {"version"}),  # the world's national framework, version 1.0
        ({"extends": "national_b"}, {"extends"}),
        ({"extends": "other_region"}, {"extends"}),
        ({"scale": "scale_b"}, {"scale"}),
        ({"region": "region"}, {"owner"}),  # both owners
        ({"administration": None}, {"owner"}),  # no owner
        ({"code": "", "title": "", "extends": "national_b"}, {"code", "title", "extends"}),
    ],
)
def test_framework_create_rejects_bad_input_and_stores_nothing(world, overrides, fields):
    other_region = f.RegionFactory(code="eu", name="Europe")
    objects = {
        "national_b": world.b.framework,
        "other_region": f.FrameworkFactory(region=other_region, code="EUCF"),
        "scale_b": f.ScaleFactory(region=None, administration=world.b.administration),
        "region": world.region,
    }
    args = {
        "administration": world.a.administration,
        "code": "A-NEW",
        "title": "New",
        "scale": world.regional_framework.scale,
    } | {k: objects.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    before = _counts()
    with pytest.raises(DomainError) as exc:
        framework_create(actor=world.a.tm, **args)
    assert _fields(exc) == fields
    assert _counts() == before


def test_framework_adopt_creates_a_national_extension(world):
    # given a new administration of the region that has not adopted the regional framework
    gamma = f.AdministrationFactory(region=world.region, code="g", name="Gamma", default_language="th")
    tm = f.UserFactory(username="tm_g")
    f.MembershipFactory(user=tm, role="training_manager", administration=gamma)
    assert not competencies_for_administration(administration_id=gamma.pk).exists()
    # when Gamma adopts it
    national = framework_adopt(actor=tm, administration=gamma, regional=world.regional_framework)
    # then Gamma has a draft national framework extending it, and may use the regional competencies
    assert (national.extends, national.administration, national.language) == (
        world.regional_framework,
        gamma,
        "th",
    )
    assert national.code == "G-RCF"
    assert set(competencies_for_administration(administration_id=gamma.pk)) == set(world.competencies)
    # and adopting twice is refused
    with pytest.raises(DomainError) as exc:
        framework_adopt(actor=tm, administration=gamma, regional=world.regional_framework)
    assert _fields(exc) == {"version"}


def test_framework_adopt_needs_a_manager_of_the_adopting_administration(world):
    before = _counts()
    for user in (world.b.tm, world.a.sup, world.regional_admin):
        with pytest.raises(NOT_FOUND):
            framework_adopt(
                actor=user, administration=world.a.administration, regional=world.regional_framework
            )
    assert _counts() == before


def test_only_a_regional_framework_can_be_adopted(world):
    with pytest.raises(DomainError) as exc:
        framework_adopt(actor=world.a.tm, administration=world.a.administration, regional=world.b.framework)
    assert _fields(exc) == {"extends"}


def test_framework_status_runs_draft_published_retired(world):
    # given a draft framework
    a = world.a
    fw = framework_create(
        actor=a.tm, administration=a.administration, code="S", title="S", scale=world.regional_framework.scale
    )
    # when it is published and then retired
    framework_set_status(actor=a.tm, framework=fw, status="published")
    framework_set_status(actor=a.tm, framework=fw, status="retired")
    # then each step is stored and audited with the before/after status
    fw.refresh_from_db()
    assert fw.status == "retired"
    events = AuditEvent.objects.filter(
        entity_type="competencies.framework", entity_id=str(fw.pk), action="update"
    )
    assert sorted((e.before["status"], e.after["status"]) for e in events) == [
        ("draft", "published"),
        ("published", "retired"),
    ]
    assert all(set(e.after) == {"status"} for e in events)


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "retired"),
        ("draft", "draft"),
        ("published", "draft"),
        ("published", "published"),
        ("retired", "published"),
        ("retired", "draft"),
        ("draft", "archived"),
    ],
)
def test_framework_status_refuses_other_transitions(world, start, target):
    fw = f.FrameworkFactory(
        region=None, administration=world.a.administration, scale=world.regional_framework.scale, status=start
    )
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        framework_set_status(actor=world.a.tm, framework=fw, status=target)
    assert _fields(exc) == {"status"}
    fw.refresh_from_db()
    assert fw.status == start
    assert AuditEvent.objects.count() == events


def test_framework_status_of_a_foreign_framework_is_404(world):
    with pytest.raises(NOT_FOUND):
        framework_set_status(actor=world.a.tm, framework=world.b.framework, status="retired")
    with pytest.raises(NOT_FOUND):
        framework_set_status(actor=world.a.tm, framework=world.regional_framework, status="retired")
    world.b.framework.refresh_from_db()
    assert world.b.framework.status == "published"


# --- competencies and mappings ---------------------------------------------------------------


def test_competency_create_numbers_and_types_nodes(world):
    fw = world.a.framework
    group = competency_create(
        actor=world.a.tm, framework=fw, code="N", title="National", kind="group", type="professional"
    )
    node = competency_create(actor=world.a.tm, framework=fw, code="N1", title="Excise", parent=group)
    assert node.type == "professional"  # inherited from the group
    assert node.sequence == group.sequence + 1
    event = AuditEvent.objects.get(entity_type="competencies.competency", entity_id=str(node.pk))
    assert event.administration_id == world.a.administration.pk


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"code": ""}, {"code"}),
        ({"title": " "}, {"title"}),
        ({"kind": "skill"}, {"kind"}),
        ({"type": "magic"}, {"type"}),
        ({"parent": "regional"}, {"parent"}),
        ({"code": "DUP"}, {"code"}),
        ({"framework": "retired"}, {"framework"}),
    ],
)
def test_competency_create_rejects_bad_input_and_stores_nothing(world, overrides, fields):
    fw = world.a.framework
    f.CompetencyFactory(framework=fw, code="DUP")
    retired = f.FrameworkFactory(
        region=None, administration=world.a.administration, scale=fw.scale, status="retired"
    )
    objects = {"regional": world.competencies[0], "retired": retired}
    args = {"framework": fw, "code": "NEW", "title": "New"} | {
        k: objects.get(v, v) for k, v in overrides.items()
    }
    before = _counts()
    with pytest.raises(DomainError) as exc:
        competency_create(actor=world.a.tm, **args)
    assert _fields(exc) == fields
    assert _counts() == before


def test_competency_create_in_a_foreign_or_regional_framework_is_404(world):
    before = _counts()
    for fw in (world.b.framework, world.regional_framework):
        with pytest.raises(NOT_FOUND):
            competency_create(actor=world.a.tm, framework=fw, code="X", title="X")
    assert _counts() == before


def test_competency_map_national_to_regional_is_audited_once(world):
    national = f.CompetencyFactory(framework=world.a.framework, code="A-N1")
    target = world.competencies[1]
    mapping = competency_map(actor=world.a.tm, source=national, target=target, relation="narrower")
    again = competency_map(actor=world.a.tm, source=national, target=target, relation="narrower")
    assert mapping == again
    assert mapping.relation == "narrower"
    assert AuditEvent.objects.filter(entity_type="competencies.competencymapping").count() == 1


def test_competency_map_refusals(world):
    national = f.CompetencyFactory(framework=world.a.framework, code="A-N1")
    sibling = f.CompetencyFactory(framework=world.a.framework, code="A-N2")
    beta = f.CompetencyFactory(framework=world.b.framework, code="B-N1")
    before = _counts()
    with pytest.raises(DomainError) as exc:
        competency_map(actor=world.a.tm, source=national, target=world.competencies[0], relation="twin")
    assert _fields(exc) == {"relation"}
    with pytest.raises(DomainError) as exc:
        competency_map(actor=world.a.tm, source=national, target=sibling, relation="related")
    assert _fields(exc) == {"target"}
    # another administration's competency is treated as missing, in either direction
    with pytest.raises(NOT_FOUND):
        competency_map(actor=world.a.tm, source=national, target=beta, relation="related")
    with pytest.raises(NOT_FOUND):
        competency_map(actor=world.a.tm, source=beta, target=world.competencies[0], relation="related")
    assert _counts() == before


# --- role profiles ---------------------------------------------------------------------------


def test_role_requirements_set_replaces_the_whole_profile_with_audit(world):
    # given Alpha's profile requiring OP1 (2, crit 1), OP2 (3, crit 2), OP3 (2, crit 3)
    a, (op1, op2, op3, op4) = world.a, world.competencies
    national = f.CompetencyFactory(framework=a.framework, code="A-N1")
    # when OP1 is kept, OP2 changed, OP3 dropped and OP4 and a national competency added
    role_requirements_set(
        actor=a.tm,
        profile=a.profile,
        requirements=[
            RequirementInput(op1, 2, 1),
            RequirementInput(op2, 4, 3),
            RequirementInput(op4, 1, 2),
            RequirementInput(national, 3, 2),
        ],
    )
    # then the stored requirements are exactly the new list
    stored = {r.competency_id: (r.required_level, r.criticality) for r in a.profile.requirements.all()}
    assert stored == {op1.pk: (2, 1), op2.pk: (4, 3), op4.pk: (1, 2), national.pk: (3, 2)}
    # and each change is audited: one update (with only changed fields), one delete, two creates
    events = AuditEvent.objects.filter(entity_type="competencies.rolerequirement")
    assert sorted(e.action for e in events) == ["create", "create", "delete", "update"]
    update = events.get(action="update")
    assert (update.before, update.after) == (
        {"required_level": 3, "criticality": 2},
        {"required_level": 4, "criticality": 3},
    )
    assert events.get(action="delete").before["competency_id"] == op3.pk
    assert {e.administration_id for e in events} == {a.administration.pk}


def test_role_requirements_set_is_all_or_nothing_with_errors_per_index(world):
    # given the world's profile
    a, (op1, op2, _op3, op4) = world.a, world.competencies
    beta_only = f.CompetencyFactory(framework=world.b.framework, code="B-N1")
    group = Competency.objects.get(code="OP")
    stored_before = list(a.profile.requirements.values_list("competency_id", "required_level", "criticality"))
    before = _counts()
    # when a list with several bad rows is saved
    with pytest.raises(DomainError) as exc:
        role_requirements_set(
            actor=a.tm,
            profile=a.profile,
            requirements=[
                RequirementInput(op1, 2, 1),  # fine
                RequirementInput(op2, 5, 2),  # beyond the 0-4 scale
                RequirementInput(beta_only, 2, 2),  # another administration's competency
                RequirementInput(op1, 2, 2),  # listed twice
                RequirementInput(op4, 0, 4),  # level below 1, criticality beyond 3
                RequirementInput(group, 2, 2),  # a group is not a competency
            ],
        )
    # then each problem names its row and field, and nothing changed
    assert _fields(exc) == {
        "requirements[1].required_level",
        "requirements[2].competency",
        "requirements[3].competency",
        "requirements[4].required_level",
        "requirements[4].criticality",
        "requirements[5].competency",
    }
    assert (
        list(a.profile.requirements.values_list("competency_id", "required_level", "criticality"))
        == stored_before
    )
    assert _counts() == before


def test_role_requirements_set_by_a_foreign_or_non_manager_is_404(world):
    before = _counts()
    for user in (world.b.tm, world.a.sup, world.a.learner):
        with pytest.raises(NOT_FOUND):
            role_requirements_set(actor=user, profile=world.a.profile, requirements=[])
    assert _counts() == before


# --- assessments -----------------------------------------------------------------------------


def _record(world, actor, officer, **kwargs):
    args = {"competency": world.competencies[0], "level": 2, "source": "supervisor"} | kwargs
    return assessment_record(actor=actor, officer=officer, **args)


def test_a_self_assessment_waits_for_validation_when_the_administration_requires_it(world):
    assessment = _record(world, world.a.learner, world.a.learner_officer, source="self")
    assert assessment.validation == "pending"
    assert assessment.assessor == world.a.learner
    event = AuditEvent.objects.get(entity_type="competencies.assessment", entity_id=str(assessment.pk))
    assert event.after["validation"] == "pending"


def test_a_self_assessment_counts_at_once_when_the_administration_does_not_require_validation(world):
    world.b.administration.self_assessment_requires_validation = False
    world.b.administration.save(update_fields=["self_assessment_requires_validation"])
    officer = world.b.learner_officer
    officer.refresh_from_db()
    assessment = _record(world, world.b.learner, officer, source="self")
    assert assessment.validation == "validated"


def test_supervisor_and_manager_assessments_count_at_once(world):
    by_sup = _record(world, world.a.sup, world.a.officers[1])
    by_tm = _record(world, world.a.tm, world.a.officers[3], source="test")
    assert (by_sup.validation, by_tm.validation) == ("validated", "validated")
    assert by_sup.assessed_on == timezone.localdate(timezone=dt.timezone(dt.timedelta(hours=9)))


@pytest.mark.parametrize(
    ("persona", "target", "source"),
    [
        ("learner_a", "a1", "self"),  # someone else's self-assessment
        ("learner_a", "a0", "supervisor"),  # a learner is nobody's supervisor, not even their own
        ("tm_a", "a1", "self"),  # a manager cannot file another officer's self-assessment
        ("sup_a", "a3", "supervisor"),  # the other customs house: outside the subtree
        ("sup_a", "sup_self", "supervisor"),  # supervisors do not assess themselves
        ("tm_a", "b0", "supervisor"),  # another administration
        ("sup_b", "a1", "supervisor"),
        ("learner_b", "a0", "self"),
        ("coordinator", "a1", "supervisor"),
        ("regional_admin", "a1", "test"),
    ],
)
def test_assessment_record_outside_ones_reach_is_404_and_stores_nothing(world, persona, target, source):
    sup_self = f.OfficerFactory(
        administration=world.a.administration, org_unit=world.a.house, user=world.a.sup
    )
    officers = {"a0": world.a.officers[0], "a1": world.a.officers[1], "a3": world.a.officers[3]}
    officers |= {"b0": world.b.officers[0], "sup_self": sup_self}
    before = _counts()
    with pytest.raises(NOT_FOUND):
        _record(world, world.users[persona], officers[target], source=source)
    assert _counts() == before


def test_a_manager_may_assess_any_officer_of_own_administration(world):
    for officer in world.a.officers:
        _record(world, world.a.admin, officer, source="certificate")
    assert Assessment.objects.filter(administration=world.a.administration).count() == 4


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"level": 5}, {"level"}),
        ({"level": -1}, {"level"}),
        ({"level": "3"}, {"level"}),
        ({"source": "rumour"}, {"source"}),
        ({"competency": "beta_only"}, {"competency"}),
        ({"competency": "group"}, {"competency"}),
        ({"assessed_on": "tomorrow"}, {"assessed_on"}),
        ({"level": 9, "assessed_on": "tomorrow"}, {"level", "assessed_on"}),
    ],
)
def test_assessment_record_rejects_bad_input_and_stores_nothing(world, overrides, fields):
    tomorrow = timezone.localdate(timezone=dt.timezone(dt.timedelta(hours=9))) + dt.timedelta(days=1)
    objects = {
        "beta_only": f.CompetencyFactory(framework=world.b.framework, code="B-N1"),
        "group": Competency.objects.get(code="OP"),
        "tomorrow": tomorrow,
    }
    kwargs = {k: objects.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    before = _counts()
    with pytest.raises(DomainError) as exc:
        _record(world, world.a.tm, world.a.officers[0], **kwargs)
    assert _fields(exc) == fields
    assert _counts() == before


def test_the_level_range_follows_the_competencys_scale(world):
    # given a national framework of Alpha on a three-level scale (0 None, 1 Basic, 2 Full)
    a = world.a
    scale = f.ScaleFactory(region=None, administration=a.administration, levels=["None", "Basic", "Full"])
    fw = f.FrameworkFactory(region=None, administration=a.administration, scale=scale, code="A-3")
    competency = f.CompetencyFactory(framework=fw)
    # then 2 is the top level and 3 is refused, while the regional 0-4 scale accepts 4
    assert _record(world, a.tm, a.officers[0], competency=competency, level=2).level == 2
    with pytest.raises(DomainError) as exc:
        _record(world, a.tm, a.officers[0], competency=competency, level=3)
    assert [e.reason for e in exc.value.errors] == ["must be between 0 and 2"]
    assert _record(world, a.tm, a.officers[0], level=4).level == 4


def test_future_means_the_future_where_the_administration_works(world, monkeypatch):
    # given it is 23:30 UTC on 1 March, already 2 March in Tokyo (Alpha) but 1 March in Los Angeles
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    b = world.b.administration
    b.time_zone = "America/Los_Angeles"
    b.save(update_fields=["time_zone"])
    world.b.officers[0].refresh_from_db()
    march_2 = dt.date(2026, 3, 2)
    # then Alpha may record 2 March, Beta may not; without a date each gets its own today
    assert _record(world, world.a.tm, world.a.officers[0], assessed_on=march_2).assessed_on == march_2
    with pytest.raises(DomainError) as exc:
        _record(world, world.b.tm, world.b.officers[0], assessed_on=march_2)
    assert _fields(exc) == {"assessed_on"}
    assert _record(world, world.b.tm, world.b.officers[0]).assessed_on == dt.date(2026, 3, 1)
    assert _record(world, world.a.tm, world.a.officers[0]).assessed_on == march_2


def test_assessment_validate_by_the_supervisor(world):
    # given a pending self-assessment in the supervised customs house
    pending = _record(world, world.a.learner, world.a.learner_officer, source="self")
    # when the supervisor validates it
    assessment_validate(actor=world.a.sup, assessment=pending, approve=True)
    # then it counts, says who validated it when, and the change is audited
    pending.refresh_from_db()
    assert (pending.validation, pending.validated_by) == ("validated", world.a.sup)
    assert pending.validated_at is not None
    event = AuditEvent.objects.get(entity_id=str(pending.pk), action="update")
    assert event.before["validation"] == "pending"
    assert event.after["validation"] == "validated"
    assert event.after["validated_by_id"] == world.a.sup.pk


def test_assessment_validate_can_reject_and_only_pending_ones(world):
    pending = _record(world, world.a.learner, world.a.learner_officer, source="self")
    assessment_validate(actor=world.a.tm, assessment=pending, approve=False)
    pending.refresh_from_db()
    assert pending.validation == "rejected"
    with pytest.raises(DomainError) as exc:
        assessment_validate(actor=world.a.tm, assessment=pending, approve=True)
    assert _fields(exc) == {"validation"}
    pending.refresh_from_db()
    assert pending.validation == "rejected"


def test_assessment_validate_outside_ones_reach_is_404_even_for_decided_ones(world):
    pending = _record(world, world.a.learner, world.a.learner_officer, source="self")
    decided = _record(world, world.a.tm, world.a.officers[1])
    events = AuditEvent.objects.count()
    for user in (world.b.tm, world.b.sup, world.a.learner, world.coordinator):
        for assessment in (pending, decided):
            with pytest.raises(NOT_FOUND):
                assessment_validate(actor=user, assessment=assessment, approve=True)
    pending.refresh_from_db()
    assert pending.validation == "pending"
    assert AuditEvent.objects.count() == events


def test_nobody_validates_their_own_self_assessment(world):
    # given a training manager who is also an officer of their administration
    own = f.OfficerFactory(administration=world.a.administration, org_unit=world.a.hq, user=world.a.tm)
    pending = _record(world, world.a.tm, own, source="self")
    with pytest.raises(DomainError) as exc:
        assessment_validate(actor=world.a.tm, assessment=pending, approve=True)
    assert _fields(exc) == {"validation"}
    pending.refresh_from_db()
    assert pending.validation == "pending"


# --- the supervisor's grid -------------------------------------------------------------------


def test_assessments_save_grid_stores_every_cell(world):
    a, (op1, op2, *_rest) = world.a, world.competencies
    entries = [
        GridEntry(o.pk, c.pk, lvl)
        for o, lvl in zip(a.officers[:3], (1, 2, 3), strict=True)
        for c in (op1, op2)
    ]
    saved = assessments_save_grid(actor=a.sup, entries=entries, evidence="Q1 review")
    assert len(saved) == 6
    assert {(s.source, s.validation, s.assessor, s.evidence) for s in saved} == {
        ("supervisor", "validated", a.sup, "Q1 review")
    }
    assert AuditEvent.objects.filter(entity_type="competencies.assessment").count() == 6


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"level": 7}, "entries[2].level"),
        ({"officer": "other_house"}, "entries[2].officer"),
        ({"officer": "beta"}, "entries[2].officer"),
        ({"officer": 10**9}, "entries[2].officer"),
        ({"competency": 10**9}, "entries[2].competency"),
        ({"competency": "beta_only"}, "entries[2].competency"),
    ],
)
def test_assessments_save_grid_one_bad_cell_stores_nothing(world, bad, field):
    a, op1 = world.a, world.competencies[0]
    ids = {
        "other_house": a.officers[3].pk,
        "beta": world.b.officers[0].pk,
        "beta_only": f.CompetencyFactory(framework=world.b.framework, code="B-N1").pk,
    }
    cell = {"officer": a.officers[2].pk, "competency": op1.pk, "level": 2} | {
        k: ids.get(v, v) for k, v in bad.items()
    }
    entries = [
        GridEntry(a.officers[0].pk, op1.pk, 1),
        GridEntry(a.officers[1].pk, op1.pk, 2),
        GridEntry(cell["officer"], cell["competency"], cell["level"]),
    ]
    before = _counts()
    with pytest.raises(DomainError) as exc:
        assessments_save_grid(actor=a.sup, entries=entries)
    assert _fields(exc) == {field}
    assert _counts() == before


def test_assessments_save_grid_refuses_future_dates(world):
    future = timezone.localdate() + dt.timedelta(days=3)
    entries = [GridEntry(world.a.officers[0].pk, world.competencies[0].pk, 1)]
    with pytest.raises(DomainError) as exc:
        assessments_save_grid(actor=world.a.sup, entries=entries, assessed_on=future)
    assert _fields(exc) == {"entries[0].assessed_on"}
    assert not Assessment.objects.exists()
