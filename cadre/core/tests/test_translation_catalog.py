"""The Japanese catalog is complete for what it holds, compiled, and covers every domain error text."""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

CADRE = Path(settings.BASE_DIR) / "cadre"
PO = CADRE / "locale" / "ja" / "LC_MESSAGES" / "django.po"
#: xAPI and cmi5 protocol errors stay English; tests and fixtures are not shipped text.
NOT_TRANSLATED = re.compile(r"^(lrs|cmi5|e2e|testing)/|/(tests|migrations)/")
#: Calls whose text arguments become a DomainError's detail or a FieldError's reason.
ERROR_BUILDERS = frozenset({"FieldError", "DomainError", "invalid", "reject", "file_error", "_RefusedError"})
#: Modules that hand reasons to a service as (field, reason) pairs, or render the API's error shape.
REASON_SOURCES = ("community/selectors.py", "delivery/selectors.py", "api/root.py")
GETTEXT = frozenset({"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"})
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    context: str = ""


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (a small reader: Cadre has no polib; Django ships no parser)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] = ("msgid", 0)

    def finish() -> None:
        nonlocal current
        if current.msgid or current.msgstr:
            entries.append(current)
        current = Entry()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            finish()
        elif line.startswith("#~"):
            raise AssertionError(f"obsolete entry left in {path.name}: {line}")
        elif line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(current, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            target = ("msgstr" if keyword.startswith("msgstr") else keyword, index)
            _append(current, target, ast.literal_eval(value), start=True)
    finish()
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str, *, start: bool = False) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = ("" if start else entry.msgstr.get(index, "")) + text
    elif name == "msgctxt":
        entry.context = ("" if start else entry.context) + text
    else:
        setattr(entry, name, ("" if start else getattr(entry, name)) + text)


def marked_texts(source: str) -> set[str]:
    """The literal texts a module marks for translation."""
    texts = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT
            and node.args
            and isinstance(node.args[-1 if node.func.id.startswith("pgettext") else 0], ast.Constant)
        ):
            texts.add(node.args[-1 if node.func.id.startswith("pgettext") else 0].value)
    return texts


def builds_domain_errors(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ERROR_BUILDERS:
            return True
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "add"
            and isinstance(func.value, ast.Name)
            and func.value.id == "problems"
        ):
            return True
    return False


@functools.cache
def error_modules() -> dict[str, str]:
    modules = {}
    for path in sorted(CADRE.rglob("*.py")):
        name = path.relative_to(CADRE).as_posix()
        if NOT_TRANSLATED.search(name):
            continue
        source = path.read_text(encoding="utf-8")
        if name in REASON_SOURCES or builds_domain_errors(source):
            modules[name] = source
    return modules


ENTRIES = [e for e in parse_po(PO) if e.msgid]


def test_the_catalog_reader_reads_the_header_and_entries():
    # a guard against a reader that silently finds nothing
    assert len(ENTRIES) > 400
    assert any(e.msgid == "required" and e.msgstr == {0: "必須です"} for e in ENTRIES)


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [e.msgid for e in ENTRIES if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.msgid for e in ENTRIES if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_every_translation_keeps_the_placeholders_of_its_text():
    wrong = [
        e.msgid
        for e in ENTRIES
        for text in e.msgstr.values()
        if set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural))
        != set(PLACEHOLDER.findall(text))
    ]
    assert wrong == []


def test_the_compiled_catalog_matches_the_po_file():
    # the .mo is committed: a .po edited without compilemessages would ship stale Japanese
    stale = []
    with translation.override("ja"):
        for e in ENTRIES:
            if e.msgid_plural or e.context:
                continue
            if gettext(e.msgid) != e.msgstr[0]:
                stale.append(e.msgid)
    assert stale == []


@pytest.mark.parametrize("module", sorted(error_modules()))
def test_every_domain_error_text_has_a_japanese_translation(module):
    # every detail and reason a service can raise must reach a Japanese user in Japanese
    catalog = {e.msgid for e in ENTRIES}
    missing = sorted(marked_texts(error_modules()[module]) - catalog)
    assert missing == []


def test_the_error_modules_are_found():
    modules = error_modules()
    assert {
        "core/errors.py",
        "tenancy/services.py",
        "catalogue/uploads.py",
        "competencies/case/reading.py",
    } <= set(modules)
    assert not any(name.startswith(("lrs/", "cmi5/")) for name in modules)
