"""Statement validation: every rule the xAPI specification makes an LRS enforce, naming the field.

A failure raises ``DomainError`` (status 400) with one ``FieldError`` whose field is the JSON path
of the offending property (``context.contextActivities.parent[0].id``), so a tool author sees what
to fix. The validator is a plain recursive walk over the parsed JSON: no schema library on the hot
path.
"""

from __future__ import annotations

import re
from typing import Any

from cadre.lrs.validation.syntax import (
    ACCOUNT_KEYS,
    ACTIVITY_KEYS,
    AGENT_KEYS,
    COMPONENT_KEYS,
    COMPONENTS,
    CONTEXT_ACTIVITY_KEYS,
    CONTEXT_KEYS_1,
    CONTEXT_KEYS_2,
    DEFINITION_KEYS,
    DURATION_RE,
    GROUP_KEYS,
    INTERACTION_TYPES,
    MAX_EXTENSION_DEPTH,
    MBOX_RE,
    MIME_RE,
    RESULT_KEYS,
    SCORE_KEYS,
    SHA1_RE,
    SHA2_RE,
    STATEMENT_KEYS,
    STATEMENT_REF_KEYS,
    SUBSTATEMENT_KEYS,
    VERB_KEYS,
    VOIDED,
    fail,
    is_iri,
    is_uuid,
    language_tag,
    nested_deeper_than,
    valid_timestamp,
)


class StatementValidator:
    """Validate one statement of the given xAPI major version (1 or 2)."""

    def __init__(self, *, version_major: int) -> None:
        self.v2 = version_major >= 2

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def obj(value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise fail(path, "must be a JSON object")
        return value

    @staticmethod
    def keys(value: dict[str, Any], allowed: frozenset[str] | set[str], path: str) -> None:
        # The common, valid case costs two C-level scans; the loop only names the culprit.
        if allowed.issuperset(value) and None not in value.values():
            return
        for key, item in value.items():
            if key not in allowed:
                raise fail(f"{path}.{key}" if path else key, "is not an allowed property")
            if item is None:
                raise fail(f"{path}.{key}" if path else key, "must not be null")

    @staticmethod
    def lang_map(value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise fail(path, "must be a language map")
        for tag, text in value.items():
            if not isinstance(tag, str) or not language_tag(tag):
                raise fail(f"{path}.{tag}", "is not an RFC 5646 language tag")
            if not isinstance(text, str):
                raise fail(f"{path}.{tag}", "must be a string")

    def extensions(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise fail(path, "must be a JSON object")
        for key, item in value.items():
            if not is_iri(key):
                raise fail(f"{path}.{key}", "extension keys must be IRIs")
            if isinstance(item, dict | list) and nested_deeper_than(item, MAX_EXTENSION_DEPTH):
                raise fail(f"{path}.{key}", f"is nested deeper than {MAX_EXTENSION_DEPTH} levels")

    # -- agents ----------------------------------------------------------------------------
    def agent(self, value: Any, path: str, *, object_position: bool = False) -> None:
        agent = self.obj(value, path)
        kind = agent.get("objectType", "Agent" if not object_position else None)
        if object_position and kind is None:
            kind = "Activity"
        if kind == "Group":
            self.group(agent, path)
            return
        if kind != "Agent":
            raise fail(f"{path}.objectType", 'must be "Agent" or "Group"')
        self.keys(agent, AGENT_KEYS, path)
        if "name" in agent and not isinstance(agent["name"], str):
            raise fail(f"{path}.name", "must be a string")
        if self.ifi_count(agent, path) != 1:
            raise fail(path, "an Agent must have exactly one of mbox, mbox_sha1sum, openid, account")

    def group(self, group: dict[str, Any], path: str) -> None:
        self.keys(group, GROUP_KEYS, path)
        if "name" in group and not isinstance(group["name"], str):
            raise fail(f"{path}.name", "must be a string")
        count = self.ifi_count(group, path)
        if count > 1:
            raise fail(path, "a Group must not have more than one identifier")
        members = group.get("member")
        if count == 0 and not isinstance(members, list):
            raise fail(f"{path}.member", "an anonymous Group must list its members")
        if members is not None:
            if not isinstance(members, list):
                raise fail(f"{path}.member", "must be an array")
            if count == 0 and not members:
                raise fail(f"{path}.member", "an anonymous Group must have at least one member")
            for i, member in enumerate(members):
                mpath = f"{path}.member[{i}]"
                if isinstance(member, dict) and member.get("objectType") == "Group":
                    raise fail(f"{mpath}.objectType", "a Group's members must be Agents")
                self.agent(member, mpath)

    def ifi_count(self, agent: dict[str, Any], path: str) -> int:
        count = 0
        if "mbox" in agent:
            count += 1
            if not isinstance(agent["mbox"], str) or not MBOX_RE.match(agent["mbox"]):
                raise fail(f"{path}.mbox", 'must be a "mailto:" IRI of an email address')
        if "mbox_sha1sum" in agent:
            count += 1
            if not isinstance(agent["mbox_sha1sum"], str) or not SHA1_RE.match(agent["mbox_sha1sum"]):
                raise fail(f"{path}.mbox_sha1sum", "must be a hex SHA-1 of a mailto IRI")
        if "openid" in agent:
            count += 1
            if not is_iri(agent["openid"]):
                raise fail(f"{path}.openid", "must be an absolute IRI")
        if "account" in agent:
            count += 1
            account = self.obj(agent["account"], f"{path}.account")
            self.keys(account, ACCOUNT_KEYS, f"{path}.account")
            if "homePage" not in account:
                raise fail(f"{path}.account.homePage", "is required")
            if not is_iri(account["homePage"]):
                raise fail(f"{path}.account.homePage", "must be an absolute IRI")
            if "name" not in account:
                raise fail(f"{path}.account.name", "is required")
            if not isinstance(account["name"], str):
                raise fail(f"{path}.account.name", "must be a string")
        return count

    # -- verb, activities ------------------------------------------------------------------
    def verb(self, value: Any, path: str) -> None:
        verb = self.obj(value, path)
        self.keys(verb, VERB_KEYS, path)
        if "id" not in verb:
            raise fail(f"{path}.id", "is required")
        if not is_iri(verb["id"]):
            raise fail(f"{path}.id", "must be an absolute IRI")
        if "display" in verb:
            self.lang_map(verb["display"], f"{path}.display")

    def activity(self, value: Any, path: str) -> None:
        activity = self.obj(value, path)
        self.keys(activity, ACTIVITY_KEYS, path)
        if "objectType" in activity and activity["objectType"] != "Activity":
            raise fail(f"{path}.objectType", 'must be "Activity"')
        if "id" not in activity:
            raise fail(f"{path}.id", "is required")
        if not is_iri(activity["id"]):
            raise fail(f"{path}.id", "must be an absolute IRI")
        if "definition" in activity:
            self.definition(activity["definition"], f"{path}.definition")

    def definition(self, value: Any, path: str) -> None:
        definition = self.obj(value, path)
        self.keys(definition, DEFINITION_KEYS, path)
        for key in ("name", "description"):
            if key in definition:
                self.lang_map(definition[key], f"{path}.{key}")
        for key in ("type", "moreInfo"):
            if key in definition and not is_iri(definition[key]):
                raise fail(f"{path}.{key}", "must be an absolute IRI")
        if "extensions" in definition:
            self.extensions(definition["extensions"], f"{path}.extensions")
        interaction = definition.get("interactionType")
        if interaction is not None and (
            not isinstance(interaction, str) or interaction not in INTERACTION_TYPES
        ):
            raise fail(f"{path}.interactionType", "is not an xAPI interaction type")
        if "correctResponsesPattern" in definition:
            if interaction is None:
                raise fail(f"{path}.correctResponsesPattern", "needs an interactionType")
            pattern = definition["correctResponsesPattern"]
            if not isinstance(pattern, list) or not all(isinstance(p, str) for p in pattern):
                raise fail(f"{path}.correctResponsesPattern", "must be an array of strings")
        for key in COMPONENTS:
            if key not in definition:
                continue
            if interaction is None:
                raise fail(f"{path}.{key}", "needs an interactionType")
            items = definition[key]
            if not isinstance(items, list):
                raise fail(f"{path}.{key}", "must be an array")
            seen: set[str] = set()
            for i, item in enumerate(items):
                ipath = f"{path}.{key}[{i}]"
                component = self.obj(item, ipath)
                self.keys(component, COMPONENT_KEYS, ipath)
                if not isinstance(component.get("id"), str):
                    raise fail(f"{ipath}.id", "must be a string")
                if component["id"] in seen:
                    raise fail(f"{ipath}.id", "must be unique within the component list")
                seen.add(component["id"])
                if "description" in component:
                    self.lang_map(component["description"], f"{ipath}.description")

    # -- statement parts -------------------------------------------------------------------
    def statement_object(self, value: Any, path: str, *, in_substatement: bool = False) -> str:
        obj = self.obj(value, path)
        kind = obj.get("objectType", "Activity")
        if not isinstance(kind, str):
            raise fail(f"{path}.objectType", "must be a string")
        if kind == "Activity":
            self.activity(obj, path)
        elif kind in {"Agent", "Group"}:
            self.agent(obj, path)
        elif kind == "StatementRef":
            self.keys(obj, STATEMENT_REF_KEYS, path)
            if not is_uuid(obj.get("id")):
                raise fail(f"{path}.id", "must be a UUID")
        elif kind == "SubStatement":
            if in_substatement:
                raise fail(f"{path}.objectType", "a SubStatement must not contain a SubStatement")
            self.statement_body(obj, path, substatement=True)
        else:
            raise fail(f"{path}.objectType", "is not a known object type")
        return str(kind)

    def result(self, value: Any, path: str) -> None:
        result = self.obj(value, path)
        self.keys(result, RESULT_KEYS, path)
        if "score" in result:
            self.score(result["score"], f"{path}.score")
        for key in ("success", "completion"):
            if key in result and not isinstance(result[key], bool):
                raise fail(f"{path}.{key}", "must be a boolean")
        if "response" in result and not isinstance(result["response"], str):
            raise fail(f"{path}.response", "must be a string")
        if "duration" in result and (
            not isinstance(result["duration"], str) or not DURATION_RE.match(result["duration"])
        ):
            raise fail(f"{path}.duration", "must be an ISO 8601 duration")
        if "extensions" in result:
            self.extensions(result["extensions"], f"{path}.extensions")

    def score(self, value: Any, path: str) -> None:
        score = self.obj(value, path)
        self.keys(score, SCORE_KEYS, path)
        for key in ("scaled", "raw", "min", "max"):
            if key in score and (isinstance(score[key], bool) or not isinstance(score[key], (int, float))):
                raise fail(f"{path}.{key}", "must be a number")
        if "scaled" in score and not -1 <= score["scaled"] <= 1:
            raise fail(f"{path}.scaled", "must lie between -1 and 1")
        low, high, raw = score.get("min"), score.get("max"), score.get("raw")
        if low is not None and high is not None and low >= high:
            raise fail(f"{path}.min", "must be less than max")
        if raw is not None and low is not None and raw < low:
            raise fail(f"{path}.raw", "must not be less than min")
        if raw is not None and high is not None and raw > high:
            raise fail(f"{path}.raw", "must not be greater than max")

    def context(self, value: Any, path: str, *, object_kind: str) -> None:
        context = self.obj(value, path)
        self.keys(context, CONTEXT_KEYS_2 if self.v2 else CONTEXT_KEYS_1, path)
        if "registration" in context and not is_uuid(context["registration"]):
            raise fail(f"{path}.registration", "must be a UUID")
        if "instructor" in context:
            self.agent(context["instructor"], f"{path}.instructor")
        if "team" in context:
            team = self.obj(context["team"], f"{path}.team")
            if team.get("objectType") != "Group":
                raise fail(f"{path}.team.objectType", 'must be "Group"')
            self.group(team, f"{path}.team")
        if "contextActivities" in context:
            self.context_activities(context["contextActivities"], f"{path}.contextActivities")
        for key in ("revision", "platform"):
            if key in context:
                if not isinstance(context[key], str):
                    raise fail(f"{path}.{key}", "must be a string")
                if object_kind != "Activity":
                    raise fail(f"{path}.{key}", "is only allowed when the object is an Activity")
        if "language" in context and (
            not isinstance(context["language"], str) or not language_tag(context["language"])
        ):
            raise fail(f"{path}.language", "must be an RFC 5646 language tag")
        if "statement" in context:
            ref = self.obj(context["statement"], f"{path}.statement")
            self.keys(ref, STATEMENT_REF_KEYS, f"{path}.statement")
            if ref.get("objectType") != "StatementRef":
                raise fail(f"{path}.statement.objectType", 'must be "StatementRef"')
            if not is_uuid(ref.get("id")):
                raise fail(f"{path}.statement.id", "must be a UUID")
        if "extensions" in context:
            self.extensions(context["extensions"], f"{path}.extensions")
        for key, kind, inner in (
            ("contextAgents", "contextAgent", "agent"),
            ("contextGroups", "contextGroup", "group"),
        ):
            if key not in context:
                continue
            items = context[key]
            if not isinstance(items, list):
                raise fail(f"{path}.{key}", "must be an array")
            for i, item in enumerate(items):
                ipath = f"{path}.{key}[{i}]"
                entry = self.obj(item, ipath)
                self.keys(entry, {"objectType", inner, "relevantTypes"}, ipath)
                if entry.get("objectType") != kind:
                    raise fail(f"{ipath}.objectType", f'must be "{kind}"')
                if inner not in entry:
                    raise fail(f"{ipath}.{inner}", "is required")
                if inner == "group":
                    group = self.obj(entry["group"], f"{ipath}.group")
                    if group.get("objectType") != "Group":
                        raise fail(f"{ipath}.group.objectType", 'must be "Group"')
                    self.group(group, f"{ipath}.group")
                else:
                    self.agent(entry["agent"], f"{ipath}.agent")
                if "relevantTypes" in entry:
                    types = entry["relevantTypes"]
                    if not isinstance(types, list) or not types:
                        raise fail(f"{ipath}.relevantTypes", "must be a non-empty array of IRIs")
                    for j, iri in enumerate(types):
                        if not is_iri(iri):
                            raise fail(f"{ipath}.relevantTypes[{j}]", "must be an absolute IRI")

    def context_activities(self, value: Any, path: str) -> None:
        activities = self.obj(value, path)
        self.keys(activities, CONTEXT_ACTIVITY_KEYS, path)
        for key, item in activities.items():
            if isinstance(item, list):
                for i, activity in enumerate(item):
                    self.activity(activity, f"{path}.{key}[{i}]")
            else:
                self.activity(item, f"{path}.{key}")

    def attachments(self, value: Any, path: str) -> None:
        if not isinstance(value, list):
            raise fail(path, "must be an array")
        for i, item in enumerate(value):
            apath = f"{path}[{i}]"
            attachment = self.obj(item, apath)
            self.keys(
                attachment,
                {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"},
                apath,
            )
            for key in ("usageType", "display", "contentType", "length", "sha2"):
                if key not in attachment:
                    raise fail(f"{apath}.{key}", "is required")
            if not is_iri(attachment["usageType"]):
                raise fail(f"{apath}.usageType", "must be an absolute IRI")
            self.lang_map(attachment["display"], f"{apath}.display")
            if "description" in attachment:
                self.lang_map(attachment["description"], f"{apath}.description")
            if not isinstance(attachment["contentType"], str) or not MIME_RE.match(attachment["contentType"]):
                raise fail(f"{apath}.contentType", "must be an Internet media type")
            length = attachment["length"]
            if isinstance(length, bool) or not isinstance(length, int) or length < 0:
                raise fail(f"{apath}.length", "must be a non-negative integer")
            if not isinstance(attachment["sha2"], str) or not SHA2_RE.match(attachment["sha2"]):
                raise fail(f"{apath}.sha2", "must be a hex SHA-2 digest")
            if "fileUrl" in attachment and not is_iri(attachment["fileUrl"]):
                raise fail(f"{apath}.fileUrl", "must be an absolute IRI")

    def statement_body(self, statement: dict[str, Any], path: str, *, substatement: bool) -> None:
        prefix = f"{path}." if path else ""
        self.keys(statement, SUBSTATEMENT_KEYS if substatement else STATEMENT_KEYS, path)
        for key in ("actor", "verb", "object"):
            if key not in statement:
                raise fail(f"{prefix}{key}", "is required")
        self.agent(statement["actor"], f"{prefix}actor")
        self.verb(statement["verb"], f"{prefix}verb")
        kind = self.statement_object(statement["object"], f"{prefix}object", in_substatement=substatement)
        if statement["verb"]["id"] == VOIDED and kind != "StatementRef":
            raise fail(f"{prefix}object", "a voiding statement's object must be a StatementRef")
        if "result" in statement:
            self.result(statement["result"], f"{prefix}result")
        if "context" in statement:
            self.context(statement["context"], f"{prefix}context", object_kind=kind)
        if "timestamp" in statement and not valid_timestamp(statement["timestamp"], v2=self.v2):
            raise fail(f"{prefix}timestamp", "must be an ISO 8601 timestamp")
        if "attachments" in statement:
            self.attachments(statement["attachments"], f"{prefix}attachments")

    def statement(self, value: Any, path: str = "") -> None:
        statement = self.obj(value, path or "statement")
        self.statement_body(statement, path, substatement=False)
        prefix = f"{path}." if path else ""
        if "id" in statement and not is_uuid(statement["id"]):
            raise fail(f"{prefix}id", "must be a UUID")
        if "stored" in statement and not valid_timestamp(statement["stored"], v2=self.v2):
            raise fail(f"{prefix}stored", "must be an ISO 8601 timestamp")
        if "authority" in statement:
            self.authority(statement["authority"], f"{prefix}authority")
        if "version" in statement:
            version = statement["version"]
            pattern = r"^(1\.0|2\.0)(\.\d+)?$" if self.v2 else r"^1\.0(\.\d+)?$"
            if not isinstance(version, str) or not re.match(pattern, version):
                raise fail(f"{prefix}version", "is not a supported xAPI version")

    def authority(self, value: Any, path: str) -> None:
        authority = self.obj(value, path)
        self.agent(authority, path)
        if authority.get("objectType") == "Group":
            if any(key in authority for key in ("mbox", "mbox_sha1sum", "openid", "account")):
                raise fail(path, "an authority Group must be anonymous")
            members = authority.get("member") or []
            if len(members) != 2:
                raise fail(f"{path}.member", "an authority Group must have exactly two Agents")


def validate_statement(statement: Any, *, version_major: int, path: str = "") -> None:
    """Raise DomainError(400) naming the first invalid property of ``statement``."""
    StatementValidator(version_major=version_major).statement(statement, path)
