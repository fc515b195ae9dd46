"""Query-count guards: the LRS's listing endpoints cost the same few queries for 2 rows as for 10."""

from __future__ import annotations

import pytest

from tests.lrs.conftest import make_xapi, statement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [2, 10])
def test_statements_get_queries_do_not_grow(world, count, django_assert_max_num_queries):
    # Given a tool that stored ``count`` statements
    xapi = make_xapi(world, "a")
    assert xapi.post("/xapi/statements", [statement() for _ in range(count)]).status_code == 200
    xapi.get("/xapi/statements")  # warm the per-process caches (credential, rate window)

    # When it reads them back, then the query count does not depend on how many there are
    with django_assert_max_num_queries(BOUND_STATEMENTS):
        response = xapi.get("/xapi/statements")
    assert response.status_code == 200
    assert len(response.json()["statements"]) == count


BOUND_STATEMENTS = 2  # measured at 2 and at 10 statements
