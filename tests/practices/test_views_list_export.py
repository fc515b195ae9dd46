"""The good practices list: pages with a total, the download of what the search finds, isolation, queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.support.lists import csv_of

pytestmark = pytest.mark.django_db

URL = reverse("practices:list")


def test_search_pages_count_and_download_every_match(client, world, make_practice):
    # given 25 published practices on microlearning and 3 on something else
    for i in range(25):
        make_practice("a" if i % 2 else "b", "published", title=f"Microlearning pilot {i:02d}")
    for i in range(3):
        make_practice("a", "published", title=f"Risk profiling {i}")
    client.force_login(world.b.learner)

    first = client.get(URL, {"q": "microlearning"})
    second = client.get(URL, {"q": "microlearning", "page": 2})
    rows = csv_of(client, URL, q="microlearning")

    assert first.context["result"].total == 25
    assert len(first.context["result"].hits) == 20
    assert len(second.context["result"].hits) == 5
    assert "export=csv" in first.content.decode()
    assert rows[0][:3] == ["Title", "Administration", "Year"]
    assert len(rows) == 1 + 25
    assert all("Microlearning" in r[0] for r in rows[1:])
    assert len(csv_of(client, URL)) == 1 + 28  # no words: every published practice
    assert client.get(URL, {"export": "pdf"}).status_code == 400


def test_a_foreign_draft_is_never_downloaded(client, world, make_practice):
    make_practice("a", "draft", title="Alpha secret draft")
    client.force_login(world.b.tm)

    rows = csv_of(client, URL, state="draft")

    assert not [r for r in rows if "Alpha secret" in r[0]]


@pytest.mark.parametrize("count", [2, 25])
def test_practice_list_queries_do_not_grow(
    client, world, make_practice, count, django_assert_max_num_queries
):
    for i in range(count):
        make_practice("a", "published", title=f"Pilot {i}")
    client.force_login(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(12):
        client.get(URL)


def test_sort_newest_or_oldest_and_pages_keep_the_filters(client, world, make_practice):
    for i in range(22):
        make_practice("a", "published", title=f"Microlearning pilot {i:02d}", year=2000 + i)
    client.force_login(world.a.tm)

    best = client.get(URL, {"q": "microlearning"}).context["result"]
    newest = client.get(URL, {"q": "microlearning", "sort": "newest"}).context["result"]
    oldest = client.get(URL, {"sort": "oldest"}).context["result"]
    page_2 = client.get(URL, {"sort": "oldest", "year": 2001, "page": 1})
    listed = client.get(URL, {"sort": "oldest", "topic": "", "page": 1}).content.decode()

    assert len(best.hits) == 20
    assert [h.practice.year for h in newest.hits][:3] == [2021, 2020, 2019]
    assert oldest.hits[0].practice.year == 2000
    assert [h.practice.year for h in page_2.context["result"].hits] == [2001]
    next_link = re.search(r'href="([^"]+)" rel="next"', listed).group(1)
    assert "sort=oldest" in next_link  # the next page keeps the sort
    assert "page=2" in next_link
    rows = csv_of(client, URL, sort="oldest")
    assert rows[1][2] == "2000"
