"""Values the LRS's faces take and answer: document keys, store results, the launch-guard protocol."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from cadre.lrs.models import LaunchCredential


@dataclass(frozen=True)
class DocumentKey:
    kind: str
    activity_iri: str = ""
    agent_ifi: str = ""
    registration: str = ""
    doc_id: str = ""


@dataclass
class StoreResult:
    ids: list[str]
    created: int


class LaunchGuard(Protocol):
    """The launching profile's rules, checked for every request made with a launch credential."""

    def statements_accept(self, *, credential: LaunchCredential, statements: list[Any]) -> None:
        """Raise ``XapiError`` (403) when a statement breaks the profile's rules, else record its effects.

        Gets the batch's statements not stored before (an identical re-send passes untouched).
        Runs inside the statement store's write lock and transaction (see ``statements_store``):
        lock the rows the rules read, check, update them. Never store statements or take the LRS
        write lock here; follow-ups that do belong in ``statements_stored``.
        """

    def statements_stored(self, *, credential: LaunchCredential, statements: list[dict[str, Any]]) -> None:
        """Follow up committed statements (e.g. write satisfaction statements), outside the write lock."""

    def document_check(
        self, *, credential: LaunchCredential, method: str, key: DocumentKey, body: bytes, media_type: str
    ) -> None:
        """Raise ``XapiError`` (403) when a document request breaks the profile's rules."""
