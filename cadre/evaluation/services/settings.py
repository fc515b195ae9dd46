"""An administration's evaluation settings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.evaluation.models import EvaluationSettings, QuestionnaireTemplate
from cadre.evaluation.services._common import require_manager
from cadre.tenancy.access import Actor, UserLike, actor_for

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration


def _template_error(
    template: QuestionnaireTemplate | None, administration_id: int, kind: str, name: str
) -> FieldError | None:
    if template is None:
        return None
    if template.administration_id != administration_id:
        return FieldError(name, _("not found"))
    if template.kind != kind:
        return FieldError(name, _("must be a %(kind)s questionnaire") % {"kind": kind})
    return None


@transaction.atomic
def evaluation_settings_set(
    *,
    actor: Actor | UserLike,
    administration: Administration,
    follow_up_weeks: int,
    reminder_after_days: int,
    daily_cost_of_absence: Any,
    reaction_template: QuestionnaireTemplate | None = None,
    follow_up_template: QuestionnaireTemplate | None = None,
) -> EvaluationSettings:
    actor = actor_for(actor)
    require_manager(actor=actor, administration_id=administration.pk)
    errors: list[FieldError] = []
    if not isinstance(follow_up_weeks, int) or not 1 <= follow_up_weeks <= 104:
        errors.append(FieldError("follow_up_weeks", _("must be a whole number of weeks from 1 to 104")))
    if not isinstance(reminder_after_days, int) or not 1 <= reminder_after_days <= 90:
        errors.append(FieldError("reminder_after_days", _("must be a whole number of days from 1 to 90")))
    try:
        cost = Decimal(str(daily_cost_of_absence))
        if not cost.is_finite() or cost < 0 or cost >= Decimal("1e10"):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(FieldError("daily_cost_of_absence", _("must be an amount of 0 or more")))
        cost = Decimal(0)
    for error in (
        _template_error(reaction_template, administration.pk, "reaction", "reaction_template"),
        _template_error(follow_up_template, administration.pk, "follow_up", "follow_up_template"),
    ):
        if error:
            errors.append(error)
    if errors:
        raise DomainError(_("Settings not saved"), errors, code="evaluation_settings.invalid")
    row, created = EvaluationSettings.objects.get_or_create(administration=administration)
    before = None if created else snapshot(row)
    row.follow_up_weeks = follow_up_weeks
    row.reminder_after_days = reminder_after_days
    row.daily_cost_of_absence = cost
    row.reaction_template = reaction_template
    row.follow_up_template = follow_up_template
    row.save()
    audit_record(
        actor=actor.user,
        action="create" if created else "update",
        instance=row,
        before=before,
        after=snapshot(row),
        administration_id=administration.pk,
    )
    return row
