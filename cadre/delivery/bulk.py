"""Decide many enrolments at once, and nominate a whole unit or a filtered set of officers.

Each item goes through the single action of ``services`` (the same state machine, seats, unit
absence cap and prerequisites), in its own savepoint inside one transaction: a refused item is
reported with its reason and leaves nothing behind, the others stand, and every change is audited
per item by the single action. Items are taken oldest request first, so when seats run out the
earliest requests hold them, as they would one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cadre.core.bulk import BULK_MAX_ITEMS, BulkItem, BulkSummary, bulk_item
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.delivery import services
from cadre.delivery.enrolment_lists import EnrolmentFilter, enrolments_matching
from cadre.delivery.models import Enrolment, Session
from cadre.delivery.selectors import enrolments_visible_to
from cadre.people.models import Officer
from cadre.tenancy.access import MANAGERS, access_for


class BulkAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    CONFIRM = "confirm"
    WAITLIST = "waitlist"
    CANCEL = "cancel"


@dataclass(frozen=True)
class EnrolmentSelection:
    """Which enrolments a bulk action takes: listed ids, or every one matching a filter.

    ``expected`` is the count the page showed for "all N matching": when the filter matches a
    different number by the time the action runs, nothing is done and the caller is told.
    """

    ids: tuple[int, ...] = ()
    filters: EnrolmentFilter | None = None
    expected: int | None = None


def session_label(session: Session) -> str:
    when = formats.date_format(timezone.localtime(session.starts_at), "SHORT_DATE_FORMAT")
    return f"{session.course.code} · {when}"


def officer_label(officer: Officer) -> str:
    return f"{officer.full_name} ({officer.employee_number})"


def _item(enrolment: Enrolment, outcome: str, warning: str = "") -> BulkItem:
    return BulkItem(
        item_id=enrolment.pk,
        who=officer_label(enrolment.officer),
        what=session_label(enrolment.session),
        outcome=outcome,
        warning=warning,
    )


def _new_warning(before: Sequence[str], after: Enrolment) -> str:
    return "; ".join(w for w in after.warnings if w not in before)


def _too_many(count: int) -> DomainError:
    return invalid(
        "selection",
        _("%(count)s enrolments selected; at most %(max)s may be decided at once (narrow the filter)")
        % {"count": count, "max": BULK_MAX_ITEMS},
        _("Nothing was changed"),
    )


def _selected(*, actor: Any, selection: EnrolmentSelection) -> list[Enrolment]:
    if selection.filters is not None:
        items = list(enrolments_matching(user=actor, filters=selection.filters)[: BULK_MAX_ITEMS + 1])
        if len(items) > BULK_MAX_ITEMS:
            raise _too_many(enrolments_matching(user=actor, filters=selection.filters).count())
        if selection.expected is not None and len(items) != selection.expected:
            raise invalid(
                "selection",
                _("%(now)s enrolments now match the filter, not %(shown)s as shown: look at the list again")
                % {"now": len(items), "shown": selection.expected},
                _("Nothing was changed"),
            )
        return items
    ids = list(dict.fromkeys(selection.ids))
    if any(not 0 < i < 2**63 for i in ids):  # past 64 bits no row can match (and SQLite would overflow)
        raise DomainError(_("Not found"), [FieldError("ids", _("not found"))], status=404)
    if not ids:
        raise invalid("ids", _("choose at least one enrolment"), _("Nothing was changed"))
    if len(ids) > BULK_MAX_ITEMS:
        raise _too_many(len(ids))
    items = list(
        enrolments_visible_to(user=actor)
        .select_related("completion")
        .filter(pk__in=ids)
        .order_by("requested_at", "pk")
    )
    if len(items) != len(ids):
        # One id the caller cannot see (another administration's, or none): the whole request is
        # refused as for a missing object, before anything changes.
        raise DomainError(_("Not found"), [FieldError("ids", _("not found"))], status=404)
    return items


def _runner(action: BulkAction, reason: str) -> Callable[[Any, Enrolment], Enrolment]:
    if action == BulkAction.REJECT:
        return lambda actor, e: services.enrolment_reject(actor=actor, enrolment=e, reason=reason)
    single = {
        BulkAction.APPROVE: services.enrolment_approve,
        BulkAction.CONFIRM: services.enrolment_confirm,
        BulkAction.WAITLIST: services.enrolment_waitlist,
        BulkAction.CANCEL: services.enrolment_cancel,
    }[action]
    return lambda actor, e: single(actor=actor, enrolment=e)


@transaction.atomic
def enrolments_bulk_decide(
    *, actor: Any, selection: EnrolmentSelection, action: str, reason: str = ""
) -> BulkSummary:
    """Approve, reject (with a reason), confirm, waitlist or cancel many enrolments; one transaction."""
    if action not in BulkAction.__members__.values():
        raise invalid("action", _("unknown action"), _("Nothing was changed"))
    chosen = BulkAction(action)
    reason = reason.strip()
    if chosen == BulkAction.REJECT and not reason:
        raise invalid("reason", _("say why the requests are rejected"), _("Nothing was changed"))
    items = _selected(actor=actor, selection=selection)
    run = _runner(chosen, reason)
    summary = BulkSummary(action=chosen.value)
    for enrolment in items:
        warnings_before = list(enrolment.warnings)
        with bulk_item(summary, lambda why, e=enrolment: _item(e, why)):  # type: ignore[misc]
            result = run(actor, enrolment)
            summary.done.append(
                _item(enrolment, result.get_state_display(), _new_warning(warnings_before, result))
            )
    return summary


@transaction.atomic
def session_nominate_many(
    *, actor: Any, session: Session, officers: Sequence[Officer], confirm: bool = False
) -> BulkSummary:
    """Nominate each officer for the session; with ``confirm`` (training managers) approve and seat them too.

    Seats go in the order given until they run out; the rest go to the waiting list, as a single
    confirmation would send them. Items of the summary are the officers (``item_id`` an officer's id).
    """
    if confirm and not access_for(actor).has_role(session.administration_id, MANAGERS):
        raise invalid("confirm", _("only a training manager confirms seats"), _("Nothing was changed"))
    if not officers:
        raise invalid("officers", _("no officer matches"), _("Nothing was changed"))
    if len(officers) > BULK_MAX_ITEMS:
        raise invalid(
            "officers",
            _("%(count)s officers match; at most %(max)s may be nominated at once")
            % {"count": len(officers), "max": BULK_MAX_ITEMS},
            _("Nothing was changed"),
        )
    summary = BulkSummary(action="nominate")
    what = session_label(session)
    for officer in officers:
        describe = lambda why, o=officer: BulkItem(o.pk, officer_label(o), what, why)  # noqa: E731
        with bulk_item(summary, describe):
            enrolment = services.enrolment_nominate(actor=actor, session=session, officer=officer)
            if confirm:
                if enrolment.state == Enrolment.State.REQUESTED:
                    enrolment = services.enrolment_approve(actor=actor, enrolment=enrolment)
                enrolment = services.enrolment_confirm(actor=actor, enrolment=enrolment)
            summary.done.append(
                BulkItem(
                    officer.pk,
                    officer_label(officer),
                    what,
                    enrolment.get_state_display(),
                    "; ".join(enrolment.warnings),
                )
            )
    return summary
