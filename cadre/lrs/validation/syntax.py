"""The xAPI syntax the validator checks against: patterns, allowed keys, IRI/UUID/timestamp tests."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from cadre.core.errors import DomainError, FieldError

UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
MBOX_RE = re.compile(r"^mailto:[^@\s:]+@[^@\s]+\.?[^@\s]*$")
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
SHA2_RE = re.compile(r"^([0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$")
TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}:\d{2}|[+-]\d{4}|[+-]\d{2})?$"
)
DURATION_RE = re.compile(
    r"^P(?:\d+(?:[.,]\d+)?W|(?=\d|T\d)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?D)?"
    r"(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?)$"
)
LANG_RE = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?|[xX](?:-[A-Za-z0-9]{1,8})+|[iI]-[A-Za-z]+)$"
)
MIME_RE = re.compile(r"^[A-Za-z0-9!#$&^_.+\-]+/[A-Za-z0-9!#$&^_.+\-]+(\s*;.*)?$")

#: Extension values are the only free-form JSON in a statement. Bounded so that a stored statement,
#: and any response wrapping it, stays far inside the JSON encoder's nesting limit (254 levels in
#: orjson: deeper extensions used to be accepted and then answer 500).
MAX_EXTENSION_DEPTH = 64
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
INTERACTION_TYPES = frozenset(
    {
        "true-false",
        "choice",
        "fill-in",
        "long-fill-in",
        "matching",
        "performance",
        "sequencing",
        "likert",
        "numeric",
        "other",
    }
)
COMPONENTS = ("choices", "scale", "source", "target", "steps")
STATEMENT_KEYS = frozenset(
    {
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "stored",
        "authority",
        "version",
        "attachments",
    }
)
SUBSTATEMENT_KEYS = frozenset(
    {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
)
CONTEXT_KEYS_1 = frozenset(
    {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
)
CONTEXT_KEYS_2 = CONTEXT_KEYS_1 | {"contextAgents", "contextGroups"}
AGENT_KEYS = frozenset({"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"})
GROUP_KEYS = AGENT_KEYS | {"member"}
DEFINITION_KEYS = frozenset(
    {
        "name",
        "description",
        "type",
        "moreInfo",
        "extensions",
        "interactionType",
        "correctResponsesPattern",
        *COMPONENTS,
    }
)

ACCOUNT_KEYS = frozenset({"homePage", "name"})
VERB_KEYS = frozenset({"id", "display"})
ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
COMPONENT_KEYS = frozenset({"id", "description"})
STATEMENT_REF_KEYS = frozenset({"objectType", "id"})
RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
CONTEXT_ACTIVITY_KEYS = frozenset({"parent", "grouping", "category", "other"})


def fail(path: str, reason: str) -> DomainError:
    return DomainError(
        detail="Invalid statement", errors=[FieldError(path or "statement", reason)], code="statement.invalid"
    )


@lru_cache(maxsize=8192)
def _iri_text(value: str) -> bool:
    return IRI_RE.match(value) is not None


@lru_cache(maxsize=1024)
def language_tag(value: str) -> bool:
    return LANG_RE.match(value) is not None


def is_iri(value: Any) -> bool:
    # Memoised: a batch repeats the same verb, activity and extension IRIs statement after statement.
    return isinstance(value, str) and _iri_text(value)


def is_uuid(value: Any) -> bool:
    return isinstance(value, str) and UUID_RE.match(value) is not None


def valid_timestamp(value: Any, *, v2: bool) -> bool:
    if not isinstance(value, str):
        return False
    m = TIMESTAMP_RE.match(value)
    if m is None:
        return False
    _, month, day, hour, minute, second = map(int, m.groups()[:6])
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour <= 23 and minute <= 59 and second <= 60):
        return False
    zone = m.group(8)
    # "-00:00" means "offset unknown" in RFC 3339 and ISO 8601 forbids it; the spec makes LRSs reject it.
    return zone not in {"-00:00", "-0000", "-00"}


def nested_deeper_than(value: dict[str, Any] | list[Any], limit: int) -> bool:
    """Whether a parsed JSON value nests containers more than ``limit`` levels (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
