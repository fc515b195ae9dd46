from __future__ import annotations

import pytest

from cadre.practices.search import SearchParams, highlight, practice_search, similar_practices
from cadre.practices.services import practice_translation_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(world, make_practice):
    return {
        "en": make_practice(
            "a",
            "published",
            title="Microlearning for busy examiners",
            summary="Five-minute modules on the phone.",
            topics=("microlearning", "mobile"),
            delivery_mode="mobile",
        ),
        "ja": make_practice(
            "a",
            "published",
            title="研修管理の改善",
            summary="税関職員の能力モデルに基づく研修計画。",
            language="ja",
            year=2020,
            topics=("training_cycle",),
        ),
        "zh": make_practice(
            "b",
            "published",
            title="海关培训评估",
            summary="采用柯氏四级评估模型衡量培训效果。",
            language="zh",
            topics=("evaluation",),
        ),
        "th": make_practice(
            "b",
            "published",
            title="การฝึกอบรมเจ้าหน้าที่ศุลกากร",
            summary="หลักสูตรการประเมินราคาศุลกากรแบบผสมผสาน",
            language="th",
            topics=("blended",),
            delivery_mode="blended",
        ),
        "draft": make_practice("b", "draft", title="Secret microlearning draft", summary="Beta only."),
    }


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("microlearning", "en"),
        ("MICROLEARN", "en"),
        ("研修管理", "ja"),
        ("税関", "ja"),  # two characters: below a trigram, matched by substring
        ("培训评估", "zh"),
        ("评估", "zh"),
        ("ศุลกากร", "th"),
        ("การประเมินราคา", "th"),
    ],
)
def test_search_finds_each_language(world, corpus, query, key):
    # when
    result = practice_search(user=world.a.learner, params=SearchParams(text=query))
    # then
    assert [h.practice.pk for h in result.hits] == [corpus[key].pk]
    assert "<mark>" in (str(result.hits[0].title) + str(result.hits[0].snippet))


def test_search_ranks_title_hits_first_and_keeps_drafts_private(world, corpus, make_practice):
    # given a published entry mentioning microlearning only in its body
    body_only = make_practice(
        "a", "published", title="Mobile examiners", summary="Uses microlearning a little."
    )
    # when Alpha searches published entries
    result = practice_search(user=world.a.tm, params=SearchParams(text="microlearning"))
    # then the title hit ranks first and Beta's draft is absent
    assert [h.practice.pk for h in result.hits] == [corpus["en"].pk, body_only.pk]
    # and Beta sees its own draft when asking for drafts, Alpha does not
    beta = practice_search(user=world.b.learner, params=SearchParams(text="microlearning", state="draft"))
    alpha = practice_search(user=world.a.tm, params=SearchParams(text="microlearning", state="draft"))
    assert [h.practice.pk for h in beta.hits] == [corpus["draft"].pk]
    assert alpha.hits == []
    assert alpha.total == 0


def test_facets_count_and_filter(world, corpus):
    # when
    result = practice_search(user=world.coordinator, params=SearchParams())
    # then
    topics = {f.value: f.count for f in result.facets["topic"]}
    assert topics["mobile"] == 1
    assert topics["evaluation"] == 1
    admins = {f.label: f.count for f in result.facets["administration"]}
    assert admins == {"Alpha Customs": 2, "Beta Customs": 2}
    filtered = practice_search(user=world.coordinator, params=SearchParams(topic="evaluation"))
    assert [h.practice.pk for h in filtered.hits] == [corpus["zh"].pk]
    by_year = practice_search(user=world.coordinator, params=SearchParams(year=2020))
    assert [h.practice.pk for h in by_year.hits] == [corpus["ja"].pk]


def test_translation_is_searchable(world, corpus):
    practice_translation_set(
        actor=world.a.tm,
        practice=corpus["en"],
        language="ja",
        title="マイクロラーニング",
        summary="携帯で五分",
    )
    result = practice_search(user=world.b.tm, params=SearchParams(text="マイクロラーニング"))
    assert [h.practice.pk for h in result.hits] == [corpus["en"].pk]


def test_query_syntax_characters_are_harmless(world, corpus):
    for query in ['"', "AND OR NOT", "micro*", "(", "a:b", "%_", "'; DROP TABLE x; --"]:
        practice_search(user=world.a.tm, params=SearchParams(text=query))


def test_highlight_escapes_markup():
    html = str(highlight("<b>microlearning</b> & more", ["microlearning"]))
    assert html == "&lt;b&gt;<mark>microlearning</mark>&lt;/b&gt; &amp; more"


def test_similar_practices_share_topics(world, corpus, make_practice):
    other = make_practice("b", "published", title="Phone modules", summary="x", topics=("mobile",))
    assert similar_practices(user=world.a.tm, practice=corpus["en"]) == [other]


def test_a_broad_query_is_capped_and_says_so(world, corpus, make_practice, monkeypatch):
    # given three published entries about microlearning and a cap of two candidates
    make_practice("a", "published", title="Microlearning again", summary="More microlearning.")
    make_practice("b", "published", title="Microlearning at Beta", summary="Phones.")
    monkeypatch.setattr("cadre.practices.search.CANDIDATES", 2)
    # when the coordinator searches
    result = practice_search(user=world.coordinator, params=SearchParams(text="microlearning"))
    # then two are ranked and counted, and the result says more match
    assert result.capped
    assert result.total == 2
    assert len(result.hits) == 2
    assert sum(f.count for f in result.facets["year"]) == 2


def test_an_exact_count_below_the_cap(world, corpus):
    result = practice_search(user=world.coordinator, params=SearchParams(text="microlearning"))
    assert not result.capped
    assert result.total == 1


def test_a_japanese_viewer_sees_the_japanese_title_first_in_the_results(world, corpus):
    from django.utils import translation

    practice_translation_set(
        actor=world.a.tm,
        practice=corpus["en"],
        language="ja",
        title="マイクロラーニング",
        summary="携帯で五分",
    )
    with translation.override("ja"):
        result = practice_search(user=world.b.tm, params=SearchParams())
    hit = next(h for h in result.hits if h.practice.pk == corpus["en"].pk)
    assert (str(hit.title), hit.language, hit.translated) == ("マイクロラーニング", "ja", True)
    with translation.override("en"):
        result = practice_search(user=world.b.tm, params=SearchParams())
    hit = next(h for h in result.hits if h.practice.pk == corpus["en"].pk)
    assert (hit.language, hit.translated) == ("en", False)
