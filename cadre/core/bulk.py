"""The shape every bulk action answers with: what was done, what was refused and why, per item.

A bulk service runs its items in one transaction, each through the same rules as the single
action (each item in its own savepoint, so a refused item leaves no trace while the others stand),
and reports each item with enough to find it again: who, what, and the outcome or the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from cadre.core.errors import DomainError, NotFound

#: The most items one bulk request may touch; past it the request is refused before any change.
#: At the demo an item costs 10-30 ms on a loaded 2-core machine: 500 stay well inside the 60 s
#: worker timeout (gunicorn.conf.py), 2,000 would not.
BULK_MAX_ITEMS = 500


@dataclass(frozen=True)
class BulkItem:
    """One item of a bulk action: who (the officer), what (the session or event), and how it ended."""

    item_id: int
    who: str
    what: str
    outcome: str  # the new state when done, the reason when refused
    warning: str = ""


@dataclass
class BulkSummary:
    """The result of a bulk action, for the page and the API."""

    action: str
    done: list[BulkItem] = field(default_factory=list)
    refused: list[BulkItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.done) + len(self.refused)

    def refusal_reasons(self) -> list[tuple[str, int]]:
        """Each distinct reason with how many items it refused, the most frequent first."""
        counts: dict[str, int] = {}
        for item in self.refused:
            counts[item.outcome] = counts.get(item.outcome, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def refusal_reason(exc: DomainError | NotFound | Http404) -> str:
    """The text a summary shows for a refused item."""
    if isinstance(exc, Http404 | NotFound):
        # The single action answers 404 to a caller without the right: in a bulk set the caller
        # already sees the item, so saying "not allowed" reveals nothing new.
        return _("you may not do this to this item")
    return "; ".join(e.reason for e in exc.errors) or exc.detail


@contextmanager
def bulk_item(summary: BulkSummary, describe: Callable[[str], BulkItem]) -> Iterator[None]:
    """Run one item in a savepoint; a refusal rolls back only that item and lands in the summary."""
    try:
        with transaction.atomic():
            yield
    except (DomainError, NotFound, Http404) as exc:
        summary.refused.append(describe(refusal_reason(exc)))


#: Where the last summary waits in the session between the POST and the page that shows it.
SESSION_KEY = "cadre_bulk_result"


def bulk_result_store(
    session: Any, *, app: str, summary: BulkSummary, title: str, what_label: str, back_url: str
) -> None:
    """Keep the summary for the page the POST redirects to (so reloading it never posts again)."""
    session[SESSION_KEY] = {
        "app": app,
        "summary": asdict(summary),
        "title": title,
        "what_label": what_label,
        "back_url": back_url,
    }


def bulk_result_read(session: Any, *, app: str) -> dict[str, Any] | None:
    """The last summary ``app`` stored in this session, for its result page; None when there is none."""
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict) or stored.get("app") != app:
        return None
    raw = stored["summary"]
    summary = BulkSummary(
        action=raw["action"],
        done=[BulkItem(**item) for item in raw["done"]],
        refused=[BulkItem(**item) for item in raw["refused"]],
    )
    return {**stored, "summary": summary}
