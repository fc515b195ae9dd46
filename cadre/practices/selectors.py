"""Read good practices: who sees which entry at which workflow state.

- An administration's members (any role) see every entry of their administration, drafts included.
- Every member of the region (administration staff and regional roles) sees published entries.
- The region's coordinators and admins also see entries under review (submitted, changes
  requested) and archived ones; never a draft.
A foreign or invisible id answers 404 like a missing one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from cadre.practices.models import Practice, PracticeTranslation, PracticeVersion, ReviewComment
from cadre.tenancy.access import MANAGERS, MEMBERS, Actor, UserLike, access_for, get_scoped_or_404
from cadre.tenancy.selectors import administration_ids_by_region, administrations_for_user
from cadre.tenancy.types import REGIONAL_ROLES

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration

State = Practice.State
REVIEW_STATES = (State.SUBMITTED, State.CHANGES_REQUESTED, State.PUBLISHED, State.ARCHIVED)


def _visible_q(user: Actor | UserLike) -> Q:
    access = access_for(user)
    own = Q(administration_id__in=access.administration_ids(MEMBERS))
    published = Q(state=State.PUBLISHED, administration__region_id__in=access.region_ids())
    regional = Q(state__in=REVIEW_STATES, administration__region_id__in=access.region_ids(REGIONAL_ROLES))
    return own | published | regional


def practice_visibility_q(*, user: Actor | UserLike) -> Q:
    """The visibility rule on the practice's own indexed columns (no join): cheap inside a search.

    Regions are resolved to their administrations' ids first, so a search engine that probes one
    row at a time tests ``state`` and ``administration_id`` only.
    """
    access = access_for(user)
    own = access.administration_ids(MEMBERS)
    region_ids = access.region_ids()
    regional_ids = access.region_ids(REGIONAL_ROLES)
    by_region = administration_ids_by_region(region_ids=region_ids)
    members = sorted(pk for ids in by_region.values() for pk in ids)
    regional = sorted(pk for r in regional_ids for pk in by_region.get(r, []))
    q = Q(pk__in=[])
    if own:
        q |= Q(administration_id__in=sorted(own))
    if members:
        q |= Q(state=State.PUBLISHED, administration_id__in=members)
    if regional:
        q |= Q(state__in=REVIEW_STATES, administration_id__in=regional)
    return q


def practices_visible_to(*, user: Actor | UserLike) -> QuerySet[Practice]:
    return Practice.objects.filter(_visible_q(user)).select_related("administration")


def practice_get_for_user(*, user: Actor | UserLike, practice_id: int) -> Practice:
    qs = practices_visible_to(user=user).prefetch_related(
        "topic_rows", "translations", "competencies", "courses", "attachments"
    )
    return get_scoped_or_404(qs, pk=practice_id)


def practice_translation_for_viewer(
    *, practice: Practice, language: str, show_original: bool = False
) -> PracticeTranslation | None:
    """The translation to show first: the viewer's language when the practice has one and was written
    in another; None shows the original (also when the viewer asked for it)."""
    if show_original or practice.language == language:
        return None
    return next((t for t in practice.translations.all() if t.language == language), None)


def practices_editable_by(*, user: Actor | UserLike) -> QuerySet[Practice]:
    """Entries the caller's administration may still change (draft or changes requested)."""
    ids = access_for(user).administration_ids(MEMBERS)
    return Practice.objects.filter(
        administration_id__in=ids, state__in=(State.DRAFT, State.CHANGES_REQUESTED)
    ).select_related("administration")


def practices_awaiting_review(*, user: Actor | UserLike) -> QuerySet[Practice]:
    regions = access_for(user).region_ids(REGIONAL_ROLES)
    return practices_visible_to(user=user).filter(
        state=State.SUBMITTED, administration__region_id__in=regions
    )


def practices_awaiting_submission(*, user: Actor | UserLike) -> QuerySet[Practice]:
    """Drafts the caller may submit as their administration's focal point."""
    ids = access_for(user).administration_ids(MANAGERS)
    return Practice.objects.filter(administration_id__in=ids, state=State.DRAFT)


def practice_versions(*, practice: Practice) -> QuerySet[PracticeVersion]:
    return practice.versions.select_related("created_by")


def practice_comments(*, practice: Practice) -> QuerySet[ReviewComment]:
    return practice.comments.select_related("author")


def practice_may(*, user: Actor | UserLike, practice: Practice) -> set[str]:
    """The workflow actions the caller may take on a visible entry (for buttons and checks)."""
    access = access_for(user)
    actions: set[str] = set()
    own = access.has_role(practice.administration_id, MEMBERS)
    focal = access.has_role(practice.administration_id, MANAGERS)
    regional = practice.administration.region_id in access.region_ids(REGIONAL_ROLES)
    if own and practice.state in (State.DRAFT, State.CHANGES_REQUESTED):
        actions.add("edit")
    if focal and practice.state in (State.DRAFT, State.CHANGES_REQUESTED):
        actions.add("submit")
    if regional and practice.state == State.SUBMITTED:
        actions |= {"comment", "request_changes", "publish"}
    if regional and practice.state == State.PUBLISHED:
        actions.add("archive")
    if (focal or regional) and practice.state in (State.SUBMITTED, State.CHANGES_REQUESTED):
        actions.add("comment")
    return actions


def publication_entries(*, user: Actor | UserLike, topics: list[str], years: list[int]) -> list[Practice]:
    """Published entries for a compiled publication, in a stable order (theme, year, title, id)."""
    qs = practices_visible_to(user=user).filter(state=State.PUBLISHED)
    if topics:
        qs = qs.filter(topic_rows__topic__in=topics)
    if years:
        qs = qs.filter(year__in=years)
    qs = (
        qs.distinct()
        .order_by("year", "title", "id")
        .prefetch_related(Prefetch("topic_rows"), "translations", "competencies")
    )
    return list(qs)


def administrations_authoring_for(*, user: Actor | UserLike) -> QuerySet[Administration]:
    return administrations_for_user(user=user, roles=MEMBERS)
