"""What a work queue is: items to do, each one click from where it is done, and a role's panel of them."""

from __future__ import annotations

import contextvars
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from cadre.competencies.selectors import RequirementStatus
from cadre.core.queues import waiting
from cadre.people.models import Officer


@dataclass(frozen=True)
class QueueItem:
    """One thing to do: what, about whom or which, since (or until) when, and where it is done."""

    title: str
    url: str
    detail: str = ""
    when: dt.date | dt.datetime | None = None
    when_label: str = ""  # what the date is: "approved", "starts", "due", ...
    extra_label: str = ""
    extra_url: str = ""


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    count: int
    items: list[QueueItem]
    url: str  # the page with all of them
    empty: str  # what to say when nothing waits
    is_work: bool = True  # False for what is only worth knowing (certificates, sessions to come)


@dataclass(frozen=True)
class Fact:
    """A state worth knowing that is not a list (the plan's state, the age of the needs analysis)."""

    label: str
    value: str
    url: str
    warn: bool = False


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Panel:
    """One role's part of the home page: its queues, its facts, and what to do when nothing waits."""

    key: str
    title: str
    queues: list[Queue] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    next_steps: list[Link] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        """Items that wait for the person's action (not counting what is only shown for information)."""
        return sum(q.count for q in self.queues if q.is_work)

    @property
    def shown(self) -> int:
        return sum(q.count for q in self.queues)


@dataclass(frozen=True)
class LearnerRecord:
    officer: Officer
    requirements: list[RequirementStatus]

    @property
    def met(self) -> int:
        return sum(1 for r in self.requirements if r.meets)

    @property
    def unknown(self) -> int:
        return sum(1 for r in self.requirements if r.current is None)


def queue_of(
    key: str, title: str, qs: Any, item: Any, url: str, empty: str, *, is_work: bool = True
) -> Queue:
    w = waiting(qs)
    return Queue(key, title, w.count, [item(row) for row in w.oldest], url, empty, is_work)


#: Course titles in the viewer's language for the page being built (set by ``home_page``).
course_titles: contextvars.ContextVar[dict[int, str] | None] = contextvars.ContextVar(
    "course_titles", default=None
)


def session_title(session: Any) -> str:
    title = (course_titles.get() or {}).get(session.course_id) or session.course.title
    return f"{session.course.code} {title}"


def session_url(session: Any) -> str:
    return reverse("delivery:session_detail", args=[session.pk])
