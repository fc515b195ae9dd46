"""Statement queries agree with a slow reference: every filter combination, both orders, all pages.

The agent and activity filters walk their index rows newest first (``selectors._page_ids_by_index``);
the reference filters every stored statement in Python and sorts it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import urllib.parse
from typing import Any

import orjson
import pytest

from cadre.lrs import records
from cadre.lrs.models import Statement
from tests.lrs.conftest import statement

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"
AGENTS = [f"mailto:{name}@example.org" for name in ("aiko", "ben", "chen")]
ACTIVITIES = [f"https://cadre.example.org/activities/{name}" for name in ("valuation", "origin", "risk")]
VERBS = ["http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed"]


def _random_statement(rng: random.Random) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if rng.random() < 0.5:
        context["instructor"] = {"mbox": rng.choice(AGENTS)}
    if rng.random() < 0.6:
        context["contextActivities"] = {"parent": [{"id": rng.choice(ACTIVITIES)}]}
    extra: dict[str, Any] = {"context": context} if context else {}
    return statement(
        actor={"mbox": rng.choice(AGENTS)},
        verb={"id": rng.choice(VERBS)},
        object={"objectType": "Activity", "id": rng.choice(ACTIVITIES)},
        **extra,
    )


def _reference(rows: list[Statement], params: dict[str, str]) -> list[str]:
    """The statement ids a query must return, in order, computed the slow way."""
    agent = records.agent_ifi(orjson.loads(params["agent"])) if "agent" in params else ""
    chosen = []
    for row in rows:
        payload = orjson.loads(row.payload)
        agents, activities = records.related(payload)
        if agent and not (
            agents.get(agent) is True or (params.get("related_agents") == "true" and agent in agents)
        ):
            continue
        activity = params.get("activity")
        if activity and not (
            activities.get(activity) is True
            or (params.get("related_activities") == "true" and activity in activities)
        ):
            continue
        if "verb" in params and payload["verb"]["id"] != params["verb"]:
            continue
        if "since" in params and not row.stored > records.parse_timestamp(params["since"]):
            continue
        if "until" in params and not row.stored <= records.parse_timestamp(params["until"]):
            continue
        chosen.append(row)
    ascending = params.get("ascending") == "true"
    chosen.sort(key=lambda r: (r.stored, r.pk), reverse=not ascending)
    return [str(r.statement_id) for r in chosen]


def _all_pages(xapi: Any, params: dict[str, str]) -> list[str]:
    response = xapi.get(URL, params)
    assert response.status_code == 200, response.content
    body = response.json()
    ids = [s["id"] for s in body["statements"]]
    while body["more"]:
        path, _, query = body["more"].partition("?")
        body = xapi.get(path, dict(urllib.parse.parse_qsl(query))).json()
        ids += [s["id"] for s in body["statements"]]
    return ids


def test_filtered_queries_match_the_reference_across_pages(xapi_a):
    # given 60 statements in 6 batches (so several stored times), by three agents on three activities
    rng = random.Random(20261128)
    for _ in range(6):
        assert xapi_a.post(URL, [_random_statement(rng) for _ in range(10)]).status_code == 200
    rows = list(Statement.objects.order_by("id"))
    stored_times = sorted({row.stored for row in rows})
    middle = records.format_timestamp(stored_times[len(stored_times) // 2])
    late = records.format_timestamp(stored_times[-2] + dt.timedelta(microseconds=1))
    agent = orjson.dumps({"mbox": AGENTS[0]}).decode()
    # when every combination of agent/activity filters, relation flags, verb, window and order is
    # queried three statements per page
    checked = nonempty = 0
    for (
        use_agent,
        related_agents,
        use_activity,
        related_activities,
        verb,
        window,
        ascending,
    ) in itertools.product(
        (True, False),
        (True, False),
        (True, False),
        (True, False),
        (True, False),
        ("", "since", "until"),
        (True, False),
    ):
        if not (use_agent or use_activity) or (related_agents and not use_agent):
            continue
        if related_activities and not use_activity:
            continue
        params = {"limit": "3"}
        if use_agent:
            params["agent"] = agent
            if related_agents:
                params["related_agents"] = "true"
        if use_activity:
            params["activity"] = ACTIVITIES[1]
            if related_activities:
                params["related_activities"] = "true"
        if verb:
            params["verb"] = VERBS[1]
        if window == "since":
            params["since"] = middle
        elif window == "until":
            params["until"] = late
        if ascending:
            params["ascending"] = "true"
        # then the pages, joined, are exactly the reference's statements in the reference's order
        expected = _reference(rows, params)
        assert _all_pages(xapi_a, params) == expected, params
        checked += 1
        nonempty += len(expected) > 3  # more than one page
    assert checked == 96
    assert nonempty > 48


def test_a_statement_reference_switches_to_the_general_plan_and_matches_the_target(xapi_a):
    # given a statement by aiko and another statement whose object refers to it
    target = statement(actor={"mbox": AGENTS[0]})
    referring = statement(
        actor={"mbox": AGENTS[1]},
        verb={"id": "http://adlnet.gov/expapi/verbs/attempted"},
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    assert xapi_a.post(URL, [target, referring]).status_code == 200
    # when aiko's statements are queried
    agent = orjson.dumps({"mbox": AGENTS[0]}).decode()
    ids = _all_pages(xapi_a, {"agent": agent})
    # then the referring statement is included with its target (the filter applies to the target)
    assert set(ids) == {target["id"], referring["id"]}
