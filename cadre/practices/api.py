"""Good Practices API (mounted at /api/v1/practices): search with facets, detail, workflow steps.

Entries are read through ``practice_search`` / ``practice_get_for_user``, so an invisible entry (a
foreign draft) answers 404 like a missing one; each step calls one workflow service.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from cadre.core.errors import invalid
from cadre.practices import services
from cadre.practices.models import DeliveryMode, Practice, Topic
from cadre.practices.search import FacetValue, SearchParams, SearchResult, practice_search
from cadre.practices.selectors import practice_get_for_user, practice_may

router = Router(tags=["practices"])
#: The largest id a database column holds: a larger one is a 422, not an overflow.
MAX_ID = 2**63 - 1


class SearchFilters(Schema):
    q: str = Field("", max_length=200, description="Words to find (any language); every word must match.")
    topic: Topic | None = None
    administration: int | None = Field(None, ge=1, le=MAX_ID)
    year: int | None = Field(None, ge=1950, le=2200)
    delivery_mode: DeliveryMode | None = None
    competency: int | None = Field(None, ge=1, le=MAX_ID)
    state: Practice.State = Practice.State.PUBLISHED
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(20, ge=1, le=100)


class FacetOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class PracticeHitOut(Schema):
    id: int
    kind: str = "practice"
    title: str
    title_html: str = Field(description="The title, escaped, with the matched words in <mark>.")
    snippet_html: str = Field(description="An escaped excerpt around the first match, words in <mark>.")
    administration_id: int
    administration: str
    year: int
    language: str
    state: str
    delivery_mode: str


class SearchOut(Schema):
    count: int
    capped: bool = Field(description="More entries match than were ranked: count is a lower bound.")
    page: int
    items: list[PracticeHitOut]
    facets: dict[str, list[FacetOut]]


class PracticeOut(Schema):
    id: int
    kind: str = "practice"
    title: str
    administration_id: int
    administration: str
    state: str
    version: int
    year: int
    language: str
    summary: str
    context: str
    challenge: str
    approach: str
    results: str
    evidence: str
    lessons: str
    transferability: str
    contact: str
    delivery_mode: str
    topics: list[str]
    actions: list[str] = Field(description="The workflow steps the caller may take now.")


class TransitionIn(Schema):
    action: Literal["submit", "request_changes", "publish", "archive"]
    text: str = Field("", max_length=5000, description="What to change (request_changes) or a note.")


def _facets(values: list[FacetValue]) -> list[FacetOut]:
    return [FacetOut(value=v.value, label=v.label, count=v.count, selected=v.selected) for v in values]


def _search_out(result: SearchResult) -> SearchOut:
    items = [
        PracticeHitOut(
            id=h.practice.pk,
            title=h.practice.title,
            title_html=str(h.title),
            snippet_html=str(h.snippet),
            administration_id=h.practice.administration_id,
            administration=h.practice.administration.name,
            year=h.practice.year,
            language=h.practice.language,
            state=h.practice.state,
            delivery_mode=h.practice.delivery_mode,
        )
        for h in result.hits
    ]
    facets = {name: _facets(values) for name, values in result.facets.items()}
    return SearchOut(
        count=result.total, capped=result.capped, page=result.params.page, items=items, facets=facets
    )


def _practice_out(request: HttpRequest, practice: Practice) -> PracticeOut:
    return PracticeOut(
        id=practice.pk,
        title=practice.title,
        administration_id=practice.administration_id,
        administration=practice.administration.name,
        state=practice.state,
        version=practice.version,
        year=practice.year,
        language=practice.language,
        summary=practice.summary,
        context=practice.context,
        challenge=practice.challenge,
        approach=practice.approach,
        results=practice.results,
        evidence=practice.evidence,
        lessons=practice.lessons,
        transferability=practice.transferability,
        contact=practice.contact,
        delivery_mode=practice.delivery_mode,
        topics=[t.topic for t in practice.topic_rows.all()],
        actions=sorted(practice_may(user=request.user, practice=practice)),
    )


@router.get("/entries", response=SearchOut)
def practice_list(request: HttpRequest, filters: Query[SearchFilters]) -> SearchOut:
    """Search the entries you may read (published ones by default), best first, with facets."""
    params = SearchParams(
        text=filters.q,
        topic=filters.topic or "",
        administration_id=filters.administration,
        year=filters.year,
        delivery_mode=filters.delivery_mode or "",
        competency_id=filters.competency,
        state=filters.state,
        page=filters.page,
        per_page=filters.per_page,
    )
    return _search_out(practice_search(user=request.user, params=params))


@router.get("/entries/{practice_id}", response=PracticeOut)
def practice_detail(request: HttpRequest, practice_id: int) -> PracticeOut:
    return _practice_out(request, practice_get_for_user(user=request.user, practice_id=practice_id))


@router.post("/entries/{practice_id}/transitions", response=PracticeOut)
def practice_transition(request: HttpRequest, practice_id: int, payload: TransitionIn) -> PracticeOut:
    """Move an entry along its workflow: the focal point submits; the region requests changes,
    publishes or archives."""
    practice = practice_get_for_user(user=request.user, practice_id=practice_id)
    user = request.user
    if payload.action == "submit":
        practice = services.practice_submit(actor=user, practice=practice)
    elif payload.action == "request_changes":
        if not payload.text.strip():
            raise invalid("text", _("say what to change"), code="review_comment.changes_required")
        practice = services.practice_request_changes(actor=user, practice=practice, text=payload.text)
    elif payload.action == "publish":
        practice = services.practice_publish(actor=user, practice=practice, note=payload.text)
    else:
        practice = services.practice_archive(actor=user, practice=practice)
    return _practice_out(request, practice_get_for_user(user=user, practice_id=practice.pk))
