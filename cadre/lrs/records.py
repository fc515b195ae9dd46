"""Pure functions over statement JSON: identifiers, normalisation, index rows, output formats."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from cadre.lrs.validation.syntax import TIMESTAMP_RE

IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


def agent_ifi(agent: dict[str, Any]) -> str:
    """The one string identifying an agent or identified group ("" for an anonymous group)."""
    if "mbox" in agent:
        return f"mbox:{agent['mbox'].lower()}"
    if "mbox_sha1sum" in agent:
        return f"sha1:{agent['mbox_sha1sum'].lower()}"
    if "openid" in agent:
        return f"openid:{agent['openid']}"
    if "account" in agent:
        account = agent["account"]
        return f"account:{account.get('homePage', '')}|{account.get('name', '')}"
    return ""


def parse_timestamp(value: str) -> dt.datetime:
    """Parse a validated ISO 8601 timestamp into an aware UTC datetime (no zone means UTC)."""
    m = TIMESTAMP_RE.match(value)
    if m is None:
        raise ValueError(value)
    try:
        # Every shape TIMESTAMP_RE accepts is one datetime.fromisoformat reads (Python 3.11), 15x
        # faster than the fields below; a leap second (":60") is the exception it refuses.
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return _parse_timestamp_fields(m)
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def _parse_timestamp_fields(m: re.Match[str]) -> dt.datetime:
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    fraction = m.group(7)
    micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
    zone = m.group(8)
    tz: dt.tzinfo = dt.UTC
    if zone and zone not in {"Z", "z"}:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return dt.datetime(year, month, day, hour, minute, min(second, 59), micro, tzinfo=tz).astimezone(dt.UTC)


def truncate_duration(value: str) -> str:
    """Drop precision below 0.01 s from an ISO 8601 duration (the spec compares only to hundredths)."""
    match = re.search(r"(\d+)[.,](\d+)S$", value)
    if match is None or len(match.group(2)) <= 2:
        return value
    return value[: match.start()] + f"{match.group(1)}.{match.group(2)[:2]}S"


def format_timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalize(statement: dict[str, Any]) -> dict[str, Any]:
    """Bring a valid statement to its stored shape (context activities always arrays)."""
    for part in _statement_parts(statement):
        activities = part.get("context", {}).get("contextActivities")
        if isinstance(activities, dict):
            for key, value in list(activities.items()):
                if isinstance(value, dict):
                    activities[key] = [value]
    return statement


def normalized(statement: dict[str, Any]) -> dict[str, Any]:
    """``normalize`` on a copy, leaving the argument untouched: the statement dict and the parts the
    normalisation replaces are new; every other nested value is shared with the argument (the
    store reads them, never changes them, and a deep copy was the largest Python cost of a batch)."""
    copy = dict(statement)
    _normalize_context_copy(copy)
    obj = copy.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        copy["object"] = obj = dict(obj)
        _normalize_context_copy(obj)
    return copy


def _normalize_context_copy(part: dict[str, Any]) -> None:
    context = part.get("context")
    if not isinstance(context, dict):
        return
    activities = context.get("contextActivities")
    if isinstance(activities, dict) and any(isinstance(value, dict) for value in activities.values()):
        part["context"] = {
            **context,
            "contextActivities": {
                key: [value] if isinstance(value, dict) else value for key, value in activities.items()
            },
        }


def _statement_parts(statement: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield statement
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        yield obj


def related(statement: dict[str, Any]) -> tuple[dict[str, bool], dict[str, bool]]:
    """Agents and activities a statement mentions, each flagged ``direct`` (actor/object) or not."""
    agents: dict[str, bool] = {}
    activities: dict[str, bool] = {}

    def add_agent(agent: Any, direct: bool) -> None:
        if not isinstance(agent, dict):
            return
        own = agent_ifi(agent)
        if own:
            # Group members match only the related filter; the group itself matches directly.
            agents[own] = agents.get(own, False) or direct
        for member in agent.get("member") or []:
            member_ifi = agent_ifi(member) if isinstance(member, dict) else ""
            if member_ifi:
                agents[member_ifi] = agents.get(member_ifi, False)

    def add_activity(activity: Any, direct: bool) -> None:
        if isinstance(activity, dict) and "id" in activity:
            activities[activity["id"]] = activities.get(activity["id"], False) or direct

    for depth, part in enumerate(_statement_parts(statement)):
        top = depth == 0
        add_agent(part.get("actor"), top)
        obj = part.get("object") or {}
        kind = obj.get("objectType", "Activity")
        if kind == "Activity":
            add_activity(obj, top)
        elif kind in {"Agent", "Group"}:
            add_agent(obj, top)
        context = part.get("context") or {}
        add_agent(context.get("instructor"), False)
        add_agent(context.get("team"), False)
        for entry in context.get("contextAgents") or []:
            add_agent(entry.get("agent"), False)
        for entry in context.get("contextGroups") or []:
            add_agent(entry.get("group"), False)
        for value in (context.get("contextActivities") or {}).values():
            for activity in value if isinstance(value, list) else [value]:
                add_activity(activity, False)
    add_agent(statement.get("authority"), False)
    return agents, activities


def activities_with_definitions(statement: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(iri, definition) of every activity in the statement that carries a definition."""
    for part in _statement_parts(statement):
        obj = part.get("object") or {}
        if obj.get("objectType", "Activity") == "Activity" and "definition" in obj:
            yield obj["id"], obj["definition"]
        context = part.get("context") or {}
        for value in (context.get("contextActivities") or {}).values():
            for activity in value if isinstance(value, list) else [value]:
                if "definition" in activity:
                    yield activity["id"], activity["definition"]


# -- output formats --------------------------------------------------------------------------
def _agent_ids(agent: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"objectType": agent.get("objectType", "Agent")}
    for key in IFI_KEYS:
        if key in agent:
            out[key] = agent[key]
            break
    if "member" in agent and out["objectType"] == "Group" and len(out) == 1:
        out["member"] = [_agent_ids(m) for m in agent["member"]]
    return out


def _ids_part(part: dict[str, Any]) -> None:
    if "actor" in part:
        part["actor"] = _agent_ids(part["actor"])
    if "verb" in part:
        part["verb"] = {"id": part["verb"]["id"]}
    obj = part.get("object") or {}
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        part["object"] = {"id": obj["id"]}
    elif kind in {"Agent", "Group"}:
        part["object"] = _agent_ids(obj)
    elif kind == "SubStatement":
        _ids_part(obj)
    context = part.get("context")
    if context:
        for key in ("instructor", "team"):
            if key in context:
                context[key] = _agent_ids(context[key])
        for key, value in (context.get("contextActivities") or {}).items():
            context["contextActivities"][key] = [{"id": a["id"]} for a in value]


def to_ids(statement: dict[str, Any]) -> dict[str, Any]:
    _ids_part(statement)
    if "authority" in statement:
        statement["authority"] = _agent_ids(statement["authority"])
    return statement


LANG_MAP_KEYS = frozenset({"display", "name", "description"})


def pick_language(value: dict[str, str], languages: list[str]) -> dict[str, str]:
    for lang in languages:
        for tag, text in value.items():
            if tag.lower() == lang:
                return {tag: text}
        for tag, text in value.items():
            if tag.lower().split("-")[0] == lang.split("-")[0]:
                return {tag: text}
    if "und" in value:
        return {"und": value["und"]}
    first = next(iter(value.items()), None)
    return {first[0]: first[1]} if first else {}


def to_canonical(node: Any, languages: list[str], key: str = "") -> Any:
    """Reduce every language map to the one language the caller prefers; identified groups by identity."""
    if isinstance(node, dict):
        if node.get("objectType") == "Group" and any(k in node for k in IFI_KEYS):
            node = {k: v for k, v in node.items() if k != "member"}
        if key in LANG_MAP_KEYS and node and all(isinstance(v, str) for v in node.values()):
            return pick_language(node, languages)
        return {k: (v if k == "extensions" else to_canonical(v, languages, k)) for k, v in node.items()}
    if isinstance(node, list):
        return [
            to_canonical(
                item, languages, key if key in {"choices", "scale", "source", "target", "steps"} else ""
            )
            for item in node
        ]
    return node


def accept_languages(header: str) -> list[str]:
    """The Accept-Language header as lower-case tags, most preferred first."""
    tags: list[tuple[float, str]] = []
    for part in header.split(","):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        if not tag or tag == "*":
            continue
        quality = 1.0
        for param in pieces[1:]:
            if param.strip().startswith("q="):
                try:
                    quality = float(param.strip()[2:])
                except ValueError:
                    quality = 0.0
        tags.append((quality, tag))
    return [tag for _, tag in sorted(tags, key=lambda t: -t[0])]
