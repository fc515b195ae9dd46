"""Full-text search of good practices: one service, one implementation per database vendor.

Both implementations index character trigrams, so no word segmentation is needed and Japanese,
Chinese and Thai are searched exactly like English:

- SQLite: an FTS5 table with the trigram tokenizer (``practices_practice_fts``, rowid = practice
  id), ranked by BM25 with the title weighted above the body.
- PostgreSQL: ``pg_trgm`` GIN indexes on ``search_text`` (case-folded title + body) and ``title``;
  ``LIKE`` on the folded text uses the index, ranking favours title hits then title similarity.

A two-character term (common in Chinese and Japanese: 税関, 研修; or "AI", "VR") is shorter than a
trigram. So the index also holds every adjacent pair of CJK/Thai characters, and every two-letter
word, followed by a marker letter (``GRAM_MARK``): "研修" is looked up as the trigram "研修ꙮ". Only
a one-character term falls back to a substring scan of ``search_text``.
Snippets are cut and highlighted in Python from the stored fields, escaped before marking.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, cast

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cadre.practices.models import DeliveryMode, Practice, PracticeTopic, Topic
from cadre.practices.selectors import practice_visibility_q, practices_visible_to
from cadre.tenancy.access import Actor, UserLike
from cadre.tenancy.selectors import administration_names

BODY_FIELDS = (
    "summary",
    "context",
    "challenge",
    "approach",
    "results",
    "evidence",
    "lessons",
    "transferability",
)
FTS_TABLE = "practices_practice_fts"
#: A letter (for pg_trgm too) that never occurs in customs prose; it turns a pair into a trigram.
GRAM_MARK = "ꙮ"
_DENSE = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_WORD = re.compile(r"\w+")
MIN_TRIGRAM = 3
SNIPPET_CHARS = 180


def practice_body(practice: Practice, translations: Iterable[Any] = ()) -> str:
    """Everything searchable besides the title: the structured fields and the translations."""
    parts = [getattr(practice, name) for name in BODY_FIELDS]
    parts.append(practice.contact)
    for t in translations:
        parts.extend([t.title, t.summary, t.body])
    return "\n".join(p for p in parts if p)


def short_grams(text: str) -> str:
    """Marked pairs: every adjacent pair in CJK/Thai runs, and every two-letter word."""
    grams: dict[str, None] = {}
    for run in _DENSE.findall(text):
        for i in range(len(run) - 1):
            grams.setdefault(run[i : i + 2] + GRAM_MARK, None)
    for word in _WORD.findall(text):
        if len(word) == 2 and not _DENSE.match(word):
            grams.setdefault(word.casefold() + GRAM_MARK, None)
    return " ".join(grams)


def search_text_for(practice: Practice, translations: Iterable[Any] = ()) -> str:
    translations = list(translations)
    text = f"{practice.title}\n{practice_body(practice, translations)}".casefold()
    return f"{text}\n{short_grams(text)}"


def _indexed(term: str) -> str:
    """The form of a query term that the trigram index can serve."""
    return term + GRAM_MARK if len(term) == 2 else term


def split_terms(text: str) -> list[str]:
    """Whitespace-separated terms, case-folded, deduplicated, at most ten."""
    seen: dict[str, None] = {}
    for raw in text.split():
        term = raw.strip("\"'()[]{}.,;:!?、。，！？「」").casefold()
        if term:
            seen.setdefault(term, None)
    return list(seen)[:10]


#: The most matches a search ranks, counts and draws facets from; beyond it the result says "more than".
CANDIDATES = 500


class Candidate(NamedTuple):
    """One matching entry with what ranking and facets need, read from the index query itself."""

    id: int
    administration_id: int
    year: int
    delivery_mode: str
    score: float  # lower is better


class Backend(Protocol):
    def index(self, practices: Sequence[Practice]) -> None: ...

    def remove(self, practice_ids: Sequence[int]) -> None: ...

    def candidates(self, qs: QuerySet[Practice], terms: list[str], limit: int) -> list[Candidate]: ...


_COLUMNS = ("id", "administration_id", "year", "delivery_mode")


def _short_term_filter(qs: QuerySet[Practice], terms: list[str]) -> QuerySet[Practice]:
    for term in terms:
        qs = qs.filter(search_text__contains=_indexed(term))
    return qs


def _browse(qs: QuerySet[Practice], limit: int) -> list[Candidate]:
    """Without a query: the newest entries first; the position is the score."""
    rows = qs.order_by("-year", "title", "id").values_list(*_COLUMNS)[:limit]
    return [Candidate(pk, admin, year, mode, n) for n, (pk, admin, year, mode) in enumerate(rows)]


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class SQLiteBackend:
    """FTS5 with the trigram tokenizer."""

    def index(self, practices: Sequence[Practice]) -> None:
        if not practices:
            return
        rows = []
        for p in practices:
            body = practice_body(p, p.translations.all())
            rows.append((p.pk, p.title, body, short_grams(f"{p.title}\n{body}".casefold())))
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(r[0],) for r in rows])  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, title, body, grams) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )

    def remove(self, practice_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(i,) for i in practice_ids])  # noqa: S608

    @staticmethod
    def _match(terms: list[str]) -> str:
        return " ".join(_fts_quote(_indexed(t)) for t in terms if len(t) >= MIN_TRIGRAM - 1)

    def candidates(self, qs: QuerySet[Practice], terms: list[str], limit: int) -> list[Candidate]:
        match = self._match(terms)
        qs = _short_term_filter(qs, [t for t in terms if len(t) < MIN_TRIGRAM - 1])
        if not match:
            return _browse(qs, limit)
        try:
            inner, params = qs.order_by().values(*_COLUMNS).query.sql_with_params()
        except EmptyResultSet:
            return []
        # FTS5 drives the loop (CROSS JOIN fixes the order in SQLite) and each hit probes the
        # practice by primary key; LIMIT stops the scan, so a query matching half the collection
        # costs no more than one matching a thousand entries. BM25 weights the title above the body.
        sql = (
            f"SELECT p.id, p.administration_id, p.year, p.delivery_mode, "  # noqa: S608
            f"bm25({FTS_TABLE}, 4.0, 1.0, 0.5) FROM {FTS_TABLE} CROSS JOIN ({inner}) p ON p.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, match, limit])
            return list(map(Candidate._make, cursor.fetchall()))


class PostgresBackend:
    """pg_trgm GIN indexes on the folded text; ``search_text`` is kept by the practice services."""

    def index(self, practices: Sequence[Practice]) -> None:
        return None

    def remove(self, practice_ids: Sequence[int]) -> None:
        return None

    def candidates(self, qs: QuerySet[Practice], terms: list[str], limit: int) -> list[Candidate]:
        # ``contains`` compiles to LIKE (not UPPER(..) LIKE), which the trigram index serves.
        qs = _short_term_filter(qs, terms)
        if not terms:
            return _browse(qs, limit)
        hits = " + ".join(["(CASE WHEN lower(title) LIKE %s THEN 1 ELSE 0 END)"] * len(terms))
        score = RawSQL(  # noqa: S611 - fixed SQL, the terms are parameters
            f"-(({hits}) * 2 + similarity(lower(title), %s))",
            [*(f"%{_like_escape(t)}%" for t in terms), " ".join(terms)],
        )
        # No ORDER BY: the bitmap heap scan stops after ``limit`` rechecked rows instead of
        # rechecking every match to sort them; the score is computed for those rows only.
        rows = qs.order_by().annotate(score=score).values_list(*_COLUMNS, "score")[:limit]
        return list(map(Candidate._make, rows))


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise ImproperlyConfigured(
        f"Good-practice search supports SQLite and PostgreSQL, not {connection.vendor}"
    )


def highlight(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """An escaped excerpt of ``text`` around the first term found, every term wrapped in <mark>."""
    if not text:
        return mark_safe("")
    pattern = (
        re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
        if terms
        else None
    )
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - width // 3) if found else 0
    excerpt = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    if pattern is None:
        return mark_safe(escape(prefix + excerpt + suffix))  # noqa: S308 - escaped
    out: list[str] = [escape(prefix)]
    last = 0
    for m in pattern.finditer(excerpt):
        out.append(escape(excerpt[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(excerpt[last:]))
    out.append(escape(suffix))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def _snippet(practice: Practice, terms: list[str]) -> SafeString:
    fields = [practice.summary] + [getattr(practice, n) for n in BODY_FIELDS[1:]]
    fields += [t.summary for t in practice.translations.all()] + [t.body for t in practice.translations.all()]
    for text in fields:
        if text and any(t in text.casefold() for t in terms):
            return highlight(text, terms)
    return highlight(practice.summary, terms)


@dataclass(frozen=True)
class SearchParams:
    text: str = ""
    topic: str = ""
    administration_id: int | None = None
    year: int | None = None
    delivery_mode: str = ""
    competency_id: int | None = None
    state: str = Practice.State.PUBLISHED
    page: int = 1
    per_page: int = 20
    #: "" (best match first with words, newest without), "newest" or "oldest"
    sort: str = ""


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class SearchHit:
    practice: Practice
    title: SafeString
    snippet: SafeString
    #: The language the title and snippet are in: the viewer's when the practice has a translation
    #: into it, else the practice's own.
    language: str = ""
    #: True when the title and snippet are a translation (the page marks the original's language).
    translated: bool = False


def _hit(practice: Practice, terms: list[str], viewer_language: str) -> SearchHit:
    """The viewer's language first when the practice was written in another and translated into it."""
    if practice.language != viewer_language:
        for t in practice.translations.all():
            if t.language == viewer_language:
                return SearchHit(
                    practice,
                    highlight(t.title, terms, width=300),
                    highlight(t.summary, terms),
                    t.language,
                    True,
                )
    return SearchHit(
        practice, highlight(practice.title, terms, width=300), _snippet(practice, terms), practice.language
    )


@dataclass
class SearchResult:
    params: SearchParams
    terms: list[str]
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: More than ``CANDIDATES`` entries match: ``total`` is a lower bound, facets count the first ones.
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))


def _filtered(qs: QuerySet[Practice], p: SearchParams) -> QuerySet[Practice]:
    """The facet filters as conditions on the practice row itself (subqueries, never joins)."""
    if p.state:
        qs = qs.filter(state=p.state)
    if p.topic:
        qs = qs.filter(id__in=PracticeTopic.objects.filter(topic=p.topic).values("practice_id"))
    if p.administration_id:
        qs = qs.filter(administration_id=p.administration_id)
    if p.year:
        qs = qs.filter(year=p.year)
    if p.delivery_mode:
        qs = qs.filter(delivery_mode=p.delivery_mode)
    if p.competency_id:
        through = Practice.competencies.through.objects.filter(competency_id=p.competency_id)
        qs = qs.filter(id__in=through.values("practice_id"))
    return qs


def _grouped_facets(ids: list[int]) -> list[tuple[str, str, str, int]]:
    """Topic and competency counts over these practices: one grouped query, the ids as one parameter."""
    if not ids:
        return []
    if connection.vendor == "postgresql":
        among, param = "= ANY(%s)", cast(Any, ids)
    else:
        among, param = "IN (SELECT value FROM json_each(%s))", json.dumps(ids)
    topic = PracticeTopic._meta.db_table
    through = Practice.competencies.through._meta.db_table
    competency = Practice.competencies.field.related_model._meta.db_table  # type: ignore[union-attr]
    sql = (
        f"SELECT 'topic', t.topic, '', COUNT(*) FROM {topic} t WHERE t.practice_id {among} "  # noqa: S608
        f"GROUP BY t.topic UNION ALL "
        f"SELECT 'competency', CAST(c.id AS TEXT), c.code || ' ' || c.title, COUNT(*) FROM {through} pc "
        f"JOIN {competency} c ON c.id = pc.competency_id WHERE pc.practice_id {among} "
        f"GROUP BY c.id, c.code, c.title"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [param, param])
        return [(str(a), str(b), str(c), int(d)) for a, b, c, d in cursor.fetchall()]


def _facets(candidates: list[Candidate], p: SearchParams) -> dict[str, list[FacetValue]]:
    """Facet counts over the candidates: three from their own columns, two grouped queries."""
    ids = [c.id for c in candidates]
    topics = dict(Topic.choices)
    modes = dict(DeliveryMode.choices)
    facets: dict[str, list[FacetValue]] = {}
    grouped = _grouped_facets(ids)
    topic_rows = [(key, n) for kind, key, _label, n in grouped if kind == "topic"]
    facets["topic"] = [
        FacetValue(topic, str(topics.get(topic, topic)), n, topic == p.topic)
        for topic, n in sorted(topic_rows, key=lambda r: (-r[1], r[0]))
    ]
    by_admin = Counter(c.administration_id for c in candidates)
    names = administration_names(ids=by_admin)
    facets["administration"] = [
        FacetValue(str(pk), names.get(pk, str(pk)), n, pk == p.administration_id)
        for pk, n in sorted(by_admin.items(), key=lambda r: (-r[1], names.get(r[0], "")))
    ]
    by_year = Counter(c.year for c in candidates)
    facets["year"] = [
        FacetValue(str(year), str(year), n, year == p.year)
        for year, n in sorted(by_year.items(), reverse=True)
    ]
    by_mode = Counter(c.delivery_mode for c in candidates if c.delivery_mode)
    facets["delivery_mode"] = [
        FacetValue(mode, str(modes.get(mode, mode)), n, mode == p.delivery_mode)
        for mode, n in sorted(by_mode.items(), key=lambda r: (-r[1], r[0]))
    ]
    comp_rows = [(int(key), label, n) for kind, key, label, n in grouped if kind == "competency"]
    facets["competency"] = [
        FacetValue(str(pk), label, n, pk == p.competency_id)
        for pk, label, n in sorted(comp_rows, key=lambda r: (-r[2], r[1]))[:30]
    ]
    return facets


def _browse_order(params: SearchParams) -> tuple[str, ...]:
    return ("year", "title", "id") if params.sort == "oldest" else ("-year", "title", "id")


def practice_search_matches(*, user: Actor | UserLike, params: SearchParams) -> QuerySet[Practice]:
    """Every practice the search finds (at most ``CANDIDATES``), for a download: newest first, or oldest."""
    terms = split_terms(params.text)
    qs = _filtered(Practice.objects.filter(practice_visibility_q(user=user)), params)
    if terms:
        ids = [c.id for c in backend().candidates(qs, terms, CANDIDATES)]
        qs = Practice.objects.filter(pk__in=ids)
    return qs.select_related("administration").order_by(*_browse_order(params))


def practice_search(
    *, user: Actor | UserLike, params: SearchParams, with_facets: bool = True
) -> SearchResult:
    """Visible practices matching every term, best first, with highlighted snippets and facets.

    The index yields at most ``CANDIDATES`` matches (visibility and filters applied inside the index
    query, on the practice's own columns); they are ranked, counted and faceted in one pass, and
    only the page shown is loaded and given snippets. A broader query says "at least" that many.
    """
    terms = split_terms(params.text)
    qs = _filtered(Practice.objects.filter(practice_visibility_q(user=user)), params)
    candidates = backend().candidates(qs, terms, CANDIDATES + 1)
    capped = len(candidates) > CANDIDATES
    del candidates[CANDIDATES:]
    offset = (max(1, params.page) - 1) * params.per_page
    if terms:
        if params.sort == "newest":
            candidates.sort(key=lambda c: (-c.year, c.score, c.id))
        elif params.sort == "oldest":
            candidates.sort(key=lambda c: (c.year, c.score, c.id))
        else:
            candidates.sort(key=lambda c: (c.score, c.id))
        ids = [c.id for c in candidates[offset : offset + params.per_page]]
        total = len(candidates)
    else:
        # Browsing: the filtered rows in order, counted exactly (state/administration indexes).
        fits = offset + params.per_page <= CANDIDATES and params.sort != "oldest"  # candidates: newest first
        page = candidates[offset : offset + params.per_page] if fits else []
        ids = [c.id for c in page] or list(
            qs.order_by(*_browse_order(params)).values_list("id", flat=True)[
                offset : offset + params.per_page
            ]
        )
        total = qs.count() if capped else len(candidates)
        capped = False
    by_id = {
        p.pk: p
        for p in Practice.objects.filter(id__in=ids)
        .select_related("administration")
        .prefetch_related("translations", "topic_rows")
    }
    viewer_language = (get_language() or "en").split("-")[0]
    hits = [_hit(by_id[i], terms, viewer_language) for i in ids if i in by_id]
    facets = _facets(candidates, params) if with_facets else {}
    return SearchResult(params, terms, total, hits, facets, capped)


def practice_index(*, practices: Sequence[Practice]) -> None:
    """Bring the search index in step with these practices (call after every content change)."""
    backend().index(practices)


def practice_unindex(*, practice_ids: Sequence[int]) -> None:
    backend().remove(practice_ids)


def practice_reindex_all(*, batch: int = 1000) -> int:
    """Rebuild the whole index (after a bulk load or restore); return how many entries were indexed."""
    engine = backend()
    count = 0
    last = 0
    while True:
        chunk = list(
            Practice.objects.filter(id__gt=last).order_by("id").prefetch_related("translations")[:batch]
        )
        if not chunk:
            return count
        engine.index(chunk)
        count += len(chunk)
        last = chunk[-1].pk


def similar_practices(*, user: Actor | UserLike, practice: Practice, limit: int = 5) -> list[Practice]:
    """Published entries sharing the most topics and competencies (then the same delivery mode)."""
    topics = list(practice.topic_rows.values_list("topic", flat=True))
    comps = list(practice.competencies.values_list("id", flat=True))
    qs = practices_visible_to(user=user).filter(state=Practice.State.PUBLISHED).exclude(pk=practice.pk)
    qs = qs.annotate(
        shared_topics=Count("topic_rows", filter=Q(topic_rows__topic__in=topics), distinct=True),
        shared_comps=Count("competencies", filter=Q(competencies__id__in=comps), distinct=True),
    ).filter(Q(shared_topics__gt=0) | Q(shared_comps__gt=0))
    candidates: list[Practice] = list(qs[:200])
    ordered = sorted(
        candidates,
        key=lambda p: (
            -(
                2 * p.shared_topics  # type: ignore[attr-defined]
                + 3 * p.shared_comps  # type: ignore[attr-defined]
                + (1 if p.delivery_mode and p.delivery_mode == practice.delivery_mode else 0)
            ),
            -p.year,
            p.pk,
        ),
    )
    return ordered[:limit]
