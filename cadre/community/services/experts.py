"""Write the regional expert pool: registration, accreditation stages and mission requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.community.models import Expert, ExpertCategory, ExpertCompetency, MissionRequest
from cadre.community.selectors import is_coordinator_of
from cadre.community.services._common import audit, languages_check, require_regional
from cadre.competencies.selectors import competencies_visible_to
from cadre.core.audit import audited_update
from cadre.core.errors import DomainError, FieldError, NotFound, invalid
from cadre.tenancy.access import MANAGERS, Actor, UserLike, access_for, actor_for, require_role

if TYPE_CHECKING:
    from cadre.people.models import Officer
    from cadre.tenancy.models import Administration, Region


@transaction.atomic
def expert_register(
    *,
    actor: Actor | UserLike,
    region: Region,
    name: str,
    category: str,
    home_administration: Administration | None = None,
    officer: Officer | None = None,
    email: str = "",
    stage: str = Expert.Stage.WORKSHOP,
    languages: Sequence[str] = (),
    availability: str = Expert.Availability.AVAILABLE,
    competencies: Sequence[tuple[int, int]] = (),
    notes: str = "",
) -> Expert:
    """Register an expert: by their home administration's focal point, or by the region."""
    actor = actor_for(actor)
    if home_administration is not None:
        if home_administration.region_id != region.pk:
            raise NotFound(code="administration.not_found")
        if not (
            access_for(actor).has_role(home_administration.pk, MANAGERS)
            or is_coordinator_of(user=actor, region_id=region.pk)
        ):
            raise NotFound(code="administration.not_found")
    else:
        require_regional(actor, region.pk)
    errors: list[FieldError] = []
    if not name.strip():
        errors.append(FieldError("name", _("required")))
    if category not in ExpertCategory.values:
        errors.append(FieldError("category", _("not a WCO expert category")))
    if stage not in Expert.Stage.values:
        errors.append(FieldError("stage", _("unknown accreditation stage")))
    if availability not in Expert.Availability.values:
        errors.append(FieldError("availability", _("unknown availability")))
    if officer is not None and (
        home_administration is None or officer.administration_id != home_administration.pk
    ):
        errors.append(FieldError("officer", _("must belong to the home administration")))
    langs = languages_check("languages", languages, errors)
    usable = set(
        competencies_visible_to(user=actor.user)
        .filter(id__in=[c for c, _ in competencies])
        .values_list("id", flat=True)
    )
    for i, (cid, level) in enumerate(competencies):
        if cid not in usable:
            errors.append(FieldError(f"competencies[{i}]", _("not found")))
        elif not isinstance(level, int) or not 1 <= level <= 10:
            errors.append(FieldError(f"competencies[{i}]", _("level between 1 and 10")))
    if errors:
        raise DomainError(_("Invalid expert"), errors, code="expert.invalid")
    expert = Expert.objects.create(
        region=region,
        home_administration=home_administration,
        officer=officer,
        name=name.strip(),
        email=email.strip(),
        category=category,
        stage=stage,
        languages=langs,
        availability=availability,
        notes=notes.strip(),
        registered_by_id=actor.user_id,
    )
    ExpertCompetency.objects.bulk_create(
        [ExpertCompetency(expert=expert, competency_id=c, level=lv) for c, lv in dict(competencies).items()]
    )
    audit(
        actor,
        "create",
        expert,
        administration_id=home_administration.pk if home_administration else None,
        region_id=region.pk,
    )
    return expert


STAGE_ORDER = [Expert.Stage.WORKSHOP, Expert.Stage.IN_FIELD, Expert.Stage.ACCREDITED]


@transaction.atomic
def expert_advance(*, actor: Actor | UserLike, expert: Expert) -> Expert:
    """Move an expert one accreditation stage on (workshop -> in-field mission -> accredited); the region decides."""
    actor = actor_for(actor)
    require_regional(actor, expert.region_id)
    index = STAGE_ORDER.index(Expert.Stage(expert.stage))
    if index == len(STAGE_ORDER) - 1:
        raise invalid("stage", _("already accredited"), code="expert.already_accredited")
    audited_update(
        actor=actor.user,
        instance=expert,
        changes={"stage": STAGE_ORDER[index + 1]},
        region_id=expert.region_id,
    )
    return expert


@transaction.atomic
def mission_request(
    *,
    actor: Actor | UserLike,
    expert: Expert,
    purpose: str,
    starts_on: dt.date,
    ends_on: dt.date,
    requesting_administration: Administration | None = None,
) -> MissionRequest:
    """Ask for an expert for a mission, on behalf of an administration (its focal point) or the region."""
    actor = actor_for(actor)
    if requesting_administration is not None:
        require_role(user=actor, administration_id=requesting_administration.pk, roles=MANAGERS)
        if requesting_administration.region_id != expert.region_id:
            raise NotFound(code="administration.not_found")
    else:
        require_regional(actor, expert.region_id)
    errors = []
    if not purpose.strip():
        errors.append(FieldError("purpose", _("required")))
    if ends_on < starts_on:
        errors.append(FieldError("ends_on", _("before the start")))
    if expert.availability == Expert.Availability.UNAVAILABLE:
        errors.append(FieldError("expert", _("currently unavailable")))
    if errors:
        raise DomainError(_("Invalid mission request"), errors, code="mission_request.invalid")
    mission = MissionRequest.objects.create(
        expert=expert,
        requesting_administration=requesting_administration,
        purpose=purpose.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        requested_by_id=actor.user_id,
    )
    audit(
        actor, "create", mission, administration_id=expert.home_administration_id, region_id=expert.region_id
    )
    return mission


@transaction.atomic
def mission_decide(*, actor: Actor | UserLike, mission: MissionRequest, approve: bool) -> MissionRequest:
    """The expert's home administration (or the region, for experts without one) approves or declines."""
    actor = actor_for(actor)
    mission = MissionRequest.objects.select_for_update().select_related("expert").get(pk=mission.pk)
    home = mission.expert.home_administration_id
    if home is not None:
        require_role(user=actor, administration_id=home, roles=MANAGERS)
    else:
        require_regional(actor, mission.expert.region_id)
    if mission.state != MissionRequest.State.REQUESTED:
        raise DomainError(
            _("Already decided"),
            [FieldError("state", _("is %(state)s") % {"state": mission.get_state_display().lower()})],
            409,
            code="mission_request.already_decided",
        )
    state = MissionRequest.State.APPROVED if approve else MissionRequest.State.DECLINED
    audited_update(
        actor=actor.user,
        instance=mission,
        changes={"state": state, "decided_by": actor.user},
        administration_id=home,
        region_id=mission.expert.region_id,
    )
    return mission
